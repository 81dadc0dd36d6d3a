// Writes schema/ethics-policy.schema.json, the editor schema, from the same zod definition the
// validator uses. Run `npm run schema` after changing src/policy/schema.ts; a test fails until then.
import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { policyJsonSchema } from "./schema.js";

/**
 * Identifies the schema; not fetched by anything. Editors are pointed at the file itself, e.g.
 * `# yaml-language-server: $schema=<raw URL of schema/ethics-policy.schema.json>`.
 */
export const POLICY_SCHEMA_ID = "urn:ethics-policy:policy:v1";
export const POLICY_SCHEMA_PATH = new URL("../../schema/ethics-policy.schema.json", import.meta.url);

/** The JSON Schema text exactly as committed: pretty-printed, with a final newline. */
export function policyJsonSchemaText(): string {
  const { $schema: _draft, ...rest } = policyJsonSchema();
  const schema = { $schema: "http://json-schema.org/draft-07/schema#", $id: POLICY_SCHEMA_ID, ...rest };
  return `${JSON.stringify(schema, null, 2)}\n`;
}

export function writePolicyJsonSchema(path: URL | string = POLICY_SCHEMA_PATH): void {
  writeFileSync(path, policyJsonSchemaText());
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  writePolicyJsonSchema();
  console.log(`wrote ${fileURLToPath(POLICY_SCHEMA_PATH)}`);
}
