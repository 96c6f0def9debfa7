// `node:assert/strict` on a page: the functions the tests of tests/e2e use, with Node's strict
// semantics (Object.is for `equal`, prototypes compared by `deepEqual`, `throws`/`rejects`
// validating against a RegExp on String(error), an Error class, a validator function or an
// object of expected properties).
export class AssertionError extends Error {
  constructor(message) {
    super(message);
    this.name = "AssertionError";
  }
}

const show = (v) => {
  try {
    return typeof v === "bigint" ? `${v}n` : typeof v === "string" ? JSON.stringify(v) : String(v);
  } catch {
    return Object.prototype.toString.call(v);
  }
};
const fail = (message, fallback) => {
  if (message instanceof Error) throw message;
  throw new AssertionError(message ?? fallback);
};

export function ok(value, message) {
  if (!value) fail(message, `expected a truthy value, got ${show(value)}`);
}
export function equal(actual, expected, message) {
  if (!Object.is(actual, expected)) fail(message, `expected ${show(expected)}, got ${show(actual)}`);
}
export function notEqual(actual, expected, message) {
  if (Object.is(actual, expected)) fail(message, `expected anything but ${show(expected)}`);
}
export function match(string, regexp, message) {
  if (typeof string !== "string" || !regexp.test(string)) fail(message, `${show(string)} does not match ${regexp}`);
}
function isDeepEqual(a, b) {
  if (Object.is(a, b)) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  if (Object.getPrototypeOf(a) !== Object.getPrototypeOf(b)) return false;
  if (a instanceof Date) return Object.is(a.getTime(), b.getTime());
  if (a instanceof RegExp) return String(a) === String(b);
  if (a instanceof Error && (a.name !== b.name || a.message !== b.message)) return false;
  if (ArrayBuffer.isView(a)) return a.length === b.length && Array.prototype.every.call(a, (x, i) => Object.is(x, b[i]));
  if (a instanceof Map || a instanceof Set) {
    if (a.size !== b.size) return false;
    return [...a].every((entry) => (a instanceof Set ? b.has(entry) : b.has(entry[0]) && isDeepEqual(entry[1], b.get(entry[0]))));
  }
  const keys = Object.keys(a);
  if (keys.length !== Object.keys(b).length) return false;
  return keys.every((k) => Object.prototype.hasOwnProperty.call(b, k) && isDeepEqual(a[k], b[k]));
}
export function deepEqual(actual, expected, message) {
  if (!isDeepEqual(actual, expected)) {
    fail(message, `expected ${JSON.stringify(expected, (_, v) => (typeof v === "bigint" ? `${v}n` : v))}, got ${JSON.stringify(actual, (_, v) => (typeof v === "bigint" ? `${v}n` : v))}`);
  }
}
export { equal as strictEqual, notEqual as notStrictEqual, deepEqual as deepStrictEqual };

function validate(error, expected, message) {
  if (expected === undefined) return;
  if (expected instanceof RegExp) {
    if (!expected.test(String(error))) fail(message, `the error ${show(error)} does not match ${expected}`);
  } else if (typeof expected === "function") {
    if (expected.prototype !== undefined && error instanceof expected) return;
    if (Error.isPrototypeOf(expected) || expected === Error) fail(message, `the error ${show(error)} is not a ${expected.name}`);
    if (expected.call({}, error) !== true) fail(message, `the validator rejected the error ${show(error)}`);
  } else {
    for (const [key, want] of Object.entries(expected)) {
      const have = error?.[key];
      if (want instanceof RegExp && typeof have === "string") {
        if (!want.test(have)) fail(message, `error.${key} ${show(have)} does not match ${want}`);
      } else if (!isDeepEqual(have, want)) {
        fail(message, `error.${key}: expected ${show(want)}, got ${show(have)}`);
      }
    }
  }
}
export function throws(fn, expected, message) {
  if (typeof expected === "string") [message, expected] = [expected, undefined];
  try {
    fn();
  } catch (error) {
    return validate(error, expected, message);
  }
  fail(message, "missing expected exception");
}
export async function rejects(promiseOrFn, expected, message) {
  if (typeof expected === "string") [message, expected] = [expected, undefined];
  try {
    await (typeof promiseOrFn === "function" ? promiseOrFn() : promiseOrFn);
  } catch (error) {
    return validate(error, expected, message);
  }
  fail(message, "missing expected rejection");
}

const assert = Object.assign((value, message) => ok(value, message), {
  AssertionError, ok, equal, notEqual, strictEqual: equal, notStrictEqual: notEqual, deepEqual,
  deepStrictEqual: deepEqual, match, throws, rejects, fail: (message) => fail(message, "Failed"),
});
export default assert;
