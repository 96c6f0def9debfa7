// `node:test` on a page: `test(name, fn)` records the case; run_tests.mjs runs the recorded cases
// one after another once the file has been imported, as `node --test` runs a file's top-level tests.
export const cases = [];

export function test(name, options, fn) {
  if (typeof options === "function") [fn, options] = [options, {}];
  cases.push({ name, fn, skip: options?.skip });
}
export { test as it };
export default test;
