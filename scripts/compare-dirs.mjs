// Byte-for-byte comparison of two directory trees: what `npm run check:dist` reports when the
// committed dist/ is not what a fresh build of the Action gives.
import { readFileSync, readdirSync, statSync } from "node:fs";
import { join, relative } from "node:path";

function listFiles(dir, root = dir) {
  const files = [];
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) files.push(...listFiles(path, root));
    else files.push(relative(root, path));
  }
  return files;
}

/** The files that differ: only in `expected`, only in `actual`, or with other bytes. Empty when equal. */
export function compareDirs(expected, actual) {
  const want = listFiles(expected);
  const have = listFiles(actual);
  const differences = [];
  for (const file of want) {
    if (!have.includes(file)) differences.push({ file, problem: "missing" });
    else if (!readFileSync(join(expected, file)).equals(readFileSync(join(actual, file))))
      differences.push({ file, problem: "different" });
  }
  for (const file of have) if (!want.includes(file)) differences.push({ file, problem: "unexpected" });
  return differences;
}
