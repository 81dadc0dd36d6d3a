import { expect, test } from "@jest/globals";
import { editDistance, suggestKey } from "../../src/policy/suggest.js";

const TOP = [
  "$schema",
  "_extends",
  "version",
  "statement",
  "policy_url",
  "organizations",
  "signals",
  "former_affiliations",
  "actions",
  "exempt",
  "approvers",
];

test.each([
  ["organisations", "organizations"],
  ["Organizations", "organizations"],
  ["orgnaizations", "organizations"],
  ["aprovers", "approvers"],
  ["policyUrl", "policy_url"],
  ["policy-url", "policy_url"],
  ["former_affiliation", "former_affiliations"],
  ["extends", "_extends"],
  ["vesrion", "version"],
  ["action", "actions"],
  ["colour", null],
  ["orgs", null],
  ["x", null],
  ["", null],
  ["o".repeat(500), null],
])("%s -> %s", (typo, expected) => {
  expect(suggestKey(typo, TOP)).toBe(expected);
});

test.each([
  ["kitten", "sitting", 3],
  ["ab", "ba", 1],
  ["organisations", "organizations", 1],
  ["", "abc", 3],
])("editDistance(%s, %s) = %d", (a, b, d) => {
  expect(editDistance(a, b, 10)).toBe(d);
});

test("editDistance gives up past the limit", () => {
  expect(editDistance("completely", "different!", 2)).toBe(3);
});
