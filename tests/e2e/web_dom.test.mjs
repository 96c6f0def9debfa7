// `wasm::web` in Node on a small fake DOM (fixture `web-dom`): every call reaches the right JS
// object with the right `this`, with no host functions passed. Run by tests/web.rs with
// WASM=<web_dom.wasm>, as is and with WASMRUST_CODEGEN=0. The same module runs on a real page in
// Chromium (tests/e2e/web.html).
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { instantiate } from "../../crates/wasm/js/wasmrust.mjs";

// Just enough DOM: classes named as in browsers, so the type tests (`instanceof`) hold.
class Element {
  constructor(tag) {
    Object.assign(this, { tagName: tag.toUpperCase(), children: [], attributes: new Map(), textContent: "", parent: null });
  }
  append(child) {
    assert.ok(this instanceof Element, "append called on the parent");
    child.parent = this;
    this.children.push(child);
  }
  remove() {
    const siblings = this.parent?.children;
    siblings?.splice(siblings.indexOf(this), 1);
    this.parent = null;
  }
  setAttribute(name, value) {
    this.attributes.set(name, String(value));
  }
  getAttribute(name) {
    return this.attributes.get(name) ?? null;
  }
}
class CanvasRenderingContext2D {
  constructor() {
    Object.assign(this, { calls: [], fillStyle: "#000000", strokeStyle: "#000000" });
  }
}
for (const m of ["fillRect", "clearRect", "beginPath", "moveTo", "lineTo", "stroke", "fillText"]) {
  CanvasRenderingContext2D.prototype[m] = function (...args) {
    this.calls.push([m, ...args, m.startsWith("fill") ? this.fillStyle : m === "stroke" ? this.strokeStyle : undefined].filter((x) => x !== undefined));
  };
}
class HTMLCanvasElement extends Element {
  width = 300;
  height = 150;
  context = null;
  getContext(kind) {
    return kind === "2d" ? (this.context ??= new CanvasRenderingContext2D()) : null;
  }
}
class Document {
  constructor() {
    this.body = new Element("body");
  }
  createElement(tag) {
    assert.ok(this instanceof Document, "createElement called on document");
    return tag === "canvas" ? new HTMLCanvasElement(tag) : new Element(tag);
  }
  *all(e = this.body) {
    yield e;
    for (const c of e.children) yield* this.all(c);
  }
  getElementById(id) {
    return [...this.all()].find((e) => e.getAttribute("id") === id) ?? null;
  }
  querySelector(sel) {
    // `#id`, or a tag name
    return [...this.all()].find((e) => (sel[0] === "#" ? e.getAttribute("id") === sel.slice(1) : e.tagName === sel.toUpperCase())) ?? null;
  }
}
Object.assign(globalThis, { Element, HTMLCanvasElement, CanvasRenderingContext2D, Document, document: new Document() });
const list = document.createElement("ul");
list.setAttribute("id", "list");
document.body.append(list);

const codegen = process.env.WASMRUST_CODEGEN !== "0";
const { exports: e, module } = await instantiate(await readFile(process.env.WASM), { codegen });

test("no host functions are passed: every import is a binding", () => {
  const modules = new Set(WebAssembly.Module.imports(module).map((i) => i.module));
  assert.ok(modules.has("__wasmrust_js"));
  assert.deepEqual([...modules].filter((m) => m !== "__wasmrust" && m !== "__wasmrust_js"), []);
});

test("document and element basics", () => {
  assert.equal(e.build_list("list", "a,b,c"), 3);
  assert.deepEqual(list.children.map((c) => [c.tagName, c.textContent, c.getAttribute("data-item")]), [["LI", "a", "a"], ["LI", "b", "b"], ["LI", "c", "c"]]);
  assert.equal(e.build_list("nowhere", "x"), 0xffffffff, "getElementById's null is None");
  assert.equal(e.text_of("li"), "a");
  assert.equal(e.text_of("table"), null);
  assert.equal(e.remove("li"), true);
  assert.equal(list.children.length, 2);
  assert.equal(e.remove("table"), false);
});

test("canvas 2D", () => {
  const seen = [], log = console.log;
  console.log = (...a) => seen.push(a);
  let answer;
  try {
    answer = e.draw("list", "art", 40);
  } finally {
    console.log = log;
  }
  assert.equal(answer, 40 * 10000 + 40);
  const canvas = document.getElementById("art");
  assert.ok(canvas instanceof HTMLCanvasElement && canvas.parent === list);
  assert.deepEqual(canvas.context.calls, [
    ["fillRect", 0, 0, 20, 40, "#ff0000"],
    ["clearRect", 0, 0, 1, 1],
    ["beginPath"],
    ["moveTo", 20, 0],
    ["lineTo", 20, 40],
    ["stroke", "#0000ff"],
    ["fillText", "wasm", 2, 10, "#ff0000"],
  ]);
  assert.deepEqual(seen, [["drew art"]]);
});

test("Math.random and performance.now", () => {
  assert.equal(e.clocks_ok(), true);
});

test("a host value of the wrong class is a TypeError naming the binding", () => {
  const real = document.getElementById;
  document.getElementById = () => ({ not: "an element" });
  try {
    assert.throws(() => e.build_list("list", "x"), /^TypeError: document\.getElementById: result \(Option<ExternRef<Element>>\) must be an instance of Element, got object Object$/);
  } finally {
    document.getElementById = real;
  }
});
