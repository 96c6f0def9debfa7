// Runs a page of this repository in a headless browser and prints the JSON result it reports.
//
//   node tests/e2e/browser.mjs 'examples/canvas/index.html?n=4'   # prints the page's report
//   BROWSER=firefox node tests/e2e/browser.mjs '...'              # the same in Firefox ESR
//   node tests/e2e/browser.mjs --serve                           # serves the repository only
//
// The repository root is served on 127.0.0.1 (`.mjs` as JavaScript, `.wasm` as
// application/wasm, so modules load as they would from any static server, with no bundler).
// The page gets `report=/__report` added to its query and POSTs its result there. Both browsers
// are Debian's packages, which `.ci/setup` installs, started on the page's URL with a fresh
// profile (no WebDriver is needed: the page reports by itself). `$BROWSER` is `chromium` (the
// default: $CHROMIUM, else /usr/bin/chromium) or `firefox` ($FIREFOX, else /usr/bin/firefox-esr).
import http from "node:http";
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const TYPES = { ".html": "text/html", ".mjs": "text/javascript", ".js": "text/javascript", ".wasm": "application/wasm", ".json": "application/json" };
const TIMEOUT_MS = 60_000;

// Flags and settings for a sandboxed machine without network: no first-run UI, no updates, no
// background connections.
const FIREFOX_PREFS = {
  "browser.shell.checkDefaultBrowser": false,
  "browser.startup.homepage_override.mstone": "ignore",
  "browser.aboutwelcome.enabled": false,
  "datareporting.policy.dataSubmissionEnabled": false,
  "datareporting.healthreport.uploadEnabled": false,
  "toolkit.telemetry.reportingpolicy.firstRun": false,
  "app.update.disabledForTesting": true,
  "app.normandy.enabled": false,
  "browser.safebrowsing.malware.enabled": false,
  "browser.safebrowsing.phishing.enabled": false,
  "browser.safebrowsing.downloads.enabled": false,
  "extensions.update.enabled": false,
  "extensions.getAddons.cache.enabled": false,
  "network.captive-portal-service.enabled": false,
  "network.connectivity-service.enabled": false,
  "browser.newtabpage.enabled": false,
  "browser.region.network.url": "",
  "toolkit.startup.max_resumed_crashes": -1,
};
const BROWSERS = {
  chromium: {
    name: "Chromium", env: "CHROMIUM", path: "/usr/bin/chromium", package: "chromium",
    args: (profile, url) => [
      "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
      "--disable-quic", "--disable-background-networking", "--disable-component-update", "--disable-sync",
      `--user-data-dir=${profile}`, url,
    ],
  },
  firefox: {
    name: "Firefox", env: "FIREFOX", path: "/usr/bin/firefox-esr", package: "firefox-esr",
    args: (profile, url) => {
      const prefs = Object.entries(FIREFOX_PREFS).map(([k, v]) => `user_pref(${JSON.stringify(k)}, ${JSON.stringify(v)});`);
      writeFileSync(path.join(profile, "user.js"), prefs.join("\n") + "\n");
      return ["--headless", "--no-remote", "--profile", profile, url];
    },
    // Firefox refuses a root user's session only with a display; headless needs none.
    environment: { MOZ_HEADLESS: "1", MOZ_CRASHREPORTER_DISABLE: "1" },
  },
};

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
  const which = process.env.BROWSER ?? "chromium";
  const browserKind = BROWSERS[which];
  if (!browserKind) {
    console.error(`error: unknown BROWSER=${which}; use one of ${Object.keys(BROWSERS).join(", ")}`);
    process.exit(2);
  }
  const exe = process.env[browserKind.env] ?? browserKind.path;
  if (!existsSync(exe)) {
    console.error(`error: no ${browserKind.name} at ${exe}: install Debian's package \`${browserKind.package}\` (.ci/setup does) or set ${browserKind.env}`);
    process.exit(2);
  }
  const url = new URL(page, `${origin}/`);
  url.searchParams.set("report", "/__report");
  const profile = mkdtempSync(path.join(tmpdir(), `wasmrust-${which}-`));
  const browser = spawn(exe, browserKind.args(profile, url.href), {
    stdio: ["ignore", "ignore", "pipe"],
    detached: true, // its own process group: killed whole
    env: { ...process.env, ...browserKind.environment },
  });
  let log = "";
  browser.stderr.on("data", (d) => (log += d));
  const timeout = new Promise((_, reject) => setTimeout(() => reject(new Error(`no report from ${url.href} within ${TIMEOUT_MS / 1000} s`)), TIMEOUT_MS));
  const exited = new Promise((_, reject) => browser.on("exit", (code) => reject(new Error(`${browserKind.name} exited (${code}) before the page reported`))));
  let status = 0;
  try {
    const result = JSON.parse(await Promise.race([report, timeout, exited]));
    console.log(JSON.stringify(result));
    if (result.error) status = 1;
  } catch (e) {
    console.error(`error: ${e.message}\n--- ${browserKind.name}'s log\n${log}`);
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
