import { describe, expect, test } from "@jest/globals";
import { readFileSync } from "node:fs";
import { policyJsonSchema } from "../../src/policy/schema.js";
import { POLICY_SCHEMA_ID, POLICY_SCHEMA_PATH, policyJsonSchemaText } from "../../src/policy/write-schema.js";

type JsonSchema = {
  properties?: Record<string, JsonSchema>;
  items?: JsonSchema;
  additionalProperties?: boolean;
  required?: string[];
  description?: string;
  default?: unknown;
  enum?: unknown[];
  anyOf?: JsonSchema[];
};

const committed = JSON.parse(readFileSync(POLICY_SCHEMA_PATH, "utf8")) as JsonSchema & Record<string, unknown>;

describe("schema/ethics-policy.schema.json", () => {
  test("is exactly what the zod schema generates (run `npm run schema` after changing src/policy/schema.ts)", () => {
    expect(readFileSync(POLICY_SCHEMA_PATH, "utf8")).toBe(policyJsonSchemaText());
    const { $schema: _a, $id: _b, ...generated } = committed;
    const { $schema: _c, ...fresh } = policyJsonSchema();
    expect(generated).toEqual(fresh);
  });

  test("identifies itself as draft-07 with an $id", () => {
    expect(committed.$schema).toBe("http://json-schema.org/draft-07/schema#");
    expect(committed.$id).toBe(POLICY_SCHEMA_ID);
  });

  test("rejects unknown keys in every mapping, as the validator does", () => {
    const objects: string[] = [];
    const visit = (schema: JsonSchema, path: string) => {
      if (schema.properties) {
        objects.push(path);
        expect({ path, additionalProperties: schema.additionalProperties }).toEqual({
          path,
          additionalProperties: false,
        });
        for (const [key, child] of Object.entries(schema.properties)) visit(child, `${path}.${key}`);
      }
      if (schema.items) visit(schema.items, `${path}[]`);
      for (const option of schema.anyOf ?? []) visit(option, path);
    };
    visit(committed, "$");
    expect(objects).toEqual(
      expect.arrayContaining([
        "$",
        "$.organizations[]",
        "$.organizations[].users[]",
        "$.signals",
        "$.actions",
        "$.exempt",
      ]),
    );
  });

  test("describes every top-level and organization key, with defaults and enums for editors", () => {
    const top = committed.properties!;
    for (const [key, schema] of Object.entries(top))
      expect({ key, description: typeof schema.description }).toEqual({ key, description: "string" });
    const organization = top.organizations!.items!.properties!;
    for (const [key, schema] of Object.entries(organization))
      expect({ key, description: typeof schema.description }).toEqual({ key, description: "string" });
    expect(committed.required).toEqual(["version", "organizations"]);
    expect(top.approvers).toMatchObject({ default: "maintain", enum: ["write", "maintain", "admin"] });
    expect(top.former_affiliations).toMatchObject({ default: "ignore", enum: ["ignore", "flag"] });
    expect(top.signals!.properties!.profile_bio).toMatchObject({ default: false, type: "boolean" });
    expect(top.actions!.properties!.label!.default).toBe("ethics-review");
  });
});
