// `npm run build` (after tsc): the `ethics-policy` command as one minified file plus lazily loaded
// chunks in lib/bin/, so `ethics-policy validate` starts without resolving hundreds of modules
// (`npm run bench` measures it against `node -e 0`). package.json's `bin` points here.
import { rmSync } from "node:fs";
import { join } from "node:path";
import { bundle, ROOT } from "./bundle.mjs";

const outdir = join(ROOT, "lib", "bin");
rmSync(outdir, { recursive: true, force: true });
await bundle({ entryPoints: ["src/cli.ts"], outdir, splitting: true, minify: true });
