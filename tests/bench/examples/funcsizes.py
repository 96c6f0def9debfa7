#!/usr/bin/env python3
"""Code bytes per function of a wasm module, from its code and name sections (so build it with
`wasm-opt -Oz -g` to keep the names), largest first, names demangled by `c++filt` if present.
With --by-category: the sums for docs/benchmarks.md's breakdown of examples/closures (the rules
below, first match wins), for this module and for wasm-bindgen's.
Usage: funcsizes.py MODULE.wasm [--by-category]"""
import re
import shutil
import subprocess
import sys


def leb(b, i):
    r = s = 0
    while True:
        x = b[i]
        i += 1
        r |= (x & 0x7F) << s
        s += 7
        if x < 0x80:
            return r, i


def functions(path):
    """(name, code bytes) of each defined function."""
    b = open(path, "rb").read()
    i, imported, names, sizes = 8, 0, {}, []
    while i < len(b):
        sid = b[i]
        n, i = leb(b, i + 1)
        end, j = i + n, i
        if sid == 2:  # imports: count the functions, which come first in the index space
            count, j = leb(b, j)
            for _ in range(count):
                for _ in range(2):
                    ln, j = leb(b, j)
                    j += ln
                kind = b[j]
                j += 1
                if kind == 0:
                    _, j = leb(b, j)
                    imported += 1
                elif kind == 1:  # table: reftype, limits
                    flags, j = leb(b, j + 1)
                    _, j = leb(b, j)
                    if flags & 1:
                        _, j = leb(b, j)
                elif kind == 2:  # memory: limits
                    flags, j = leb(b, j)
                    _, j = leb(b, j)
                    if flags & 1:
                        _, j = leb(b, j)
                else:  # global: valtype, mutability
                    j += 2
        elif sid == 10:
            count, j = leb(b, j)
            for _ in range(count):
                ln, k = leb(b, j)
                sizes.append(k - j + ln)
                j = k + ln
        elif sid == 0:
            ln, j = leb(b, j)
            if b[j:j + ln] == b"name":
                j += ln
                while j < end:
                    sub = b[j]
                    sl, j = leb(b, j + 1)
                    if sub == 1:
                        count, k = leb(b, j)
                        for _ in range(count):
                            idx, k = leb(b, k)
                            ln, k = leb(b, k)
                            names[idx] = b[k:k + ln].decode("utf8", "replace")
                            k += ln
                    j += sl
        i = end
    listed = [names.get(imported + k, "f%d" % (imported + k)) for k in range(len(sizes))]
    if shutil.which("c++filt"):
        out = subprocess.run(["c++filt"], input="\n".join(listed), capture_output=True, text=True)
        listed = out.stdout.split("\n")[:len(sizes)]
    return list(zip(listed, sizes))


ID = r"\[\w+\]"
CATEGORIES = [
    ("user closure bodies (as compiled)",
     r"^<closures" + ID + r"::\w+::\{closure#0\} as wasm" + ID + r"::closure::params::Call"
     r"|^<?bench_examples_closures_wbg" + ID + r"::(setup_clicker|run|setup_clock)::\{closure#0\}( as core|$)"),
    ("example fns (run, stop, element, update_time, stop_running)",
     r"^run$|^run multivalue shim$|^stop$|^closures" + ID + "::|^bench_examples_closures_wbg" + ID),
    ("allocator (dlmalloc, realloc, RawVec)",
     r"dlmalloc|__rust_realloc|__rdl_|raw_vec|RawVec|handle_alloc_error|__rust_dealloc|__rust_alloc|alloc_error_hook"),
    ("`{seen:?}` Debug formatting", r"escape_debug|fmt::Debug|PadAdapter|fmt::builders"),
    ("panic machinery",
     r"panic|slice_error_fail|slice_index_fail|expect_failed|unwrap_failed|AccessError|BorrowMutError"),
    ("core::fmt (format!, u32 to_string, pad)",
     r"core.*::fmt|alloc.*::fmt|do_count_chars|fmt::Write|Display|Any>::type_id"
     r"|drop_glue::<alloc" + ID + r"::(string::String|vec::Vec<alloc" + ID + r"::string::String>)>"),
    ("closure runtime (registry, transport, typed entries, slot bodies; wbg: invoke shims)",
     r"wasm" + ID + r"::closure|convert::closures|__wbindgen_destroy_closure|slots::Io|registry"
     r"|__wasmrust_fn_call|ScopedClosure|^Closure\("),
    ("async (wasm::task, web::sleep; wbg: wasm-bindgen-futures)",
     r"::task::|future|Queue|JsFuture|spawn|clicks_after|Waker|JsThreadLocal|jspi|futures::Inner|timers::sleep"),
    ("host refs, strings, bindings (abi, externref; wbg: externref table, js-sys globals)",
     r"wasm" + ID + r"::abi|wasm" + ID + r"::externref|__wasmrust|__externref|externref shim"
     r"|js_sys.*global|wasm_bindgen|__wbindgen|web_sys|wasm" + ID + r"::web::"),
]


def main():
    fs = functions(sys.argv[1])
    if "--by-category" not in sys.argv[2:]:
        for name, size in sorted(fs, key=lambda f: -f[1]):
            print(size, name)
        return
    totals = {}
    for name, size in fs:
        cat = next((c for c, r in CATEGORIES if re.search(r, name)), "other / unnamed")
        totals[cat] = totals.get(cat, 0) + size
    for cat in [c for c, _ in CATEGORIES] + ["other / unnamed"]:
        print("%6d  %s" % (totals.get(cat, 0), cat))
    print("%6d  total code bytes" % sum(totals.values()))


main()
