import { describe, expect, test } from "@jest/globals";
import { formatProblem, parsePolicy, readExtends } from "../../src/policy/parse.js";
import { MINIMAL, problemLines } from "./helpers.js";

// A full example policy, as a maintainer following the Entropic registry's 2019 stance would write it.
const ENTROPIC = `# yaml-language-server: $schema=../schema/ethics-policy.schema.json
version: 1
statement: >-
  This project does not accept contributions made on behalf of organizations that build
  tooling for mass surveillance and deportation.
policy_url: ETHICS.md
organizations:
  - name: Palantir Technologies
    aliases: [Palantir]
    github_orgs: [palantir]
    email_domains: [palantir.com, "*.palantir.com"]
    users: [some-login, {login: other-login, until: 2021-06-30}]
    reason: Builds ICE's case-management and deportation-targeting software.
signals:
  profile_company: true
  profile_bio: false
  profile_email: true
  organizations: true
  commit_emails: true
  co_authors: true
former_affiliations: ignore
actions:
  label: ethics-review
  comment: true
  check: neutral
  request_reviewers: [alice, my-org/ethics-team]
exempt:
  users: [dependabot-fan]
  teams: [my-org/core]
  bots: true
approvers: maintain
`;

function policyOf(text: string) {
  const result = parsePolicy(text, "policy.yml");
  if (!result.ok) throw new Error(`expected a valid policy, got:\n${problemLines(result).join("\n")}`);
  return result;
}

describe("parsePolicy: valid policies", () => {
  test("the full Entropic-style policy parses to exactly what was written", () => {
    expect(policyOf(ENTROPIC).policy).toEqual({
      version: 1,
      statement:
        "This project does not accept contributions made on behalf of organizations that build tooling for mass surveillance and deportation.",
      policy_url: "ETHICS.md",
      organizations: [
        {
          name: "Palantir Technologies",
          aliases: ["Palantir"],
          github_orgs: ["palantir"],
          email_domains: ["palantir.com", "*.palantir.com"],
          users: ["some-login", { login: "other-login", until: "2021-06-30" }],
          reason: "Builds ICE's case-management and deportation-targeting software.",
        },
      ],
      signals: {
        profile_company: true,
        profile_bio: false,
        profile_email: true,
        organizations: true,
        commit_emails: true,
        co_authors: true,
      },
      former_affiliations: "ignore",
      actions: {
        label: "ethics-review",
        comment: true,
        check: "neutral",
        request_reviewers: ["alice", "my-org/ethics-team"],
      },
      exempt: { users: ["dependabot-fan"], teams: ["my-org/core"], bots: true },
      approvers: "maintain",
      allow_repo_override: true,
      skip_repos: [],
    });
  });

  test("every default is filled in from a minimal policy", () => {
    const { policy, extends: base } = policyOf(MINIMAL);
    expect(base).toBeUndefined();
    expect(policy).toEqual({
      version: 1,
      organizations: [{ name: "Palantir Technologies", aliases: [], github_orgs: [], email_domains: [], users: [] }],
      signals: {
        profile_company: true,
        profile_bio: false,
        profile_email: true,
        organizations: true,
        commit_emails: true,
        co_authors: true,
      },
      former_affiliations: "ignore",
      actions: { label: "ethics-review", comment: true, check: "neutral", request_reviewers: [] },
      exempt: { users: [], teams: [], bots: true },
      approvers: "maintain",
      allow_repo_override: true,
      skip_repos: [],
    });
  });

  test("a partly written section keeps the defaults of the keys left out", () => {
    const { policy } = policyOf(
      `${MINIMAL}signals: {profile_bio: true, co_authors: false}\nactions: {check: action_required}\n`,
    );
    expect(policy.signals).toEqual({
      profile_company: true,
      profile_bio: true,
      profile_email: true,
      organizations: true,
      commit_emails: true,
      co_authors: false,
    });
    expect(policy.actions).toEqual({
      label: "ethics-review",
      comment: true,
      check: "action_required",
      request_reviewers: [],
    });
  });

  test.each([
    [
      "no label and no check",
      "actions: {label: false, check: false}\n",
      (p: ReturnType<typeof policyOf>["policy"]) => [p.actions.label, p.actions.check],
      [false, false],
    ],
    [
      "former affiliations flagged",
      "former_affiliations: flag\n",
      (p: ReturnType<typeof policyOf>["policy"]) => [p.former_affiliations],
      ["flag"],
    ],
    ["admins approve", "approvers: admin\n", (p: ReturnType<typeof policyOf>["policy"]) => [p.approvers], ["admin"]],
    [
      "an https policy_url",
      "policy_url: https://example.org/ethics\n",
      (p: ReturnType<typeof policyOf>["policy"]) => [p.policy_url],
      ["https://example.org/ethics"],
    ],
  ])("%s", (_name, extra, pick, expected) => {
    expect(pick(policyOf(MINIMAL + extra).policy)).toEqual(expected);
  });

  test.each(["HTTPS://example.org/ethics", "docs/ethics.md", "/docs/ethics.md"])("policy_url %s is accepted", (url) => {
    expect(policyOf(`${MINIMAL}policy_url: ${url}\n`).policy.policy_url).toBe(url);
  });

  test("an uppercase domain is accepted and left as written (the matcher lower-cases)", () => {
    const { policy } = policyOf(`${MINIMAL}    email_domains: [Palantir.COM, "*.PALANTIR.com"]\n`);
    expect(policy.organizations[0]!.email_domains).toEqual(["Palantir.COM", "*.PALANTIR.com"]);
  });

  test("anchors and aliases may share a list between organizations", () => {
    const text = `version: 1\norganizations:\n  - name: A\n    email_domains: &shared [a.example, b.example]\n  - name: B\n    email_domains: *shared\n`;
    expect(policyOf(text).policy.organizations.map((o) => o.email_domains)).toEqual([
      ["a.example", "b.example"],
      ["a.example", "b.example"],
    ]);
  });

  test("JSON is YAML too", () => {
    const { policy } = policyOf('{"version": 1, "organizations": [{"name": "Palantir", "github_orgs": ["palantir"]}]}');
    expect(policy.organizations[0]!.github_orgs).toEqual(["palantir"]);
  });

  test("a %YAML 1.1 directive does not bring back 1.1 dates or yes/no booleans", () => {
    const { policy } = policyOf(
      `%YAML 1.1\n---\nversion: 1\norganizations:\n  - name: P\n    users: [{login: a, until: 2021-06-30}]\nactions: {label: no}\n`,
    );
    expect(policy.organizations[0]!.users).toEqual([{ login: "a", until: "2021-06-30" }]);
    expect(policy.actions.label).toBe("no");
  });

  test("_extends is returned raw next to the policy", () => {
    const result = policyOf(`_extends: .github\n${MINIMAL}`);
    expect(result.extends).toBe(".github");
    expect(result.policy._extends).toBe(".github");
  });

  test("a byte order mark and CRLF line ends are fine", () => {
    expect(policyOf(`\uFEFF${MINIMAL.replace(/\n/g, "\r\n")}`).policy.version).toBe(1);
  });
});

describe("readExtends", () => {
  test.each([
    ["a repo", "_extends: .github\nversion: 1\n", ".github"],
    ["owner/repo:path", '_extends: "acme/policies:ethics/base.yml"\n', "acme/policies:ethics/base.yml"],
    ["without validating the rest", "_extends: acme/.github\norganisations: nope\n", "acme/.github"],
    ["absent", MINIMAL, null],
    ["not text", "_extends: [a, b]\n", null],
    ["not a mapping", "- _extends: x\n", null],
    ["empty file", "", null],
    ["broken YAML", "_extends: [\n", null],
    ["too large", `_extends: x\n#${"x".repeat(300 * 1024)}\n`, null],
    ["too deep", `_extends: x\ny: ${"[".repeat(5000)}`, null],
  ])("%s", (_name, text, expected) => {
    expect(readExtends(text, "policy.yml")).toBe(expected);
  });
});

test("a policy_url path in the repository may hold a colon after its start", () => {
  const result = parsePolicy(`${MINIMAL}policy_url: docs/notes:2024.md\n`, "p.yml");
  expect(result.ok && result.policy.policy_url).toBe("docs/notes:2024.md");
});

test("names are the same organization only if equal in lower case, spaces collapsed, not removed", () => {
  const text =
    "version: 1\norganizations:\n  - name: Straße GmbH\n  - name: STRASSE GMBH\n  - name: Booz Allen\n  - name: BoozAllen\n";
  expect(problemLines(parsePolicy(text, "p.yml"))).toEqual([]);
});

test("formatProblem writes FILE:LINE:COL: message", () => {
  expect(formatProblem({ file: "acme/app:.github/ethics-policy.yml", line: 3, col: 7, message: "unknown key" })).toBe(
    "acme/app:.github/ethics-policy.yml:3:7: unknown key",
  );
});
