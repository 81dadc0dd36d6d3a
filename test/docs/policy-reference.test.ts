// docs/policy-reference.md is generated from the policy schema; this fails while it is stale.
import { describe, expect, it } from "@jest/globals";
import { readFileSync } from "node:fs";
import { policyReferenceMarkdown } from "../../src/docs/policy-reference.js";

describe("docs/policy-reference.md", () => {
  it("is exactly what `npm run docs` generates from the schema", () => {
    const committed = readFileSync(new URL("../../docs/policy-reference.md", import.meta.url), "utf8");
    expect(committed).toBe(policyReferenceMarkdown());
  });

  it("documents every top-level key of the schema", () => {
    const schema = JSON.parse(
      readFileSync(new URL("../../schema/ethics-policy.schema.json", import.meta.url), "utf8"),
    ) as { properties: Record<string, unknown> };
    const markdown = policyReferenceMarkdown();
    for (const key of Object.keys(schema.properties)) expect(markdown).toContain(`| \`${key}\` |`);
  });
});
