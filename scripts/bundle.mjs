// One esbuild configuration for the two bundles: the Action's dist/ (committed, checked for
// staleness) and the CLI's lib/bin/ (built by `npm run build`, shipped in the npm package).
// Deterministic: the same sources and lockfile give the same bytes (paths are relative to the
// repository, licenses are sorted, nothing records a time or a machine).
import { build } from "esbuild";
import { existsSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");

export function packageVersion() {
  return JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")).version;
}

// Bundled CommonJS dependencies call require(); an ESM bundle has none unless it makes one.
const REQUIRE_SHIM =
  'import { createRequire as __ethicsPolicyCreateRequire } from "node:module";\n' +
  "const require = __ethicsPolicyCreateRequire(import.meta.url);";

/**
 * Bundles `entryPoints` (paths relative to the repository) into `outdir` as ESM for Node 20, with
 * every dependency inlined, and writes `licenses.txt` for the packages it inlined.
 */
export async function bundle({ entryPoints, outdir, splitting = false, minify = false }) {
  const result = await build({
    absWorkingDir: ROOT,
    entryPoints,
    outdir,
    entryNames: "[name]",
    chunkNames: "chunks/[name]-[hash]",
    bundle: true,
    splitting,
    minify,
    keepNames: true,
    platform: "node",
    format: "esm",
    target: "node20",
    charset: "utf8",
    legalComments: "none",
    banner: { js: REQUIRE_SHIM },
    define: { __ETHICS_POLICY_VERSION__: JSON.stringify(packageVersion()) },
    metafile: true,
    logLevel: "warning",
  });
  writeFileSync(join(outdir, "licenses.txt"), licensesText(Object.keys(result.metafile.inputs)));
  return result;
}

/** The license of every package a bundle inlined, sorted, with its license file's text. */
export function licensesText(inputs) {
  const roots = new Set();
  for (const input of inputs) {
    const match = /^(.*node_modules\/(?:@[^/]+\/)?[^/]+)\//.exec(input);
    if (match) roots.add(match[1]);
  }
  const entries = [];
  for (const root of roots) {
    const pkg = JSON.parse(readFileSync(join(ROOT, root, "package.json"), "utf8"));
    const file = readdirSync(join(ROOT, root))
      .sort()
      .find((name) => /^(licen[cs]e|copying)(\.|$)/i.test(name));
    const text = file ? readFileSync(join(ROOT, root, file), "utf8").trim() : "(no license file in the package)";
    const license = typeof pkg.license === "string" ? pkg.license : (pkg.license?.type ?? "UNKNOWN");
    entries.push({ id: `${pkg.name}@${pkg.version}`, license, text });
  }
  const unique = new Map(entries.map((e) => [e.id, e]));
  const sorted = [...unique.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const header =
    "Third-party software bundled into this directory's JavaScript, with its license.\n" +
    "ethics-policy itself is under the ISC license (LICENSE at the repository's root).\n";
  return `${header}${sorted.map((e) => `\n${"-".repeat(80)}\n${e.id} (${e.license})\n\n${e.text}\n`).join("")}`;
}

export function exists(path) {
  return existsSync(path);
}
