// The script of web.html: instantiates the module with no imports, calls its exports and posts
// what the page then holds (list items, canvas pixels, console output) to `?report=`.
import { instantiate } from "../../crates/wasm/js/wasmrust.mjs";

const query = new URLSearchParams(location.search);
const result = {};
try {
  const { exports: e } = await instantiate(fetch(query.get("wasm")), { codegen: query.get("codegen") !== "0" });
  result.count = e.build_list("list", "one,two,three");
  result.items = [...document.querySelectorAll("#list li")].map((li) => [li.textContent, li.getAttribute("data-item")]);
  result.missing = e.build_list("nowhere", "x");
  result.first = e.text_of("li");
  result.removed = e.remove("li");
  result.left = document.querySelectorAll("#list li").length;
  const logs = [], log = console.log;
  console.log = (...a) => logs.push(a.join(" "));
  try {
    result.size = e.draw("stage", "art", 40);
  } finally {
    console.log = log;
  }
  result.logs = logs;
  const canvas = document.getElementById("art");
  result.inStage = canvas?.parentElement?.id ?? null;
  const ctx = canvas.getContext("2d");
  const px = (x, y) => [...ctx.getImageData(x, y, 1, 1).data];
  result.pixels = { cleared: px(0, 0), red: px(5, 30), line: px(20, 30), right: px(35, 30) };
  result.clocks = e.clocks_ok();
  try {
    const real = document.getElementById;
    document.getElementById = () => ({});
    try {
      e.build_list("list", "x");
    } finally {
      document.getElementById = real;
    }
  } catch (err) {
    result.wrongType = `${err.name}: ${err.message}`;
  }
} catch (err) {
  result.error = `${err}\n${err.stack}`;
}
await fetch(query.get("report"), { method: "POST", body: JSON.stringify(result) });
