// Policy lint: a table of entries that would flag almost everyone, and of look-alikes that must not warn.
import { describe, expect, it } from "@jest/globals";
import { lintPolicy, MAX_WARNINGS, warningCount, type LintRule } from "../../src/policy/lint.js";
import { parsePolicy } from "../../src/policy/parse.js";

function rulesFor(org: string): LintRule[] {
  const text = `version: 1\norganizations:\n  - name: Acme Widgets\n${org}`;
  const parsed = parsePolicy(text, "p.yml");
  if (!parsed.ok) throw new Error(parsed.problems.map((p) => p.message).join("; "));
  return lintPolicy(parsed.policy, { file: "p.yml", text }).map((w) => w.rule);
}

describe("lintPolicy", () => {
  it.each<[string, string, LintRule[]]>([
    ["catch-all glob", '    email_domains: ["*.*"]\n', ["catch_all_domain"]],
    ["top-level-domain glob", '    email_domains: ["*.com"]\n', ["top_level_domain"]],
    ["country second-level glob", '    email_domains: ["*.co.uk"]\n', ["top_level_domain"]],
    // From the Public Suffix List, not a hand-kept pattern: government and school suffixes too.
    [
      "public suffixes of other shapes",
      '    email_domains: ["*.gob.mx", "*.govt.nz", "*.k12.ca.us", "*.com.au", "*.ac.jp", "*.xn--p1ai"]\n',
      Array<LintRule>(6).fill("top_level_domain"),
    ],
    // Bare entries match that exact domain only: nobody's address is "x@co.uk".
    ["a bare public suffix", "    email_domains: [co.uk, gov.uk, pythonanywhere.com]\n", []],
    [
      "a * inside a name",
      '    email_domains: ["*palantir.com", "*.co*", "*.c*m", "pal*.example.org"]\n',
      Array<LintRule>(4).fill("partial_label_glob"),
    ],
    [
      "shared hosting suffixes",
      '    email_domains: ["*.github.io", "*.blogspot.com", "*.herokuapp.com"]\n',
      ["public_suffix", "public_suffix", "public_suffix"],
    ],
    ["GitHub's private-address domain", "    email_domains: [users.noreply.github.com]\n", ["noreply_domain"]],
    [
      "registrable domains under suffixes",
      '    email_domains: [acme.co.uk, "*.acme.gob.mx", acme.github.io, github.com, mail.acme.com.au]\n',
      [],
    ],
    [
      "public mail provider",
      "    email_domains: [gmail.com, outlook.com]\n",
      ["public_mail_provider", "public_mail_provider"],
    ],
    ["provider under a glob", '    email_domains: ["*.yahoo.com"]\n', ["public_mail_provider"]],
    [
      "common-word aliases",
      "    aliases: [Inc, Labs, Group]\n",
      ["common_word_alias", "common_word_alias", "common_word_alias"],
    ],
    ["one- and two-letter aliases", "    aliases: [AI, X, I.B]\n", ["short_alias", "short_alias", "short_alias"]],
    ["@ in github_orgs", '    github_orgs: ["@acme"]\n', ["at_in_github_org"]],
    ["a company's own domain", "    email_domains: [acme.example, '*.acme.example']\n", []],
    ["a specific alias", "    aliases: [Acme Labs, ACME]\n", []],
    ["a plain org login", "    github_orgs: [acme]\n", []],
  ])("%s", (_name, org, expected) => {
    expect(rulesFor(org)).toEqual(expected);
  });

  it("does not warn about a provider listed as its own organization", () => {
    const text = "version: 1\norganizations:\n  - name: Yahoo\n    email_domains: [yahoo.com]\n";
    const parsed = parsePolicy(text, "p.yml");
    expect(parsed.ok && lintPolicy(parsed.policy, { file: "p.yml", text })).toEqual([]);
  });

  it("places each warning at the entry's line and column", () => {
    const text = "version: 1\norganizations:\n  - name: Acme\n    aliases:\n      - Labs\n";
    const parsed = parsePolicy(text, "p.yml");
    if (!parsed.ok) throw new Error("invalid");
    expect(lintPolicy(parsed.policy, { file: "p.yml", text })).toEqual([
      expect.objectContaining({ file: "p.yml", line: 5, col: 9, rule: "common_word_alias" }),
    ]);
  });

  it("reports at most MAX_WARNINGS, then one warning that sums up the rest, located at the first left out", () => {
    const short = `version: 1\norganizations:\n${Array.from({ length: 30 }, (_, i) => `  - name: Org ${i}\n    aliases: [AI, X, Inc]\n`).join("")}`;
    const parsedShort = parsePolicy(short, "s.yml");
    if (!parsedShort.ok) throw new Error("invalid");
    const many = lintPolicy(parsedShort.policy, { file: "s.yml", text: short });
    expect(many).toHaveLength(MAX_WARNINGS + 1);
    expect(warningCount(many)).toBe(90);
    const last = many.at(-1)!;
    expect(last).toMatchObject({
      more: 90 - MAX_WARNINGS,
      message: `…and ${90 - MAX_WARNINGS} more warnings of entries like these`,
    });
    // The 51st warning is org 16's "Inc", located where "Inc" is first written: org 0's aliases.
    expect(last).toMatchObject({ rule: "common_word_alias", line: 4, col: 22 });
  });
});
