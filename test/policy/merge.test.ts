import { describe, expect, test } from "@jest/globals";
import { parsePolicySources, type PolicySource } from "../../src/policy/parse.js";
import { problemLines } from "./helpers.js";

const BASE = "acme/.github:.github/ethics-policy.yml";
const CHILD = "acme/app:.github/ethics-policy.yml";

const base = (text: string): PolicySource => ({ file: BASE, text });
const child = (text: string): PolicySource => ({ file: CHILD, text });

const ORG_WIDE = `version: 1
statement: Org-wide statement.
organizations:
  - name: Palantir Technologies
    email_domains: [palantir.com]
signals: {profile_bio: true}
actions: {request_reviewers: [ethics-lead]}
`;

function policyOf(sources: PolicySource[]) {
  const result = parsePolicySources(sources);
  if (!result.ok) throw new Error(`expected a valid policy, got:\n${problemLines(result, true).join("\n")}`);
  return result;
}

describe("parsePolicySources: merging base and child", () => {
  test("one source behaves like parsePolicy", () => {
    expect(policyOf([child(ORG_WIDE)]).policy.statement).toBe("Org-wide statement.");
  });

  test("mappings merge key by key and the child wins on scalars", () => {
    const { policy } = policyOf([
      base(ORG_WIDE),
      child("_extends: .github\nstatement: App statement.\nsignals: {co_authors: false}\n"),
    ]);
    expect(policy.statement).toBe("App statement.");
    expect(policy.signals).toMatchObject({ profile_bio: true, co_authors: false, profile_company: true });
  });

  test("lists are concatenated, base first", () => {
    const { policy } = policyOf([
      base(ORG_WIDE),
      child(
        "organizations:\n  - name: Clearview AI\n    email_domains: [clearview.ai]\nactions: {request_reviewers: [app-lead]}\n",
      ),
    ]);
    expect(policy.organizations.map((o) => o.name)).toEqual(["Palantir Technologies", "Clearview AI"]);
    expect(policy.actions.request_reviewers).toEqual(["ethics-lead", "app-lead"]);
  });

  test("a chain of three files merges in order", () => {
    const { policy } = policyOf([
      { file: "root.yml", text: "version: 1\norganizations: [{name: A}]\napprovers: admin\n" },
      { file: "middle.yml", text: "_extends: root\norganizations: [{name: B}]\napprovers: write\n" },
      { file: "leaf.yml", text: "_extends: middle\norganizations: [{name: C}]\n" },
    ]);
    expect(policy.organizations.map((o) => o.name)).toEqual(["A", "B", "C"]);
    expect(policy.approvers).toBe("write");
  });

  test("extends is the last source's _extends, and only the last one's reaches the policy", () => {
    const result = policyOf([
      { file: "a.yml", text: `_extends: root\n${ORG_WIDE}` },
      child("_extends: acme/.github\n"),
    ]);
    expect(result.extends).toBe("acme/.github");
    expect(result.policy._extends).toBe("acme/.github");
    const withoutChildExtends = policyOf([
      { file: "a.yml", text: `_extends: root\n${ORG_WIDE}` },
      child("statement: x\n"),
    ]);
    expect(withoutChildExtends.extends).toBeUndefined();
    expect(withoutChildExtends.policy._extends).toBeUndefined();
  });

  test("a child may replace a whole section with a value of another type", () => {
    const { policy } = policyOf([base(`${ORG_WIDE}exempt: {users: [a]}\n`), child("actions: {label: false}\n")]);
    expect(policy.actions.label).toBe(false);
    expect(policy.exempt.users).toEqual(["a"]);
  });
});

describe("parsePolicySources: problems point into the file that caused them", () => {
  test("a bad value in the child is reported in the child, with the child's own list index", () => {
    const result = parsePolicySources([
      base(ORG_WIDE),
      child("organizations:\n  - name: Clearview AI\n    email_domains: [clearview.ai, not a domain]\n"),
    ]);
    expect(problemLines(result, true)).toEqual([
      `${CHILD}:3:35: organizations[0].email_domains[1]: must be an email domain such as "example.com" or a glob such as "*.example.com"`,
    ]);
  });

  test("a bad value in the base is reported in the base", () => {
    const result = parsePolicySources([base(`${ORG_WIDE}approvers: owner\n`), child("statement: fine\n")]);
    expect(problemLines(result, true)).toEqual([
      `${BASE}:8:12: approvers: must be one of "write", "maintain", "admin"`,
    ]);
  });

  test("an unknown key in each file, with suggestions", () => {
    const result = parsePolicySources([base(`${ORG_WIDE}aprovers: admin\n`), child("signals: {profile_bios: true}\n")]);
    expect(problemLines(result, true)).toEqual([
      `${BASE}:8:1: unknown key "aprovers"; did you mean "approvers"?`,
      `${CHILD}:1:11: signals: unknown key "profile_bios"; did you mean "profile_bio"?`,
    ]);
  });

  test("an organization repeated in the child is a duplicate, pointing back at the base", () => {
    const result = parsePolicySources([base(ORG_WIDE), child("organizations:\n  - name: palantir technologies\n")]);
    expect(problemLines(result, true)).toEqual([
      `${CHILD}:2:11: organizations[0].name: organization "palantir technologies" is listed twice (first at ${BASE}:4:11)`,
    ]);
  });

  test("a required key missing from every file is reported at the most specific file's top", () => {
    const result = parsePolicySources([base("statement: x\n"), child("approvers: admin\n")]);
    expect(problemLines(result, true)).toEqual([
      `${CHILD}:1:1: missing required key "version"`,
      `${CHILD}:1:1: missing required key "organizations"`,
    ]);
  });

  test("YAML errors in several files are all reported, base file first", () => {
    const result = parsePolicySources([base("version: 1\nversion: 1\n"), child("statement: 'open\n")]);
    expect(problemLines(result, true)).toEqual([
      `${BASE}:2:1: duplicate key "version" (first at line 1, column 1)`,
      `${CHILD}:2:1: invalid YAML: Missing closing 'quote`,
    ]);
  });

  test("a base whose _extends is not text is reported", () => {
    const result = parsePolicySources([base(`_extends: [x]\n${ORG_WIDE}`), child("statement: y\n")]);
    expect(problemLines(result, true)).toEqual([
      `${BASE}:1:11: _extends: must be text such as "owner/repo" or "owner/repo:path"`,
    ]);
  });

  test("a base that is not a mapping is reported, and the merge is not judged without it", () => {
    const result = parsePolicySources([base("- a\n"), child("aprovers: admin\n")]);
    expect(problemLines(result, true)).toEqual([
      `${BASE}:1:1: the policy must be a YAML mapping with "version: 1" and "organizations:", but this file holds a list`,
    ]);
  });

  test("no sources at all is a problem, not a crash", () => {
    expect(parsePolicySources([])).toEqual({
      ok: false,
      problems: [{ file: "(policy)", line: 1, col: 1, message: "no policy file was given" }],
    });
  });
});

describe("parsePolicySources: what the merged value is and where it is placed", () => {
  const MIN = "version: 1\norganizations:\n  - name: Palantir Technologies\n";
  test.each<[string, string, string, string[]]>([
    [
      "a mapping replaced by a scalar",
      `${MIN}signals: {profile_bio: true}\n`,
      "signals: false\n",
      [`${CHILD}:1:10: signals: must be a mapping (key: value lines), not false`],
    ],
    [
      "a list replaced by a mapping",
      MIN,
      "organizations: {name: X}\n",
      [`${CHILD}:1:16: organizations: must be a list, not a mapping`],
    ],
    ["a scalar replaced by a list", "version: 1\norganizations: 3\n", "organizations: [{name: X}]\n", []],
    [
      "two lists concatenated are placed at the child's",
      "version: 1\norganizations: []\n",
      "statement: s\norganizations: []\n",
      [`${CHILD}:2:16: organizations: must list at least one organization`],
    ],
    [
      "a key in both files is placed at the child's",
      `${MIN}signals: {profile_bioo: true}\n`,
      "statement: s\nsignals: {profile_bioo: false}\n",
      [`${CHILD}:2:11: signals: unknown key "profile_bioo"; did you mean "profile_bio"?`],
    ],
    [
      "mappings merged key by key keep each value's place",
      `${MIN}signals: {profile_bio: true}\n`,
      "statement: s\nsignals: {co_authors: 3}\n",
      [`${CHILD}:2:23: signals.co_authors: must be true or false, not a number`],
    ],
  ])("%s", (_name, baseText, childText, problems) => {
    expect(problemLines(parsePolicySources([base(baseText), child(childText)]), true)).toEqual(problems);
  });
});

describe("parsePolicySources: prototype safety", () => {
  test.each([
    ["__proto__ in the base", "__proto__: {polluted: yes}\n", "version: 1\n"],
    ["__proto__ in the child", "version: 1\n", "__proto__: {polluted: yes}\n"],
    [
      "nested __proto__ on both sides",
      "signals: {__proto__: {polluted: yes}}\n",
      "signals:\n  __proto__:\n    polluted: yes\n",
    ],
    [
      "constructor.prototype",
      "constructor: {prototype: {polluted: yes}}\n",
      "exempt: {constructor: {prototype: {polluted: yes}}}\n",
    ],
  ])("%s does not pollute Object.prototype", (_name, baseText, childText) => {
    const result = parsePolicySources([base(baseText), child(childText)]);
    expect(result.ok).toBe(false);
    expect(problemLines(result).some((l) => /key "(__proto__|constructor)" is not allowed/.test(l))).toBe(true);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty("polluted");
  });
});
