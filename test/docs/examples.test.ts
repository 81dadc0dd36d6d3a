// Every example policy we publish is checked twice: against the editor JSON Schema with ajv (what
// a maintainer's editor will say) and with the app's own validator (what the app will do). The
// valid ones must pass both; every file in examples/invalid/ must be rejected by both (the app for
// the reason its `# expect:` line gives), so the schema never accepts what the app refuses there. Policies shown in README.md and docs/*.md
// (```yaml blocks with a `version:` key) are checked the same way.
import { describe, expect, it } from "@jest/globals";
import AjvModule from "ajv";
import { readdirSync, readFileSync } from "node:fs";
import { parse } from "yaml";
import { parsePolicy } from "../../src/policy/parse.js";

const root = new URL("../../", import.meta.url);
const read = (path: string) => readFileSync(new URL(path, root), "utf8");
const yamlFiles = (dir: string) =>
  readdirSync(new URL(dir, root))
    .filter((f) => f.endsWith(".yml") || f.endsWith(".yaml"))
    .map((f) => `${dir}${f}`);

const Ajv = AjvModule.default;
const ajv = new Ajv({ allErrors: true, strict: false });
const schemaValid = ajv.compile(JSON.parse(read("schema/ethics-policy.schema.json")) as object);

function ajvErrors(text: string): string[] {
  const ok = schemaValid(parse(text));
  return ok ? [] : (schemaValid.errors ?? []).map((e) => `${e.instancePath || "/"} ${e.message ?? ""}`);
}

function appErrors(text: string, file: string): string[] {
  const result = parsePolicy(text, file);
  return result.ok ? [] : result.problems.map((p) => `${p.line}:${p.col}: ${p.message}`);
}

/** ```yaml blocks in Markdown that are policies (they have a top-level `version:`). */
function policyBlocks(markdownPath: string): { name: string; text: string }[] {
  const blocks = [...read(markdownPath).matchAll(/^```ya?ml\n([\s\S]*?)^```/gm)].map((m) => m[1] as string);
  return blocks
    .filter((text) => /^version:/m.test(text))
    .map((text, i) => ({ name: `${markdownPath} policy block ${i + 1}`, text }));
}

const valid = yamlFiles("examples/");
const invalid = yamlFiles("examples/invalid/");
const documented = [
  "README.md",
  ...readdirSync(new URL("docs/", root))
    .filter((f) => f.endsWith(".md"))
    .map((f) => `docs/${f}`),
].flatMap(policyBlocks);

describe("example policies", () => {
  it("there are examples to check", () => {
    expect(valid.length).toBeGreaterThanOrEqual(3);
    expect(invalid.length).toBeGreaterThanOrEqual(3);
    expect(documented.length).toBeGreaterThanOrEqual(2);
  });

  it.each(valid)("%s is valid for the JSON Schema (ajv) and for the app", (file) => {
    const text = read(file);
    expect({ ajv: ajvErrors(text), app: appErrors(text, file) }).toEqual({ ajv: [], app: [] });
  });

  it.each(invalid)("%s is rejected by the JSON Schema (ajv) and by the app, for the reason it states", (file) => {
    const text = read(file);
    const reason = /^# expect: (.+)$/m.exec(text)?.[1];
    expect(reason).toBeDefined();
    expect(ajvErrors(text)).not.toEqual([]);
    expect(appErrors(text, file)).toEqual(expect.arrayContaining([expect.stringContaining(reason as string)]));
  });

  it.each(documented.map((b) => [b.name, b.text]))(
    "%s is valid for the JSON Schema (ajv) and for the app",
    (name, text) => {
      expect({ ajv: ajvErrors(text), app: appErrors(text, name) }).toEqual({ ajv: [], app: [] });
    },
  );
});
