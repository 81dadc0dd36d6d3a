// What ships (lib/, the npm package, the Docker image, the Action's bundle) is what
// tsconfig.build.json compiles: the files it includes and everything they import. The GitHub
// stand-in, the demo and the docs generator are test tooling built by tsconfig.tools.json instead;
// this checks that no shipped module reaches them, and that every package a shipped module loads
// at run time is a production dependency (a devDependency is absent from `npm install --omit=dev`).
import { describe, expect, it } from "@jest/globals";
import { readFileSync } from "node:fs";
import { builtinModules } from "node:module";
import { dirname, join, relative, resolve } from "node:path";
import ts from "typescript";

const ROOT = resolve(import.meta.dirname, "../..");
const TOOLING = ["src/standin/", "src/demo/", "src/docs/"];
const pkg = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as {
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
  bin: Record<string, string>;
  files: string[];
};

function buildConfigRoots(): string[] {
  const parsed = ts.getParsedCommandLineOfConfigFile(
    join(ROOT, "tsconfig.build.json"),
    {},
    {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: (d) => {
        throw new Error(ts.flattenDiagnosticMessageText(d.messageText, "\n"));
      },
    },
  );
  if (!parsed) throw new Error("tsconfig.build.json did not parse");
  return parsed.fileNames.map((f) => resolve(f));
}

interface Import {
  from: string;
  specifier: string;
}

/** The module specifiers a file loads at run time: static and dynamic imports, not `import type`. */
function runtimeImports(file: string, text: string): string[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.ES2022, true);
  const found: string[] = [];
  const visit = (node: ts.Node) => {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
      const clause = node.importClause;
      const typeOnly =
        clause?.isTypeOnly === true ||
        (clause !== undefined &&
          clause.name === undefined &&
          clause.namedBindings !== undefined &&
          ts.isNamedImports(clause.namedBindings) &&
          clause.namedBindings.elements.length > 0 &&
          clause.namedBindings.elements.every((e) => e.isTypeOnly));
      if (!typeOnly) found.push(node.moduleSpecifier.text);
    } else if (ts.isExportDeclaration(node) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      if (!node.isTypeOnly) found.push(node.moduleSpecifier.text);
    } else if (
      ts.isCallExpression(node) &&
      node.expression.kind === ts.SyntaxKind.ImportKeyword &&
      node.arguments[0] !== undefined &&
      ts.isStringLiteralLike(node.arguments[0])
    ) {
      found.push(node.arguments[0].text);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

/** The shipped files (the build's roots and everything they import, transitively) and their imports. */
function shippedClosure(): { files: string[]; imports: Import[] } {
  const seen = new Set<string>();
  const imports: Import[] = [];
  const queue = buildConfigRoots();
  while (queue.length > 0) {
    const file = queue.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    for (const specifier of runtimeImports(file, readFileSync(file, "utf8"))) {
      imports.push({ from: relative(ROOT, file), specifier });
      if (specifier.startsWith(".")) queue.push(resolve(dirname(file), specifier.replace(/\.js$/, ".ts")));
    }
  }
  return { files: [...seen].map((f) => relative(ROOT, f)).sort(), imports };
}

const packageName = (specifier: string) =>
  specifier.startsWith("@") ? specifier.split("/").slice(0, 2).join("/") : specifier.split("/")[0]!;
const isBuiltin = (specifier: string) => specifier.startsWith("node:") || builtinModules.includes(specifier);

describe("what ships", () => {
  const { files, imports } = shippedClosure();

  it("is the app, the CLI and the entry points, without the stand-in, the demo or the docs generator", () => {
    expect(files).toEqual(expect.arrayContaining(["src/index.ts", "src/cli.ts", "src/entry/actions.ts"]));
    expect(files.filter((f) => TOOLING.some((dir) => f.startsWith(dir)))).toEqual([]);
  });

  it("loads only Node's own modules and production dependencies at run time", () => {
    const outside = imports.filter(
      (i) => !i.specifier.startsWith(".") && !isBuiltin(i.specifier) && !(packageName(i.specifier) in pkg.dependencies),
    );
    expect(outside).toEqual([]);
  });

  it("the check above would see a devDependency or a tooling import (it reads what tsc reads)", () => {
    const sample = [
      'import { pino } from "pino";',
      'import type { Probot } from "probot";',
      'import { type Context } from "probot";',
      'export { x } from "./standin/state.js";',
      'const m = await import("@octokit/openapi");',
    ].join("\n");
    expect(runtimeImports("sample.ts", sample)).toEqual(["pino", "./standin/state.js", "@octokit/openapi"]);
  });

  it("ships the CLI it names in package.json's bin (scripts/build-cli.mjs bundles src/cli.ts there), with a shebang", () => {
    expect(pkg.bin).toEqual({ "ethics-policy": "lib/bin/cli.js" });
    expect(readFileSync(join(ROOT, "scripts/build-cli.mjs"), "utf8")).toContain('entryPoints: ["src/cli.ts"]');
    expect(files).toContain("src/cli.ts");
    expect(readFileSync(join(ROOT, "src/cli.ts"), "utf8").startsWith("#!/usr/bin/env node\n")).toBe(true);
    expect(pkg.files).not.toContain("src");
    expect(pkg.files.some((f) => /test|standin|demo|bench/.test(f))).toBe(false);
  });
});
