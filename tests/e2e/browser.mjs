// Runs a page of this repository in headless Chromium and prints the JSON result it reports.
//
//   node tests/e2e/browser.mjs 'examples/canvas/index.html?n=4'   # prints the page's report
//   node tests/e2e/browser.mjs --serve                           # serves the repository only
//
// The repository root is served on 127.0.0.1 (`.mjs` as JavaScript, `.wasm` as
// application/wasm, so modules load as they would from any static server, with no bundler).
// The page gets `report=/__report` added to its query and POSTs its result there. Chromium:
// $CHROMIUM, else /usr/bin/chromium (Debian's package `chromium`; `.ci/setup` installs it).
import http from "node:http";
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const TYPES = { ".html": "text/html", ".mjs": "text/javascript", ".js": "text/javascript", ".wasm": "application/wasm", ".json": "application/json" };
const TIMEOUT_MS = 60_000;

let reported;
const report = new Promise((resolve) => (reported = resolve));
const server = http.createServer(async (req, res) => {
  const url = new URL(req.url, "http://localhost");
  if (req.method === "POST" && url.pathname === "/__report") {
    let body = "";
    for await (const chunk of req) body += chunk;
    res.end();
    return reported(body);
  }
  const file = path.join(root, decodeURIComponent(url.pathname));
  if (!file.startsWith(root + path.sep)) return res.writeHead(403).end();
  try {
    const data = await readFile(file);
    res.writeHead(200, { "Content-Type": TYPES[path.extname(file)] ?? "application/octet-stream" }).end(data);
  } catch {
    res.writeHead(404).end();
  }
});
await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
const origin = `http://127.0.0.1:${server.address().port}`;

const [page] = process.argv.slice(2);
if (!page || page === "--serve") {
  console.log(`serving ${root} at ${origin}/ (e.g. ${origin}/examples/canvas/index.html)`);
} else {
  const chromium = process.env.CHROMIUM ?? "/usr/bin/chromium";
  if (!existsSync(chromium)) {
    console.error(`error: no Chromium at ${chromium}: install Debian's package \`chromium\` (.ci/setup does) or set CHROMIUM`);
    process.exit(2);
  }
  const url = new URL(page, `${origin}/`);
  url.searchParams.set("report", "/__report");
  const profile = mkdtempSync(path.join(tmpdir(), "wasmrust-chromium-"));
  // Flags for a sandboxed machine without network: no first-run UI, no background connections.
  const browser = spawn(chromium, [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
    "--disable-quic", "--disable-background-networking", "--disable-component-update", "--disable-sync",
    `--user-data-dir=${profile}`, url.href,
  ], { stdio: ["ignore", "ignore", "pipe"], detached: true }); // its own process group: killed whole
  let log = "";
  browser.stderr.on("data", (d) => (log += d));
  const timeout = new Promise((_, reject) => setTimeout(() => reject(new Error(`no report from ${url.href} within ${TIMEOUT_MS / 1000} s`)), TIMEOUT_MS));
  const exited = new Promise((_, reject) => browser.on("exit", (code) => reject(new Error(`Chromium exited (${code}) before the page reported`))));
  let status = 0;
  try {
    const result = JSON.parse(await Promise.race([report, timeout, exited]));
    console.log(JSON.stringify(result));
    if (result.error) status = 1;
  } catch (e) {
    console.error(`error: ${e.message}\n--- Chromium's log\n${log}`);
    status = 1;
  }
  const gone = new Promise((resolve) => (browser.exitCode !== null ? resolve() : browser.on("exit", resolve)));
  try {
    process.kill(-browser.pid, "SIGKILL");
  } catch {} // already gone
  await gone;
  server.close();
  // Helpers of the killed browser may still be closing files in the profile for a moment.
  rmSync(profile, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 });
  process.exit(status);
}
