// `npm run build:action`: the GitHub Action's one file, dist/index.js (src/entry/actions.ts with
// every dependency bundled), plus dist/licenses.txt and a dist/package.json that marks it ESM.
// action.yml runs it on node20. dist/ is committed, because an Action runs from its repository.
//
// `npm run check:dist` (CI) builds into a temporary folder and compares it byte-for-byte with the
// committed dist/: it fails when dist/ is stale, i.e. when src/, the lockfile or this build changed
// without `npm run build:action` and a commit of dist/.
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { bundle, ROOT } from "./bundle.mjs";
import { compareDirs } from "./compare-dirs.mjs";

async function buildAction(outdir) {
  rmSync(outdir, { recursive: true, force: true });
  mkdirSync(outdir, { recursive: true });
  await bundle({ entryPoints: [{ in: "src/entry/actions.ts", out: "index" }], outdir });
  writeFileSync(join(outdir, "package.json"), `${JSON.stringify({ type: "module", private: true }, null, 2)}\n`);
}

const dist = join(ROOT, "dist");
if (process.argv.includes("--check")) {
  const fresh = mkdtempSync(join(tmpdir(), "ethics-policy-dist-"));
  try {
    await buildAction(fresh);
    const differences = compareDirs(fresh, dist);
    if (differences.length > 0) {
      for (const d of differences) console.error(`dist/${d.file}: ${d.problem}`);
      console.error(
        "dist/ is not what a fresh build of the Action gives. Run `npm run build:action` and commit dist/.",
      );
      process.exitCode = 1;
    } else {
      console.log("dist/ matches a fresh build of the Action");
    }
  } finally {
    rmSync(fresh, { recursive: true, force: true });
  }
} else {
  await buildAction(dist);
  console.log("built dist/index.js");
}
