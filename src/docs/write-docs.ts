// `npm run docs`: regenerates docs/policy-reference.md from the policy schema.
import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { policyReferenceMarkdown } from "./policy-reference.js";

export const POLICY_REFERENCE_PATH = new URL("../../docs/policy-reference.md", import.meta.url);

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  writeFileSync(POLICY_REFERENCE_PATH, policyReferenceMarkdown());
  console.log(`wrote ${fileURLToPath(POLICY_REFERENCE_PATH)}`);
}
