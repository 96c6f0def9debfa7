// shake.mjs: keeps the top-level declarations of one runtime file that given roots reach, for
// emit.mjs (ahead-of-time glue holds only what its module uses), and puts the kept parts in one
// scope with the runtime members only `link` uses as its variables (what a minifier can shorten).
// Works on the files of this folder as they are written: a top-level statement starts at column
// 0, and comments that start lines of their own are comments. Not a general JS parser.

const START = /^(export\s+)?(async\s+)?(function\*?|class|const|let|var)\s+/;
const WORD = /[A-Za-z_$][\w$]*/g;

/** The statements of `source`: `{ names, text, exported, imports }`. */
export function statements(source) {
  const out = [];
  let cur = null, inComment = false;
  for (const line of source.split("\n")) {
    // Comments on lines of their own go (documentation: terser drops them anyway).
    if (inComment || /^\s*\/\*/.test(line)) {
      inComment = !line.includes("*/");
      continue;
    }
    if (/^\s*\/\//.test(line)) continue;
    const top = line.length > 0 && !/^[\s})\]]/.test(line);
    if (top) out.push((cur = { text: line }));
    else if (cur) cur.text += "\n" + line;
  }
  for (const s of out) {
    const imp = /^import\s*\{([^}]*)\}\s*from\s*"\.\/([\w.]+)"/.exec(s.text);
    if (imp) {
      Object.assign(s, { names: imp[1].split(",").map((n) => n.trim()).filter(Boolean), from: imp[2], exported: false });
      continue;
    }
    s.exported = /^export\s/.test(s.text);
    s.text = s.text.replace(/^export\s+/, "");
    const m = START.exec(s.text);
    if (!m) s.names = [s.text.match(WORD)[0]]; // `NAMES[STR] = ...`: belongs to NAMES
    else if (/function|class/.test(m[3])) s.names = [s.text.slice(m[0].length).match(WORD)[0]];
    else s.names = declared(s.text.slice(m[0].length));
  }
  return out;
}

/** Names a `const a = .., b = ..` list declares: identifiers before `=` at bracket depth 0. */
function declared(list) {
  const names = [];
  let depth = 0, expectName = true;
  for (let i = 0; i < list.length; i++) {
    const c = list[i];
    if (c === '"' || c === "'" || c === "`") {
      for (i++; i < list.length && list[i] !== c; i++) if (list[i] === "\\") i++;
    } else if ("([{".includes(c)) depth++;
    else if (")]}".includes(c)) depth--;
    else if (depth === 0 && c === ",") expectName = true;
    else if (depth === 0 && c === ";") break;
    else if (expectName && /[A-Za-z_$]/.test(c)) {
      const name = list.slice(i).match(/^[\w$]+/)[0];
      names.push(name);
      i += name.length - 1;
      expectName = false;
    }
  }
  return names;
}

/** Identifiers a statement uses (not as a property: neither `x.name` nor `{ name: x }` uses `name`). */
function uses(text) {
  const out = new Set();
  text = text.replace(/\s\/\/[^"'\n]*$/gm, ""); // a trailing comment names no code
  for (const m of text.matchAll(WORD)) {
    const end = m.index + m[0].length, key = text[end] === ":" && !text.slice(0, m.index).endsWith("case ");
    if (text[m.index - 1] !== "." && !key) out.add(m[0]);
  }
  return out;
}

/**
 * The statements of `source` that `roots` (names) reach, in source order, and the imports they
 * need (`{ from: [names] }`). `all: true` keeps every exported name but those in `except` as a root too.
 */
export function shake(source, roots, { all = false, except = [] } = {}) {
  const list = statements(source), byName = new Map();
  for (const s of list) for (const n of s.names) if (!byName.has(n)) byName.set(n, s);
  const keep = new Set(), todo = [...roots, ...(all ? list.filter((s) => s.exported).flatMap((s) => s.names).filter((n) => !except.includes(n)) : [])];
  while (todo.length) {
    const s = byName.get(todo.pop());
    if (!s || keep.has(s)) continue;
    keep.add(s);
    if (!s.from) todo.push(...uses(s.text));
    // A later statement assigning into a kept name (`NAMES[STR] = ...`) comes along.
    for (const t of list) if (!START.test(t.text) && !t.from && t.names.some((n) => s.names.includes(n))) keep.add(t);
  }
  const kept = list.filter((s) => keep.has(s));
  const imports = {};
  for (const s of kept) if (s.from) (imports[s.from] ??= []).push(...s.names.filter((n) => [...keep].some((k) => !k.from && uses(k.text).has(n))));
  const code = kept.filter((s) => !s.from);
  return { text: code.map((s) => s.text).join("\n"), imports, names: code.flatMap((s) => s.names), exported: list.filter((s) => s.exported).flatMap((s) => s.names).filter((n) => !except.includes(n)) };
}

// ---- Inside a part's `setup(rt)`: the runtime members nothing uses.

/** End (index after) of the bracketed text opening at `open`, skipping strings. */
function closing(text, open) {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    const c = text[i];
    if (c === "/" && text[i + 1] === "/") i = text.indexOf("\n", i);
    else if (c === '"' || c === "'" || c === "`") {
      for (i++; i < text.length && text[i] !== c; i++) if (text[i] === "\\") i++;
    } else if ("([{".includes(c)) depth++;
    else if (")]}".includes(c) && --depth === 0) return i + 1;
  }
  return text.length;
}

/** The members of the object literal at `open`: `{ name, start, end }` (end after its comma). */
function members(text, open) {
  const out = [], end = closing(text, open) - 1;
  let i = open + 1;
  while (i < end) {
    while (i < end && (/[\s,]/.test(text[i]) || text.startsWith("//", i))) i = text.startsWith("//", i) ? text.indexOf("\n", i) : i + 1;
    if (i >= end) break;
    const start = i, name = text.slice(i).match(/^(?:async\s+)?([\w$]+)/)?.[1];
    let depth = 0;
    for (; i < end; i++) {
      const c = text[i];
      if (c === "/" && text[i + 1] === "/") i = text.indexOf("\n", i);
      else if (c === '"' || c === "'" || c === "`") {
        for (i++; i < end && text[i] !== c; i++) if (text[i] === "\\") i++;
      } else if ("([{".includes(c)) depth++;
      else if (")]}".includes(c)) depth--;
      else if (c === "," && depth === 0) break;
    }
    out.push({ name, start, end: i < end ? i + 1 : i });
  }
  return out;
}

/** Runtime members a text uses: `rt.name`, `rt.imports.name` / `rt.imports["name"]`, `{ a, b } = rt`. */
export function runtimeUses(text) {
  const used = new Set(), read = /(?! (?:\?\?)?= [^=])/.source; // an assignment (`=`, `??=`) defines, it does not use
  for (const m of text.matchAll(new RegExp(/\brt\.imports(?:\.([\w$]+)|\["([\w$]+)"\])/.source + read, "g"))) used.add("imports." + (m[1] ?? m[2]));
  for (const m of text.matchAll(new RegExp(/\brt\.([\w$]+)\b/.source + read, "g"))) used.add(m[1]);
  for (const m of text.matchAll(/\{([\w$,\s]+)\}\s*=\s*rt\b/g)) for (const n of m[1].split(",")) used.add(n.trim());
  return used;
}

/**
 * `text` without the runtime members `isUsed(name)` refuses (`imports.x` for rt.imports): members
 * of `Object.assign(rt, {...})` / `Object.assign(rt.imports, {...})` / `const rt = {...}`, and statements
 * `rt.x = ...;` / `rt.x ??= ...;` / `rt.imports.x = ...;` at the top of a function body (two spaces in).
 */
export function pruneMembers(text, isUsed) {
  const cuts = [];
  for (const m of text.matchAll(/(?:Object\.assign\(rt(\.imports)?, |\bconst rt = )\{/g)) {
    const prefix = m[1] ? "imports." : "";
    for (const member of members(text, m.index + m[0].length - 1)) if (member.name && !isUsed(prefix + member.name)) cuts.push([member.start, member.end]);
  }
  for (const m of text.matchAll(/^ {2}rt\.(imports\.)?([\w$]+) (?:\?\?)?= /gm)) {
    if (isUsed((m[1] ?? "") + m[2])) continue;
    const semi = /;[^\n]*$/m;
    // The statement ends at the first line at its indentation that ends with `;` (or its own).
    const lines = text.slice(m.index).split("\n");
    let n = 0;
    while (n < lines.length && !(semi.test(lines[n]) && (n === 0 || /^ {2}\S/.test(lines[n])))) n++;
    cuts.push([m.index, m.index + lines.slice(0, n + 1).join("\n").length]);
  }
  cuts.sort((a, b) => b[0] - a[0]);
  for (const [a, b] of cuts) text = text.slice(0, a) + text.slice(b);
  return text;
}

/** Whether `text` still sets a runtime member (what pruneMembers cuts): else its `setup` does nothing. */
export function setsRuntime(text) {
  for (const m of text.matchAll(/Object\.assign\(rt(\.imports)?, \{/g)) if (members(text, m.index + m[0].length - 1).some((x) => x.name)) return true;
  return /^ {2}rt\.[\w$.]+ = /m.test(text);
}

// ---- Parts in one scope: emit.mjs writes the kept text of each part at the top level of its
// file (minifiers shorten top-level names, not the properties of an object per part).

const IDENT = /[A-Za-z_$]/, WORDCHAR = /[\w$]/;

/**
 * `text` with the identifiers `map` names (name -> new name) renamed: in code, not as a property
 * (`x.name`), an object key (`{ name: x }`, `{ name() {} }`), in strings or comments; a shorthand
 * property keeps its key (`{ name }`: `{ name: renamed }`), and a class keeps its members'
 * names. For the files of this folder.
 */
export function renamed(text, map) {
  const stack = []; // open brackets: "(", "[", "{" (object), "b" (block), "c" (class body), "`" (template text), "${"
  let out = "", i = 0, prev = "", word = "", body = false; // the last character of code before `i`, its word; a class's body next
  const skip = (end) => ((out += text.slice(i, end)), (i = end));
  const back = (j) => { while (j >= 0 && /\s/.test(text[j])) j--; return j; };
  while (i < text.length) {
    const c = text[i];
    if (stack.at(-1) === "`") {
      if (c === "\\") skip(i + 2);
      else if (c === "`" || (c === "$" && text[i + 1] === "{")) {
        if (c === "`") stack.pop();
        else stack.push("${");
        skip(c === "`" ? i + 1 : i + 2), (prev = c === "`" ? "x" : "{"), (word = "");
      } else skip(i + 1);
      continue;
    }
    if (c === "/" && (text[i + 1] === "/" || text[i + 1] === "*")) skip(text[i + 1] === "/" ? (text.indexOf("\n", i) + 1 || text.length) : text.indexOf("*/", i) + 2);
    else if (c === '"' || c === "'" || (c === "/" && (!/[\w$)\]]/.test(prev) || /^(return|typeof|case)$/.test(word)))) {
      // A string, or a regular expression where a value starts.
      let j = i + 1;
      for (let inClass = false; j < text.length && (text[j] !== c || inClass); j++) {
        if (text[j] === "\\") j++;
        else if (c === "/") inClass = text[j] === "[" || (inClass && text[j] !== "]");
      }
      for (j++; c === "/" && /[a-z]/.test(text[j] ?? ""); j++);
      skip(j), (prev = "x"), (word = "");
    } else if (c === "`") stack.push("`"), skip(i + 1);
    else if ("([{".includes(c)) {
      const object = "=(,:?[!&|{".includes(prev) && prev !== "" || /^(return|const|let|var)$/.test(word);
      stack.push(c === "{" && body ? "c" : c === "{" && !object ? "b" : c);
      if (c === "{") body = false;
      skip(i + 1), (prev = c), (word = "");
    } else if (")]}".includes(c)) stack.pop(), skip(i + 1), (prev = c), (word = "");
    else if (IDENT.test(c) && !WORDCHAR.test(text[i - 1] ?? "")) {
      const w = text.slice(i).match(/^[\w$]+/)[0], p = back(i - 1), property = text[p] === "." && text[p - 1] !== ".";
      let k = i + w.length;
      while (/\s/.test(text[k] ?? "")) k++;
      const top = stack.at(-1), modifier = /^(get|set|async|static)$/.test(word), next = text[k];
      const inObject = top === "{" && (prev === "{" || prev === ","), member = top === "c" && ("{};".includes(prev) || modifier);
      body ||= w === "class";
      if (!map.has(w) || property || (inObject && (next === ":" || next === "(")) || (top === "{" && modifier && next === "(") || (member && "(=;".includes(next))) out += w;
      else out += inObject && (next === "," || next === "}") ? `${w}: ${map.get(w)}` : map.get(w);
      (i += w.length), (prev = w.at(-1)), (word = w);
    } else {
      if (!/\s/.test(c)) (prev = c), (word = WORDCHAR.test(c) ? word + c : "");
      skip(i + 1);
    }
  }
  return out;
}

/** Identifiers in `text` (over-counted: words of strings too). */
export const identifiers = (text) => new Set(text.match(/(?<![\w$.])[A-Za-z_$][\w$]*/g) ?? []);

/**
 * Parts (`[{ n, text }]`, each taking names of another by lines `const { a,b } = $dep;`) as code
 * of one scope: a top-level name that more than one declares, or in `taken` (the rest of the
 * file's identifiers), becomes `n_name` in its part. Returns the texts, and `name(n, x)`: what
 * part `n`'s `x` is called in them.
 */
export function oneScope(parts, taken) {
  const IMPORT = /^const \{ ([\w$,]+) \} = \$(\w+);\n?/gm;
  const declared = new Map(parts.map((s) => [s.n, statements(s.text.replace(IMPORT, "")).flatMap((x) => x.names)]));
  const count = new Map();
  for (const names of declared.values()) for (const x of new Set(names)) count.set(x, (count.get(x) ?? 0) + 1);
  const all = new Set([...taken, ...parts.flatMap((s) => [...identifiers(s.text)])]), final = new Map();
  for (const s of parts) {
    const m = new Map();
    for (const x of declared.get(s.n)) {
      if (count.get(x) < 2 && !taken.has(x)) continue;
      let y = `${s.n}_${x}`;
      while (all.has(y)) y += "_";
      all.add(y), m.set(x, y);
    }
    final.set(s.n, m);
  }
  const name = (n, x) => final.get(n).get(x) ?? x;
  const texts = parts.map((s) => {
    const m = new Map(final.get(s.n));
    const text = s.text.replace(IMPORT, (_, names, dep) => (names.split(",").forEach((x) => name(dep, x) !== x && m.set(x, name(dep, x))), ""));
    return renamed(text, m);
  });
  return { texts, name };
}

// ---- Runtime members as variables of the emitted file's `link`.

/** `text` at depth 0 of its brackets only (what nested functions and literals hold, left out). */
const shallow = (text) => {
  let out = "", depth = 0;
  for (const c of text) {
    if (")]}".includes(c)) depth--;
    if (depth === 0) out += c;
    if ("([{".includes(c)) depth++;
  }
  return out;
};

/**
 * `link` (the emitted file's `link` function) with each part setup it calls once (`gen_setup(rt);`)
 * written in place as a block, then the runtime members that only `link` sets and reads (in none
 * of `texts`, the file's other code) as its variables: `rt.str` becomes `rt_str`, which a minifier
 * shortens where it keeps a property's name. Returns `{ texts, link }`.
 */
export function localized(texts, link) {
  texts = [...texts];
  for (const [i, text] of texts.entries()) {
    for (const m of [...text.matchAll(/^function ([\w$]+)\(rt(, options)?\) \{$/gm)].reverse()) {
      const call = new RegExp(`^${m[1].replace("$", "\\$")}\\(rt${m[2] ?? ""}\\);$`, "m"), end = closing(text, m.index + m[0].length - 1);
      const uses = [...texts, link].join("\n").match(new RegExp(`(?<![\\w$.])${m[1].replace("$", "\\$")}(?![\\w$])`, "g")).length;
      const body = text.slice(m.index + m[0].length, end - 1);
      if (uses !== 2 || !call.test(link) || /\b(return|this|arguments)\b/.test(shallow(body))) continue;
      texts[i] = texts[i].slice(0, m.index) + texts[i].slice(end);
      link = link.replace(call, () => `{${SETUP}${body}}`);
    }
  }
  const others = texts.join("\n"), unmarked = { texts, link: link.replaceAll(SETUP, "") };
  if (/\brt\[[^\]\n]*\](?! = )/.test(others + link)) return unmarked; // a member read by a name made when the code runs
  const outside = runtimeUses(others);
  const local = new Map(); // member -> its variable
  const free = (n) => !outside.has(n) && !new RegExp(`\\brt\\.${n.replace("$", "\\$")}\\b`).test(others);
  for (const m of link.matchAll(/\brt\.([\w$]+) (?:\?\?)?= /g)) if (free(m[1])) local.set(m[1], null);
  // Members the runtime object starts with (`runtime`'s `{ imports: {} }`), where the value is a constant.
  const initial = new Map(), literal = /\bconst rt = \{/.exec(texts[0]);
  for (const x of literal ? members(texts[0], literal.index + literal[0].length - 1) : []) {
    const value = /^[\w$]+:\s*(\{\}|\[\]|null|-?\d+|true|false),?\s*$/.exec(texts[0].slice(x.start, x.end))?.[1];
    if (value && free(x.name) && new RegExp(`\\brt\\.${x.name}\\b`).test(link)) local.set(x.name, null), initial.set(x.name, value);
  }
  const assigns = [...link.matchAll(/Object\.assign\(rt, \{/g)].map((m) => m.index + m[0].length - 1);
  for (const open of assigns) for (const x of members(link, open)) if (x.name && free(x.name) && !/\bthis\b/.test(link.slice(x.start, x.end))) local.set(x.name, null);
  for (const m of link.matchAll(/\{([\w$,\s]+)\}\s*=\s*rt\b/g)) for (const n of m[1].split(",")) local.delete(n.trim()); // destructured
  if (local.size === 0) return unmarked;
  const taken = identifiers(others + link);
  for (const n of local.keys()) {
    let v = `rt_${n}`;
    while (taken.has(v)) v += "_";
    local.set(n, v), taken.add(v);
  }
  // Members of `Object.assign(rt, {...})`: assigned to their variables after it.
  for (const open of assigns.reverse()) {
    const close = closing(link, open), list = members(link, open).filter((x) => local.has(x.name));
    const after = link.indexOf(";", close) + 1, sets = list.map((x) => {
      const t = link.slice(x.start, x.end).replace(/,\s*$/, ""), method = /^(async\s+)?([\w$]+)\s*\(/.exec(t);
      const value = method ? `${method[1] ?? ""}function ${t.slice(method[0].length - 1)}` : t.includes(":") && /^[\w$]+\s*:/.test(t) ? t.slice(t.indexOf(":") + 1).trim() : t;
      return `\n${local.get(x.name)} = ${value};`;
    });
    link = link.slice(0, after) + sets.join("") + link.slice(after);
    for (const x of list.reverse()) link = link.slice(0, x.start) + link.slice(x.end);
  }
  for (const open of [...link.matchAll(/Object\.assign\(rt, \{/g)].map((m) => m.index).reverse()) {
    const close = closing(link, open + "Object.assign(rt, ".length);
    if (!members(link, open + "Object.assign(rt, ".length).some((x) => x.name)) link = link.slice(0, open) + link.slice(link.indexOf(";", close) + 1);
  }
  // The runtime object no longer has them (`runtime`'s `{ ab: null, ... }`).
  texts = texts.map((t) => pruneMembers(t, (n) => !local.has(n)));
  for (const [n, v] of local) link = link.replace(new RegExp(`\\brt\\.${n.replace("$", "\\$")}(?![\\w$])`, "g"), v);
  // A `null` the code never compares with (`?.`, `!`, `??` take `undefined` alike) is left out where `link` sets the variable.
  for (const [n, v] of local) if (initial.get(n) === "null" && new RegExp(`\\b${v} = `).test(link) && !new RegExp(`\\b${v}\\b[^\\n]*[!=]==? null`).test(link)) initial.delete(n);
  link = link.replace(/^const rt = .*$/m, (line) => `${line}\nlet ${[...local].map(([n, v]) => (initial.has(n) ? `${v} = ${initial.get(n)}` : v))};`);
  // A name the file gives a member that is now a variable (`const $str = rt_str`) is that variable.
  const same = new Map(), ALIAS = /(^const |,\n {2})([\w$]+) = (rt_[\w$]+)(,\n {2}|;)/m;
  for (let m; (m = ALIAS.exec(link)) && [...local.values()].includes(m[3]); ) {
    same.set(m[2], m[3]);
    link = link.slice(0, m.index) + (m[4] === ";" ? (m[1] === "const " ? "" : ";") : m[1]) + link.slice(m.index + m[0].length);
  }
  return { texts, link: flattened(renamed(link, same), others) };
}

const SETUP = "/* setup */";

/**
 * `link` with each setup written in it (`{/* setup *\/ ..}`) out of its block where the names it
 * declares are used nowhere else (in `link` or `others`), and its variables assigned once, at its
 * top level, declared there as constants: a minifier then inlines what it can.
 */
function flattened(link, others) {
  for (let at; (at = link.indexOf("{" + SETUP)) >= 0; ) {
    const end = closing(link, at), body = link.slice(at + 1 + SETUP.length, end - 1), top = shallow(body);
    const names = [...top.matchAll(/^\s*(?:let|const|var|class|(?:async )?function\*?) (.*)$/gm)].flatMap((m) => declared(m[1]));
    const rest = others + link.slice(0, at) + link.slice(end);
    if (names.some((n) => identifiers(rest).has(n))) {
      link = link.slice(0, at + 1) + body + link.slice(end - 1);
      continue;
    }
    const once = (v) => link.match(new RegExp(`\\b${v.replace("$", "\\$")} (?:\\?\\?)?= `, "g")).length === 1;
    const sets = [...top.matchAll(/^(rt_[\w$]+) = /gm)].map((m) => m[1]).filter((v) => once(v) && new RegExp(`^let .*[ ,]${v.replace("$", "\\$")}[,;]`, "m").test(link));
    link = link.slice(0, at) + body.replace(/^(rt_[\w$]+)(?= = )/gm, (v) => (sets.includes(v) ? "const " + v : v)) + link.slice(end);
    link = link.replace(/^let (.*);$/m, (line, list) => `let ${list.split(",").filter((v) => !sets.includes(v))};`);
  }
  return link;
}

// ---- Texts of runtime files that emit.mjs specializes for a module that cannot meet what they handle.

/**
 * `text` with the rule group `group` (one of `PATCHES`) applied all or nothing. Each rule
 * `[find, to, times = 1]` must match exactly `times` times (a number, or a function of `text`:
 * where a pruned member took the rule's target away, 0), and after the group no text matching
 * its `gone` may be left (what the group removes, still used): else an Error naming the group and
 * the rule, as the runtime source changed under them. `times` null: any number of matches, each
 * one a whole rewrite on its own (generated source, `terse`).
 */
export function patched(text, group) {
  let out = text;
  group.rules.forEach(([find, to, times = 1], i) => {
    const re = typeof find === "string" ? new RegExp(find.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"), "g") : new RegExp(find.source, find.flags.replace("g", "") + "g");
    const expected = typeof times === "function" ? times(text) : times, n = out.match(re)?.length ?? 0;
    if (expected !== null && n !== expected) throw new Error(`rule ${i + 1} of ${group.what} (${find}) matched ${n} times, not ${expected}: the runtime source changed under shake.mjs's PATCHES; update the group`);
    out = out.replace(re, typeof find === "string" && typeof to === "string" ? () => to : to);
  });
  const left = group.gone && out.match(group.gone);
  if (left) throw new Error(`after ${group.what}, \`${left[0]}\` is still used: the runtime source changed under shake.mjs's PATCHES; update the group`);
  return out;
}

/** `times` of a rule whose target is in the text where `anchor` is (a member pruning may take it away). */
const where = (anchor) => (text) => (anchor.test(text) ? 1 : 0);

/**
 * The rule groups (`patched`), by runtime file (`file`: what the test of them applies each to).
 * A group is applied to that file's part only; emit.mjs and `unmet` say when. `what`: its name.
 */
export const PATCHES = {
  // classes.mjs `class_error`'s text for a handle in use by a call in progress (why 2): a module
  // whose calls are never nested (`unnested`) and whose only class parameters are receivers
  // cannot meet it (each call borrows one object, and the abandon hook ends an abandoned call's
  // borrows before the next), so its file goes without.
  IN_USE: { file: "classes.mjs", rules: [[/\n\s*: why === 2 \? `[^`\n]*`/, "", where(/\brt\.imports\.class_error = /)]] },
  // table.mjs `makeTypeTest`'s predicate tests (kind 3): a file whose types have none, for a module
  // that cannot ask for one when it runs (`__wasmrust.test` gives the kind then), goes without
  // (`predicateTest` and the built-in predicates then go as declarations nothing uses).
  NO_PREDICATES: {
    file: "table.mjs",
    rules: [["  return predicateTest(name, predicates);\n}", "  throw new TypeError(`wasmrust: no predicate ${name} in this glue file`);\n}", where(/^function makeTypeTest\(/m)]],
    gone: /\breturn predicateTest\(/,
  },
  // table.mjs `makeTypeTest`'s other kinds, each where the file's types have none of it (kind 0,
  // "any", is never asked for by the code written ahead of time: only `__wasmrust.test` gives it).
  NO_ANY_TEST: { file: "table.mjs", rules: [["  if (test.kind === 0) return () => true;\n", "", where(/^function makeTypeTest\(/m)]] },
  NO_TYPEOF_TEST: { file: "table.mjs", rules: [["  if (test.kind === 2) return (v) => typeof v === name;\n", "", where(/^function makeTypeTest\(/m)]] },
  NO_CLASS_TEST: { file: "table.mjs", rules: [[/^ {2}if \(test\.kind === 1\) \{\n[\s\S]*?^ {2}\}\n/m, "", where(/^function makeTypeTest\(/m)]] },
  // refs.mjs `typeTest`'s cache by kind and name, in a file written ahead of time: there each
  // test its code names is made once already (one alias per kind and name, emit.mjs), and the
  // tests the module asks for when it runs are cached by address (`byPtr`).
  NO_TEST_CACHE: {
    file: "refs.mjs",
    rules: [[/^ {2}rt\.typeTest = \(test\) => \{\n[\s\S]*?^ {2}\};\n/m, "  rt.typeTest = (test) => makeTypeTest(test, options.classes, options.predicates);\n", where(/^ {2}rt\.typeTest = /m)]],
    gone: /\btests\.(?:get|set)\(/,
  },
  // `RustError` through `rt.api` (the runtime path's parts are modules of their own): in a file
  // written ahead of time the parts share the core's scope, where the class is declared.
  RUST_ERROR_RUSTFN: { file: "rustfn.mjs", rules: [["  const { RustError } = rt.api;\n", "", where(/^function promises\(/m)]] },
  RUST_ERROR_MORE: { file: "more.mjs", rules: [["new rt.api.RustError(", "new RustError(", where(/^ {4}fail\(e\) \{/m)]] },
  // gen.mjs `str`: TextDecoder refuses a view of shared memory, so one is copied first; a file
  // whose module's memory is not shared decodes the view.
  UNSHARED: { file: "gen.mjs", rules: [["rt.memory.buffer instanceof ArrayBuffer ? a.subarray(p, p + len) : a.slice(p, p + len)", "a.subarray(p, p + len)", where(/^ {4}str: /m)]] },
  // gen.mjs `r32` where nothing else reads memory through a DataView (`rt.data`): the little-endian
  // bytes, so the file makes no DataView (the slots it reads are aligned or not, either way).
  NO_DATAVIEW: {
    file: "gen.mjs",
    rules: [
      ["let u8 = new Uint8Array(0), dv = new DataView(u8.buffer);", "let u8 = new Uint8Array(0);"],
      [/^ {2}const data = [^\n]*\n/m, ""],
      ["((u8 = new Uint8Array(rt.memory.buffer)), (dv = new DataView(u8.buffer)), u8)", "(u8 = new Uint8Array(rt.memory.buffer))", where(/^ {4}view: /m)],
      ["r32: (p) => data(p + 4).getInt32(p, true)", "r32: (p, a = rt.view(p + 4)) => a[p] | (a[p + 1] << 8) | (a[p + 2] << 16) | (a[p + 3] << 24)", where(/^ {4}r32: /m)],
    ],
    gone: /\b(?:dv|data)\b/,
  },
  // table.mjs `HandleTable` for a file whose code lends no references (no `T.push`, `T.pin`,
  // `T.popTo`): no borrow stack nor pins. A negative handle is still refused with the same texts
  // (`error`; an owned slot's stamp never equals a negative handle's bits 18..31), `take` and
  // `release` of one as before, and `stats()` says `borrowed: 0`.
  NO_BORROWS: {
    file: "table.mjs",
    rules: [
      [/\n {2}(?:push\(o\)|growBorrowed\(\)|pin\(h\)|popTo\(depth\)) \{\n[\s\S]*?\n {2}\}\n/, "\n", 4],
      [/ {4}this\.bobjs = [^\n]*\n {4}this\.bgens = [^\n]*\n {4}this\.depth = 0;\n {4}this\.pinned = [^\n]*\n/, ""],
      [/ {4}if \(h < 0\) \{\n {6}const i = h & BORROW_INDEX_MASK;\n[\s\S]*?\n {6}throw this\.error\(h\);\n {4}\}\n/, ""],
      [/ {6}if \(!this\.pinned\.has\(h\)\) (throw [^\n]*)\n[\s\S]*?\n {6}return o;\n/, "      $1\n"],
      ["(h |= 0) < 0 && !this.pinned.has(h) ?", "(h |= 0) < 0 ?"],
      ["live: this.live + this.pinned.size, length: this.objs.length, borrowed: this.depth", "live: this.live, length: this.objs.length, borrowed: 0"],
    ],
    gone: /\bthis\.(?:bobjs|bgens|depth|pinned)\b|\bgrowBorrowed\b/,
  },
  // rustfn.mjs `functions`' typed slot views (`rt.slotsInt32Array`, ...) cut to those the file's
  // closure makers read (`unmet`), the loop gone where none is read.
  SLOT_VIEWS: { file: "rustfn.mjs", rules: [[/\n {2}for \(const T of \[(Int32Array, BigInt64Array, Float32Array, Float64Array)\]\) \{\n[^\n]*\n[^\n]*rt\["slots" \+ T\.name\][^\n]*\n {2}\}/, ""]] },
  // gen.mjs's scratch area (`rt.SC`, set by `announce`) where nothing reads it: a file whose
  // strings and bytes go into wasm through the queue only (text.mjs `fits` and `claim` unused), with
  // no slices and no scoped text in closures (`$SC`). `scratchless` checks what is left.
  SCRATCH_TEXT: {
    file: "text.mjs",
    rules: [
      [/^ {2}const fits = [^\n]*\n {2}const claim = \(n\) => \{\n[\s\S]*?\n {2}\};\n/m, ""],
      [", { SC, announce } = rt;", ";"],
      // one in each of `take_str` and `take_bytes` the file keeps
      [/^ {6}announce\(scratch, size\);\n/m, "", (text) => text.match(/^ {4}take_(?:str|bytes)\(/gm)?.length ?? 0],
    ],
  },
  SCRATCH_GEN: {
    file: "gen.mjs",
    rules: [
      [/^ {2}const SC = \{ base: 0, size: 0, top: 0 \};\n/m, "", where(/\bconst SC\b/)],
      [/^ {4}SC,\n {4}announce\(scratch, size\) \{\n[^\n]*\n {4}\},\n/m, "", where(/^ {4}SC,$/m)],
    ],
    gone: /(?<![\w$.])(?:SC|announce)\b/,
  },
  // The guard out of line (wasmrust.mjs `rt.thrown`) where `rt.P` (the panic's message) is the identity.
  NO_PANICS: { file: "wasmrust.mjs", rules: [["return rt.P(e);", "return e;", where(/^ {2}rt\.thrown = /m)]] },
  // A closure maker's (rustfn.mjs `maker`) one function for scoped closures and the others, the
  // scoped check under `scoped &&` (as the runtime path without code generation has it).
  ONE_CLOSURE_FUNCTION: {
    file: "rustfn.mjs (its maker's generated source)",
    rules: [[/return scoped \? function rust_closure\(([^)]*)\) \{\nif \((H\.x === 1 && H\.n !== 0)\) (throw [^\n]*)\n([\s\S]*?)\n\} : function rust_closure\(\1\) \{\n\4\n\};/, "return function rust_closure($1) {\nif (scoped && $2) $3\n$4\n};", (text) => text.match(/\breturn scoped \? function rust_closure\(/g)?.length ?? 0]],
  },
};
for (const [what, group] of Object.entries(PATCHES)) group.what = what;

// ---- Generated source.

/** `lines` of generated source with each declaration of zeroed variables (gen.mjs `declare`) that the next line assigns,
 * all of them in order and nothing else, declared with those values instead (`let r0 = 0,r1 =
 * 0;` then `r0 = a; r1 = b;`: `let r0 = a,r1 = b;`): less text in emit.mjs's files, same code. */
export function initialized(lines) {
  const out = [];
  for (let i = 0; i < lines.length; i++) {
    const vars = /^let ((?:r\d+ = 0n?,?)+);$/.exec(lines[i])?.[1].split(",").map((v) => v.split(" = ")[0]);
    const sets = vars && i + 1 < lines.length ? [...lines[i + 1].matchAll(/(r\d+) = ([^;\n]+); ?/g)] : [];
    if (sets.length && sets.map((m) => m[0]).join("") === lines[i + 1] && sets.map((m) => m[1]).join() === vars.join()) {
      out.push(`let ${sets.map((m) => `${m[1]} = ${m[2]}`)};`);
      i++;
    } else out.push(lines[i]);
  }
  return out;
}

/** Generated source with less text, same behaviour: no `+ 0` to a slot address (gen.mjs `slots`, of
 * a result `c` or arguments `ap`), no result kept of a call whose function returns `undefined`
 * (wasmrust.mjs `guard`: `let c; try { c = raw(..); } ..`), each match a whole rewrite on its own,
 * and a closure maker's one function (`ONE_CLOSURE_FUNCTION`). */
const TERSE = {
  what: "terse",
  rules: [
    [/\((c|ap) \+ 0\)/, "($1)", null],
    [/\blet c; try \{ c = ([^;{}]+); \}( catch \(e\) \{[^{}]*\}) return undefined;/, "try { $1; }$2", null],
  ],
};
export const terse = (src) => patched(patched(src, TERSE), PATCHES.ONE_CLOSURE_FUNCTION);

/** values.mjs's codecs (`switch (t.c)`) without the cases for type codes none of the file's
 * descriptors has (`codes`): the module cannot meet them. A case is its `case` line (labels as
 * numbers or as the file's constants, `RECORD = 31`) to the next case or the switch's end. */
function casesFor(text, codes) {
  const named = Object.fromEntries([...text.matchAll(/\b([A-Z]+) = (\d+)\b/g)].map((m) => [m[1], +m[2]]));
  const lines = text.split("\n"), out = [];
  for (let i = 0; i < lines.length; ) {
    const labels = /^ {4}case /.test(lines[i]) && [...lines[i].matchAll(/case ([^:]+):/g)].map((m) => named[m[1]] ?? +m[1]);
    if (labels && (!labels.length || labels.some((c) => !Number.isInteger(c)))) throw new Error(`casesFor: a case label of values.mjs that is not a number nor one of its constants (${lines[i].trim()}): update shake.mjs`);
    let end = i + 1;
    if (labels) while (end < lines.length && !/^ {4}case |^ {2}\}/.test(lines[end])) end++;
    if (!labels || labels.some((c) => codes.has(c))) out.push(...lines.slice(i, end));
    i = end;
  }
  if (/\bswitch \(t\.c\) \{/.test(text) && !lines.some((l) => /^ {4}case /.test(l))) throw new Error("casesFor: values.mjs's codecs have no `case` lines at their indentation: update shake.mjs");
  return out.join("\n");
}

/** What lends references (table.mjs `HandleTable`'s borrow stack: `NO_BORROWS`). */
const LENDS = /\bT\.(?:push|pin|popTo|depth)\b/;

/** The parts' texts (`scopes`, emit.mjs) cut to what the module can meet, by the file's other
 * code `rest` (its functions and the names they take): before the runtime members are pruned,
 * the values codecs' cases (`casesFor`) and the slot views (`slotViews`); after (`pruned`: what
 * then reads the table is what is kept), the table's borrow stack (`NO_BORROWS`). */
export function unmet(scopes, rest, pruned) {
  const of = (n) => scopes.filter((x) => x.n === n);
  if (pruned) {
    if (!LENDS.test(rest) && !scopes.some((x) => x.n !== "table" && LENDS.test(x.text))) for (const x of of("table")) x.text = patched(x.text, PATCHES.NO_BORROWS);
    scratchless(scopes, rest);
    unused(scopes, rest);
    return;
  }
  for (const x of of("values")) x.text = casesFor(x.text, new Set([...rest.matchAll(/"c":(\d+)/g)].map((m) => +m[1])));
  // The typed slot views the file's closure makers read (`rt.slotsFloat64Array`, ...).
  const views = ["Int32Array", "BigInt64Array", "Float32Array", "Float64Array"].filter((T) => rest.includes("slots" + T));
  const [[loop]] = PATCHES.SLOT_VIEWS.rules, some = { ...PATCHES.SLOT_VIEWS, rules: [[loop, (all, list) => all.replace(list, views.join(", "))]] };
  for (const x of of("rustfn")) x.text = patched(x.text, views.length ? some : PATCHES.SLOT_VIEWS);
}

/** Initial values with no effect: what a declaration nothing reads may go with. */
const INERT = /^(?:null|-?\d+|\{\}|\[\]|new (?:Map|Set|WeakMap|Uint8Array|Int32Array)\((?:0)?\))$/;

/**
 * The declarations of the parts' texts (`scopes`) that nothing reads once the members and groups
 * cut what did (the file's other code is `rest`): a top-level one of a part (statement-level, as
 * `shake`: table.mjs's `predicateTest` once `NO_PREDICATES` cut its call), and a
 * setup's local with an inert initial value (refs.mjs's tests by address, rustfn.mjs's makers
 * and slot view), until none is left. A minifier keeps these (a Map made, an object of reads).
 */
function unused(scopes, rest) {
  const count = (text, n) => text.match(new RegExp(`(?<![\\w$])${n.replace("$", "\\$")}(?![\\w$])`, "g"))?.length ?? 0;
  for (let changed = true; changed; ) {
    changed = false;
    for (const x of scopes.filter((x) => x.n)) {
      x.text = x.text.replace(/^ {2}(const|let) ((?:[\w$]+ = [^,;\n]+(?:, |(?=;)))+);\n/gm, (line, kind, list) => {
        const left = list.split(", ").filter((d) => !INERT.test(d.slice(d.indexOf(" = ") + 3)) || count(x.text, d.slice(0, d.indexOf(" = "))) > 1);
        if (left.length === list.split(", ").length) return line;
        changed = true;
        return left.length ? `  ${kind} ${left.join(", ")};\n` : "";
      });
      const elsewhere = [rest, ...x.names, ...scopes.filter((y) => y !== x).map((y) => y.text)].join("\n"), list = statements(x.text);
      for (const s of list) {
        if (!s.names.length || !/^(?:const|let|function|class) /.test(s.text)) continue;
        const others = elsewhere + list.filter((t) => t !== s).map((t) => t.text).join("\n");
        if (s.names.some((n) => count(others, n) > 0)) continue;
        const at = ("\n" + x.text).indexOf("\n" + s.text); // at a line's start
        if (at >= 0) [x.text, changed] = [x.text.slice(0, at) + x.text.slice(at + s.text.length).replace(/^\n/, ""), true];
      }
    }
  }
}

// gen.mjs's scratch area where nothing reads it (`SCRATCH_TEXT`, `SCRATCH_GEN`): applied, then
// kept only if nothing (the file's other code `rest`, the parts) reads it still.
function scratchless(scopes, rest) {
  const group = { text: PATCHES.SCRATCH_TEXT, gen: PATCHES.SCRATCH_GEN };
  const after = scopes.map((x) => (group[x.n] ? patched(x.text, group[x.n]) : x.text));
  if (/\b(?:fits|claim)\(|\bSC\b|\bannounce\b/.test([rest, ...after].join("\n"))) return;
  scopes.forEach((x, i) => (x.text = after[i]));
}
