// Policy lint: a table of entries that would flag almost everyone, and of look-alikes that must not warn.
import { describe, expect, it } from "@jest/globals";
import { formatWarning, lintPolicy, MAX_WARNINGS, warningCount, type LintRule } from "../../src/policy/lint.js";
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

/** Each warning as the CLI prints it, with its rule. */
function warningLines(text: string): string[] {
  const parsed = parsePolicy(text, "p.yml");
  if (!parsed.ok) throw new Error(parsed.problems.map((p) => p.message).join("; "));
  return lintPolicy(parsed.policy, { file: "p.yml", text }).map((w) => `${formatWarning(w)} [${w.rule}]`);
}

const ORG = "version: 1\norganizations:\n  - name: Acme Widgets\n";

describe("lintPolicy: each warning's words and place", () => {
  it.each<[string, string, string[]]>([
    [
      "catch-all glob",
      `${ORG}    email_domains: ["*.*"]\n`,
      [
        'p.yml:4:21: warning: email_domains: "*.*" matches every email domain, so it flags almost everyone [catch_all_domain]',
      ],
    ],
    [
      "a * inside a name",
      `${ORG}    email_domains:\n      - "*.co*"\n`,
      [
        'p.yml:5:9: warning: email_domains: "*.co*" has a "*" inside a name ("co*"), which matches more than it seems ("*palantir.com" also matches "notpalantir.com", "*.co*" matches "gmail.com"); write "*.example.com" for every subdomain of example.com [partial_label_glob]',
      ],
    ],
    // A "*" that is a whole label is no partial glob; in the middle of a domain it is not a suffix either.
    ["a whole-label * in the middle", `${ORG}    email_domains: [acme.*.example]\n`, []],
    [
      "several leading *. labels",
      `${ORG}    email_domains: ["*.*.com"]\n`,
      [
        'p.yml:4:21: warning: email_domains: "*.*.com" covers a whole top-level domain (every address ending in .com), so it flags almost everyone there [top_level_domain]',
      ],
    ],
    [
      "a top-level domain that is not in the Public Suffix List",
      `${ORG}    email_domains: ["*.123"]\n`,
      [
        'p.yml:4:21: warning: email_domains: "*.123" covers a whole top-level domain (every address ending in .123), so it flags almost everyone there [top_level_domain]',
      ],
    ],
    [
      "shared hosting suffix",
      `${ORG}    email_domains: ['*.GitHub.io']\n`,
      [
        'p.yml:4:21: warning: email_domains: "*.GitHub.io" covers a whole shared domain (every address ending in .github.io, where anyone can have a name), so it flags almost everyone there [public_suffix]',
      ],
    ],
    [
      "GitHub's private-address domain",
      `${ORG}    email_domains: [acme.example, users.noreply.github.com]\n`,
      [
        'p.yml:4:35: warning: email_domains: "users.noreply.github.com" is GitHub\'s private-address domain; such an address is attributed to the account it names, never matched by domain, so this entry matches nothing [noreply_domain]',
      ],
    ],
    [
      "public mail provider",
      `${ORG}    email_domains: [gmail.com]\n`,
      [
        'p.yml:4:21: warning: email_domains: "gmail.com" is a public mail provider\'s domain; anyone can have an address there, so it flags people who have nothing to do with the organization [public_mail_provider]',
      ],
    ],
    [
      "a provider's domain under the company's alias, not its name",
      "version: 1\norganizations:\n  - name: Oath Inc\n    aliases: [Yahoo Mail]\n    email_domains: [yahoo.com]\n",
      [],
    ],
    [
      "a provider's domain under its name written with an accent",
      "version: 1\norganizations:\n  - name: Yahóo\n    email_domains: [yahoo.com]\n",
      [],
    ],
    [
      "a short name",
      "version: 1\norganizations:\n  - name: X\n",
      ['p.yml:3:11: warning: name: "X" is one or two letters; it matches a great many profiles [short_alias]'],
    ],
    [
      "a common word as the name",
      "version: 1\norganizations:\n  - name: Labs\n",
      [
        'p.yml:3:11: warning: name: "Labs" is a common word in company names; it matches a great many profiles [common_word_alias]',
      ],
    ],
    [
      "a name on a line of its own, with more lines after it",
      "version: 1\norganizations:\n  - name: Labs\n    aliases: [Acme Labs]\n",
      [
        'p.yml:3:11: warning: name: "Labs" is a common word in company names; it matches a great many profiles [common_word_alias]',
      ],
    ],
    [
      "a short alias",
      `${ORG}    aliases: ["I.B"]\n`,
      ['p.yml:4:15: warning: aliases: "I.B" is one or two letters; it matches a great many profiles [short_alias]'],
    ],
    ["an alias of no letters at all", `${ORG}    aliases: ["---", "++"]\n`, []],
    [
      "a common-word alias, in any case",
      `${ORG}    aliases: [Acme, GROUP]\n`,
      [
        'p.yml:4:21: warning: aliases: "GROUP" is a common word in company names; it matches a great many profiles [common_word_alias]',
      ],
    ],
    [
      "@ in github_orgs",
      `${ORG}    github_orgs: [acme, "@acme-labs"]\n`,
      [
        'p.yml:4:25: warning: github_orgs: write "acme-labs", not "@acme-labs": an organization login has no "@" (it is ignored) [at_in_github_org]',
      ],
    ],
    [
      "an entry written with an escape is placed at 1:1",
      `${ORG}    aliases: ["L\\x61bs"]\n`,
      [
        'p.yml:1:1: warning: aliases: "Labs" is a common word in company names; it matches a great many profiles [common_word_alias]',
      ],
    ],
    [
      "an entry at the end of the text",
      `${ORG}    aliases:\n      - Inc`,
      [
        'p.yml:5:9: warning: aliases: "Inc" is a common word in company names; it matches a great many profiles [common_word_alias]',
      ],
    ],
  ])("%s", (_name, text, expected) => {
    expect(warningLines(text)).toEqual(expected);
  });

  it('places warnings at 1:1 of "(policy)" when given no source', () => {
    const parsed = parsePolicy("version: 1\norganizations:\n  - name: Acme\n    aliases: [Labs]\n", "p.yml");
    if (!parsed.ok) throw new Error("invalid");
    expect(lintPolicy(parsed.policy)).toEqual([
      {
        file: "(policy)",
        line: 1,
        col: 1,
        rule: "common_word_alias",
        message: 'aliases: "Labs" is a common word in company names; it matches a great many profiles',
      },
    ]);
  });

  it("sums up a single warning left out in the singular", () => {
    const text = `version: 1\norganizations:\n${Array.from({ length: MAX_WARNINGS + 1 }, (_, i) => `  - name: Org ${i}\n    aliases: [X${i % 10}]\n`).join("")}`;
    const warnings = warningLines(text);
    expect(warnings).toHaveLength(MAX_WARNINGS + 1);
    expect(warnings.at(-1)).toBe("p.yml:4:15: warning: …and 1 more warning of entries like these [short_alias]");
  });
});
