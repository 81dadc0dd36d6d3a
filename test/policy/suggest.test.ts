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

test.each<[string, string, string[], string | null]>([
  ["40 characters are compared", "a".repeat(40), ["a".repeat(40)], "a".repeat(40)],
  ["41 are not", "a".repeat(41), ["a".repeat(41)], null],
  ["up to 4 letters, one edit: two are too many", "abcd", ["abxy"], null],
  ["5 letters, two edits", "abcde", ["abxye"], "abxye"],
  ["up to 8 letters, two edits: three are too many", "abcdefgh", ["abxyzfgh"], null],
  ["9 letters, three edits", "abcdefghi", ["abxyzfghi"], "abxyzfghi"],
  ["longer, four edits are too many", "abcdefghijkl", ["abxyzwghijkl"], null],
  ["no suggestion that replaces the whole key", "x", ["y"], null],
  ["a suggestion that keeps part of the key", "xa", ["ya"], "ya"],
  ["of two keys as close, the first", "abce", ["abcd", "abcf"], "abcd"],
  ["the closest key, not the first close one", "abc", ["abxy", "abd"], "abd"],
  ["spaces count as separators", "policy url", ["policy_url"], "policy_url"],
  ["case and separators before distance", "abc", ["abd", "abc_"], "abc_"],
])("suggestKey: %s", (_name, typo, keys, expected) => {
  expect(suggestKey(typo, keys)).toBe(expected);
});

test.each([
  ["abc", "abcd", 1, 1],
  ["abcdef", "ghijkl", 2, 3],
  ["abcd", "abdc", 1, 1],
  ["ca", "abc", 5, 3],
  ["ab", "ba", 0, 1],
  ["abc", "cba", 1, 2],
  ["abcdef", "badcfe", 2, 3],
  ["abcdef", "badcfe", 3, 3],
  ["abcd", "bcda", 1, 2],
  ["abcdef", "abcdefgh", 1, 2],
  ["a", "", 0, 1],
])("editDistance(%s, %s, limit %d) = %d", (a, b, limit, d) => {
  expect(editDistance(a, b, limit)).toBe(d);
});
