import { describe, expect, test } from "@jest/globals";
import { MAX_PROBLEMS } from "../../src/policy/limits.js";
import { parsePolicy } from "../../src/policy/parse.js";
import { MINIMAL, problemLines } from "./helpers.js";

// Each case: the text and every problem it must produce, as "LINE:COL: message".
const cases: Array<{ name: string; yaml: string; problems: string[] }> = [
  // --- the file as a whole
  {
    name: "empty file",
    yaml: "",
    problems: [
      '1:1: the policy must be a YAML mapping with "version: 1" and "organizations:", but this file holds nothing',
    ],
  },
  {
    name: "only a comment",
    yaml: "# nothing yet\n",
    problems: [
      '1:1: the policy must be a YAML mapping with "version: 1" and "organizations:", but this file holds nothing',
    ],
  },
  {
    name: "a list",
    yaml: "- version: 1\n",
    problems: [
      '1:1: the policy must be a YAML mapping with "version: 1" and "organizations:", but this file holds a list',
    ],
  },
  {
    name: "a string",
    yaml: "palantir\n",
    problems: [
      '1:1: the policy must be a YAML mapping with "version: 1" and "organizations:", but this file holds text',
    ],
  },
  {
    name: "two documents",
    yaml: `${MINIMAL}---\n${MINIMAL}`,
    problems: ['4:1: a policy file holds one YAML document; remove this second one (and its "---")'],
  },
  {
    name: "unsupported version",
    yaml: "version: 2\norganisations: []\n",
    problems: ["1:10: version: this app reads policy version 1, not 2"],
  },
  {
    name: "quoted version",
    yaml: 'version: "1"\norganizations: [{name: P}]\n',
    problems: ["1:10: version: must be 1; write it without quotes: 1"],
  },
  {
    name: "a quoted version that is not the version either: no hint",
    yaml: 'version: "2"\norganizations: [{name: P}]\n',
    problems: ["1:10: version: must be 1"],
  },
  {
    name: "missing everything",
    yaml: "statement: hello\n",
    problems: ['1:1: missing required key "version"', '1:1: missing required key "organizations"'],
  },
  {
    name: "no organizations",
    yaml: "version: 1\norganizations: []\n",
    problems: ["2:16: organizations: must list at least one organization"],
  },
  {
    name: "empty organizations",
    yaml: "version: 1\norganizations:\n",
    problems: ["2:15: organizations: must be a list, but is empty"],
  },

  // --- YAML syntax
  {
    name: "tab indentation",
    yaml: "version: 1\norganizations:\n\t- name: x\n",
    problems: ["3:1: invalid YAML: Tabs are not allowed as indentation"],
  },
  {
    name: "unclosed flow list",
    yaml: "version: 1\norganizations: [{name: P}\n",
    problems: ["3:1: invalid YAML: Flow sequence in block collection must be sufficiently indented and end with a ]"],
  },
  {
    name: "unclosed quote",
    yaml: "version: 1\nstatement: 'oops\n",
    problems: ["3:1: invalid YAML: Missing closing 'quote"],
  },
  {
    name: "duplicate key",
    yaml: `${MINIMAL}version: 1\n`,
    problems: ['4:1: duplicate key "version" (first at line 1, column 1)'],
  },
  {
    name: "duplicate nested key",
    yaml: `${MINIMAL}    aliases: [a]\n    aliases: [b]\n`,
    problems: ['5:5: duplicate key "aliases" (first at line 4, column 5)'],
  },
  {
    name: "a list as key",
    yaml: `${MINIMAL}? [a]\n: b\n`,
    problems: ["4:3: a key must be a plain name, not a list, a mapping, an alias or empty"],
  },
  {
    name: "alias to nothing",
    yaml: `${MINIMAL}statement: *missing\n`,
    problems: ["4:12: alias *missing refers to no anchor &missing defined before it"],
  },
  {
    name: "js function tag",
    yaml: `${MINIMAL}statement: !!js/function 'function () {}'\n`,
    problems: ["4:12: unknown tag !!js/function: a policy holds only text, numbers, true/false, lists and mappings"],
  },
  {
    name: "binary tag",
    yaml: `${MINIMAL}statement: !!binary aGVsbG8=\n`,
    problems: ["4:12: unknown tag !!binary: a policy holds only text, numbers, true/false, lists and mappings"],
  },
  {
    name: "local tag",
    yaml: `${MINIMAL}statement: !shell echo hi\n`,
    problems: ["4:12: unknown tag !shell: a policy holds only text, numbers, true/false, lists and mappings"],
  },
  {
    name: "merge key is not special",
    yaml: `base: &b {approvers: admin}\n<<: *b\n${MINIMAL}`,
    problems: ['1:1: unknown key "base"', '2:1: unknown key "<<"'],
  },

  // --- unknown keys, with and without a suggestion
  {
    name: "misspelt top-level key",
    yaml: "version: 1\norganisations:\n  - name: P\n",
    problems: [
      '1:1: missing required key "organizations"',
      '2:1: unknown key "organisations"; did you mean "organizations"?',
    ],
  },
  {
    name: "camelCase key",
    yaml: `${MINIMAL}    githubOrgs: [palantir]\n`,
    problems: ['4:5: organizations[0]: unknown key "githubOrgs"; did you mean "github_orgs"?'],
  },
  {
    name: "singular key",
    yaml: `${MINIMAL}    alias: [Palantir]\n`,
    problems: ['4:5: organizations[0]: unknown key "alias"; did you mean "aliases"?'],
  },
  {
    name: "signal typo",
    yaml: `${MINIMAL}signals:\n  profile_bios: true\n`,
    problems: ['5:3: signals: unknown key "profile_bios"; did you mean "profile_bio"?'],
  },
  {
    name: "user entry typo",
    yaml: `${MINIMAL}    users: [{login: a, untill: 2021-01-01}]\n`,
    problems: ['4:24: organizations[0].users[0]: unknown key "untill"; did you mean "until"?'],
  },
  { name: "no close key", yaml: `${MINIMAL}colour: blue\n`, problems: ['4:1: unknown key "colour"'] },
  {
    name: "forbidden __proto__",
    yaml: `${MINIMAL}__proto__: {polluted: true}\n`,
    problems: ['4:1: key "__proto__" is not allowed'],
  },
  {
    name: "forbidden nested keys",
    yaml: `${MINIMAL}    constructor: x\n    prototype: {a: 1}\n`,
    problems: ['4:5: key "constructor" is not allowed', '5:5: key "prototype" is not allowed'],
  },

  // --- values
  {
    name: "email domain",
    yaml: `${MINIMAL}    email_domains: [palantir.com, "not a domain", "@palantir.com"]\n`,
    problems: [
      '4:35: organizations[0].email_domains[1]: must be an email domain such as "example.com" or a glob such as "*.example.com"',
      '4:51: organizations[0].email_domains[2]: must be an email domain such as "example.com" or a glob such as "*.example.com"',
    ],
  },
  {
    name: "too many stars",
    yaml: `${MINIMAL}    email_domains: ["*.*.*.*.*.*.*.*.*.com"]\n`,
    problems: ['4:21: organizations[0].email_domains[0]: may contain at most 8 "*"'],
  },
  {
    name: "github org login",
    yaml: `${MINIMAL}    github_orgs: [-palantir]\n`,
    problems: [
      "4:19: organizations[0].github_orgs[0]: must be a GitHub login (letters, digits and single hyphens, at most 39)",
    ],
  },
  {
    name: "user login",
    yaml: `${MINIMAL}    users: ["bad login!"]\n`,
    problems: [
      "4:13: organizations[0].users[0]: must be a GitHub login (letters, digits and single hyphens, at most 39)",
    ],
  },
  {
    name: "numeric login",
    yaml: `${MINIMAL}    users: [007]\n`,
    problems: [
      '4:13: organizations[0].users[0]: must be a GitHub login or a mapping {login: ..., until: YYYY-MM-DD}; to mean the text, quote it: "007"',
    ],
  },
  {
    name: "empty user",
    yaml: `${MINIMAL}    users: [~]\n`,
    problems: [
      "4:13: organizations[0].users[0]: must be a GitHub login or a mapping {login: ..., until: YYYY-MM-DD}, but is empty",
    ],
  },
  {
    name: "user without login",
    yaml: `${MINIMAL}    users: [{until: 2021-01-01}]\n`,
    problems: ['4:13: organizations[0].users[0]: missing required key "login"'],
  },
  {
    name: "impossible date",
    yaml: `${MINIMAL}    users: [{login: a, until: 2021-02-30}]\n`,
    problems: ["4:31: organizations[0].users[0].until: must be a real calendar date"],
  },
  {
    name: "date format",
    yaml: `${MINIMAL}    users: [{login: a, until: 30/06/2021}]\n`,
    problems: ["4:31: organizations[0].users[0].until: must be a date YYYY-MM-DD"],
  },
  {
    name: "organization without name",
    yaml: "version: 1\norganizations:\n  - aliases: [x]\n",
    problems: ['3:5: organizations[0]: missing required key "name"'],
  },
  {
    name: "empty name",
    yaml: "version: 1\norganizations:\n  - name:\n",
    problems: ["3:10: organizations[0].name: must be text, but is empty"],
  },
  {
    name: "blank name",
    yaml: 'version: 1\norganizations:\n  - name: "   "\n',
    problems: ["3:11: organizations[0].name: must not be empty"],
  },
  {
    name: "organization as text",
    yaml: "version: 1\norganizations: [Palantir]\n",
    problems: ["2:17: organizations[0]: must be a mapping (key: value lines), not text"],
  },
  {
    name: "aliases as text",
    yaml: `${MINIMAL}    aliases: Palantir\n`,
    problems: ["4:14: organizations[0].aliases: must be a list, not text"],
  },
  {
    name: "signal as text",
    yaml: `${MINIMAL}signals: {profile_bio: "yes"}\n`,
    problems: ["4:24: signals.profile_bio: must be true or false, not text"],
  },
  {
    name: "signals as text",
    yaml: `${MINIMAL}signals: all\n`,
    problems: ["4:10: signals: must be a mapping (key: value lines), not text"],
  },
  {
    name: "label true",
    yaml: `${MINIMAL}actions: {label: true}\n`,
    problems: ['4:18: actions.label: must be a label name or false; to mean the text, quote it: "true"'],
  },
  {
    name: "label empty",
    yaml: `${MINIMAL}actions: {label: ""}\n`,
    problems: ["4:18: actions.label: must not be empty"],
  },
  {
    name: "label too long",
    yaml: `${MINIMAL}actions: {label: ${"x".repeat(51)}}\n`,
    problems: ["4:18: actions.label: must be at most 50 characters"],
  },
  {
    name: "check value",
    yaml: `${MINIMAL}actions: {check: failure}\n`,
    problems: ['4:18: actions.check: must be "neutral", "action_required" or false'],
  },
  {
    name: "reviewer",
    yaml: `${MINIMAL}actions: {request_reviewers: [alice, "org/"]}\n`,
    problems: ['4:38: actions.request_reviewers[1]: must be a GitHub login or "org/team-slug"'],
  },
  {
    name: "too many reviewers",
    yaml: `${MINIMAL}actions: {request_reviewers: [${Array.from({ length: 16 }, (_, i) => `u${i}`).join(", ")}]}\n`,
    problems: ["4:30: actions.request_reviewers: may have at most 15 items"],
  },
  {
    name: "exempt team",
    yaml: `${MINIMAL}exempt: {teams: [core]}\n`,
    problems: ['4:18: exempt.teams[0]: must be "org/team-slug"'],
  },
  {
    name: "former affiliations",
    yaml: `${MINIMAL}former_affiliations: Flag\n`,
    problems: ['4:22: former_affiliations: must be "ignore" or "flag"'],
  },
  {
    name: "approvers",
    yaml: `${MINIMAL}approvers: owner\n`,
    problems: ['4:12: approvers: must be one of "write", "maintain", "admin"'],
  },
  {
    name: "policy_url scheme",
    yaml: `${MINIMAL}policy_url: "javascript:alert(1)"\n`,
    problems: ["4:13: policy_url: must be a path in the repository or an https URL"],
  },
  {
    name: "policy_url with another scheme, and https further on",
    yaml: `${MINIMAL}policy_url: "javascript:x//https://a.example"\n`,
    problems: ["4:13: policy_url: must be a path in the repository or an https URL"],
  },
  {
    name: "protocol-relative policy_url",
    yaml: `${MINIMAL}policy_url: //evil.example/ethics\n`,
    problems: ["4:13: policy_url: must be a path in the repository or an https URL"],
  },
  {
    name: "_extends not text",
    yaml: `_extends: [a]\n${MINIMAL}`,
    problems: ["1:11: _extends: must be text, not a list"],
  },

  {
    name: "calendar dates: a leap day, a 29 February, a 13th month, a 31 April",
    yaml: `${MINIMAL}    users: [{login: a, until: 2020-02-29}, {login: b, until: 2021-02-29}, {login: c, until: 2021-13-01}, {login: d, until: 2021-04-31}, {login: e, until: 2021-12-31}]\n`,
    problems: [
      "4:62: organizations[0].users[1].until: must be a real calendar date",
      "4:93: organizations[0].users[2].until: must be a real calendar date",
      "4:124: organizations[0].users[3].until: must be a real calendar date",
    ],
  },
  {
    name: "eight stars in a domain, nine, and two in a row",
    yaml: `${MINIMAL}    email_domains: ["*.*.*.*.*.*.*.*.com", "*a*b*c*d*e*f*g*h*i.com", "a**b.com"]\n`,
    problems: [
      '4:44: organizations[0].email_domains[1]: may contain at most 8 "*"',
      '4:70: organizations[0].email_domains[2]: must be an email domain such as "example.com" or a glob such as "*.example.com"',
    ],
  },
  {
    name: "policy_url with another scheme",
    yaml: `${MINIMAL}policy_url: mailto:a@b.example\n`,
    problems: ["4:13: policy_url: must be a path in the repository or an https URL"],
  },
  {
    name: "policy_url over http",
    yaml: `${MINIMAL}policy_url: http://example.org\n`,
    problems: ["4:13: policy_url: must be a path in the repository or an https URL"],
  },
  {
    name: "policy_url to a Windows share",
    yaml: `${MINIMAL}policy_url: "\\\\\\\\host\\\\x"\n`,
    problems: ["4:13: policy_url: must be a path in the repository or an https URL"],
  },
  {
    name: "a repository name with a space",
    yaml: `${MINIMAL}skip_repos: ["a b", ok.repo_-1]\n`,
    problems: ["4:14: skip_repos[0]: must be a repository name"],
  },

  // --- uniqueness
  {
    name: "organization twice",
    yaml: `${MINIMAL}  - name: " palantir   technologies "\n`,
    problems: [
      '4:11: organizations[1].name: organization "palantir   technologies" is listed twice (first at line 3, column 11)',
    ],
  },
  {
    name: "login twice in one organization",
    yaml: `${MINIMAL}    users: [alice, {login: Alice, until: 2020-01-01}]\n`,
    problems: [
      '4:20: organizations[0].users[1]: user "Alice" is listed twice in this organization (first at line 4, column 13)',
    ],
  },
  {
    name: "names the same but for case, tabs and runs of spaces",
    yaml: "version: 1\norganizations:\n  - name: Acme\tCorp\n  - name: acme corp\n  - name: ACME  CORP\n",
    problems: [
      '4:11: organizations[1].name: organization "acme corp" is listed twice (first at line 3, column 11)',
      '5:11: organizations[2].name: organization "ACME  CORP" is listed twice (first at line 3, column 11)',
    ],
  },
  {
    name: "the same login in two organizations, and twice in the second",
    yaml: "version: 1\norganizations:\n  - name: A\n    users: [alice]\n  - name: B\n    users: [alice, bob, Bob]\n",
    problems: [
      '6:25: organizations[1].users[2]: user "Bob" is listed twice in this organization (first at line 6, column 20)',
    ],
  },
  {
    name: "user entries without a text login are not compared",
    yaml: "version: 1\norganizations:\n  - name: A\n    users: [{until: 2020-01-01}, {login: 3}, alice, ALICE]\n",
    problems: [
      '4:13: organizations[0].users[0]: missing required key "login"',
      '4:42: organizations[0].users[1].login: must be text, not a number; to mean the text, quote it: "3"',
      '4:53: organizations[0].users[3]: user "ALICE" is listed twice in this organization (first at line 4, column 46)',
    ],
  },
  {
    name: "names that are not text are not compared",
    yaml: "version: 1\norganizations:\n  - name: 3\n  - name: 3\n",
    problems: [
      '3:11: organizations[0].name: must be text, not a number; to mean the text, quote it: "3"',
      '4:11: organizations[1].name: must be text, not a number; to mean the text, quote it: "3"',
    ],
  },
  {
    name: "users that are not a list",
    yaml: "version: 1\norganizations:\n  - name: A\n    users: alice\n",
    problems: ["4:12: organizations[0].users: must be a list, not text"],
  },
  {
    name: "organizations that are not a list",
    yaml: "version: 1\norganizations: 3\n",
    problems: ["2:16: organizations: must be a list, not a number"],
  },
];

describe("parsePolicy: problems", () => {
  test.each(cases)("$name", ({ yaml, problems }) => {
    const result = parsePolicy(yaml, "policy.yml");
    expect(result.ok).toBe(false);
    expect(problemLines(result)).toEqual(problems);
  });

  test("the same login in two organizations is fine", () => {
    expect(
      parsePolicy("version: 1\norganizations:\n  - {name: A, users: [alice]}\n  - {name: B, users: [alice]}\n", "p.yml")
        .ok,
    ).toBe(true);
  });

  test("every problem is reported, in line and column order, each with its file", () => {
    const text = [
      "version: 1",
      "organizations:",
      "  - name: Palantir",
      "    alias: [x]",
      "    email_domains: [palantir.com, bad domain]",
      "  - name: PALANTIR",
      "signals: {profile_bio: maybe}",
      "approvers: owner",
      "",
    ].join("\n");
    const result = parsePolicy(text, "acme/app:.github/ethics-policy.yml");
    expect(problemLines(result, true)).toEqual([
      'acme/app:.github/ethics-policy.yml:4:5: organizations[0]: unknown key "alias"; did you mean "aliases"?',
      'acme/app:.github/ethics-policy.yml:5:35: organizations[0].email_domains[1]: must be an email domain such as "example.com" or a glob such as "*.example.com"',
      'acme/app:.github/ethics-policy.yml:6:11: organizations[1].name: organization "PALANTIR" is listed twice (first at line 3, column 11)',
      "acme/app:.github/ethics-policy.yml:7:24: signals.profile_bio: must be true or false, not text",
      'acme/app:.github/ethics-policy.yml:8:12: approvers: must be one of "write", "maintain", "admin"',
    ]);
  });

  test(`at most ${MAX_PROBLEMS} problems, then a count of the rest`, () => {
    const unknownKeys = Array.from({ length: 80 }, (_, i) => `unknown_${i}: 1`).join("\n");
    const lines = problemLines(parsePolicy(`${MINIMAL}${unknownKeys}\n`, "p.yml"));
    expect(lines).toHaveLength(MAX_PROBLEMS + 1);
    expect(lines[0]).toBe('4:1: unknown key "unknown_0"');
    expect(lines[MAX_PROBLEMS]).toBe(`${4 + MAX_PROBLEMS}:1: …and 30 more problems`);
  });
});
