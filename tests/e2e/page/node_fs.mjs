// `node:fs/promises` on a page: `readFile` of a served path (the tests read only their module).
export async function readFile(path) {
  const response = await fetch(path);
  if (!response.ok) throw new Error(`readFile ${path}: HTTP ${response.status}`);
  return new Uint8Array(await response.arrayBuffer());
}
