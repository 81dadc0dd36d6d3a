// Email domains and website hosts: exact entries, globs over the domain part only, and the traps
// (look-alike and suffix domains) that must never match.
import { describe, expect, test } from "@jest/globals";
import { blogHost, buildDomainIndex, matchDomain } from "../../src/match/domains.js";
import { evaluate } from "../../src/evaluate.js";
import { compile, evidence, NOW } from "./helpers.js";
import { fixture } from "../helpers/fixture.js";

// Built inside each test, not when the file loads, so mutation testing counts these rows as tests
// of buildDomainIndex (Stryker ignores code that only runs while a test file loads).
const index = () =>
  buildDomainIndex([
    { email_domains: ["palantir.com", "*.palantir.com"] },
    { email_domains: ["Clearview.AI"] },
    { email_domains: ["*palantir-federal.com", "gov.*", "*.mil.*"] },
    { email_domains: ["palantir.com"] },
  ]);
const orgsOf = (domain: string | null): number[] => matchDomain(index(), domain).map((r) => r.org);

describe("matchDomain", () => {
  test.each<[string, number[]]>([
    ["palantir.com", [0, 3]],
    ["PALANTIR.COM", [0, 3]],
    ["palantir.com.", [0, 3]],
    [" palantir.com ", [0, 3]],
    ["eu.palantir.com", [0]],
    ["a.b.palantir.com", [0]],
    ["clearview.ai", [1]],
    ["CLEARVIEW.ai", [1]],
    ["palantir-federal.com", [2]],
    ["us.palantir-federal.com", [2]],
    ["gov.uk", [2]],
    ["gov.example.org", [2]],
    ["x.mil.us", [2]],
    // The longest a domain name can be, 253 characters, is still a domain; one more is not.
    [`${"a".repeat(240)}.palantir.com`, [0]],
    [`${"a".repeat(240)}.palantir.com.`, [0]],
    [`${"a".repeat(241)}.palantir.com`, []],
  ])("%s → organizations %j", (domain, orgs) => {
    expect(orgsOf(domain)).toEqual(orgs);
  });

  test.each([
    "palantir.com.evil.example",
    "notpalantir.com",
    "palantir.community",
    "palantir.co",
    "palantircom",
    "evil.example",
    "clearview.ai.example",
    "myclearview.ai",
    "govt.uk",
    "mil.us",
    "",
    "a b.palantir.com",
    "evil/x.palantir.com",
    // Characters URL host parsing lets through but no domain name has: not even a glob matches.
    "x!.palantir.com",
    "x*y.palantir.com",
    `${"a".repeat(250)}.palantir.com`,
  ])("%j matches nothing", (domain) => {
    expect(orgsOf(domain)).toEqual([]);
  });

  test("a glob's own parent domain matches only when listed", () => {
    const only = buildDomainIndex([{ email_domains: ["*.palantir.com"] }]);
    expect(matchDomain(only, "eu.palantir.com").map((r) => r.pattern)).toEqual(["*.palantir.com"]);
    expect(matchDomain(only, "palantir.com")).toEqual([]);
  });

  test("globs are filed under their last one or two literal labels; the rest are tried for every domain", () => {
    const built = index();
    const filed = (m: Map<string, { pattern: string }[]>) =>
      Object.fromEntries([...m].map(([key, rules]) => [key, rules.map((r) => r.pattern)]));
    expect(filed(built.exact)).toEqual({
      "palantir.com": ["palantir.com", "palantir.com"],
      "clearview.ai": ["Clearview.AI"],
    });
    expect(filed(built.globs)).toEqual({ "palantir.com": ["*.palantir.com"], com: ["*palantir-federal.com"] });
    expect(built.anywhere.map((r) => r.pattern)).toEqual(["gov.*", "*.mil.*"]);
    // Never more than two labels, so the two keys a domain is looked up under find every glob.
    const deep = buildDomainIndex([{ email_domains: ["*.eu.palantir.com"] }]);
    expect([...deep.globs.keys()]).toEqual(["palantir.com"]);
    expect(matchDomain(deep, "x.eu.palantir.com").map((r) => r.pattern)).toEqual(["*.eu.palantir.com"]);
    expect(matchDomain(deep, "x.us.palantir.com")).toEqual([]);
  });

  test("a policy entry's case and trailing dot do not matter", () => {
    const dotted = buildDomainIndex([{ email_domains: ["Palantir.COM.", "*.Anduril.com."] }]);
    expect(matchDomain(dotted, "palantir.com").map((r) => r.pattern)).toEqual(["Palantir.COM."]);
    expect(matchDomain(dotted, "eu.anduril.com").map((r) => r.pattern)).toEqual(["*.Anduril.com."]);
  });

  test("null and non-strings match nothing", () => {
    expect(orgsOf(null)).toEqual([]);
    expect(matchDomain(index(), undefined)).toEqual([]);
  });
});

describe("blogHost", () => {
  test.each<[string, string | null]>([
    ["https://palantir.com/about", "palantir.com"],
    ["http://palantir.com", "palantir.com"],
    ["palantir.com", "palantir.com"],
    ["palantir.com/careers?x=1", "palantir.com"],
    ["//palantir.com/x", "palantir.com"],
    ["HTTPS://EU.Palantir.COM:8443/", "eu.palantir.com"],
    ["https://palantir.com./", "palantir.com"],
    ["http://evil.example/palantir.com", "evil.example"],
    ["https://palantir.com@evil.example/", "evil.example"],
    ["https://evil.example/?u=palantir.com", "evil.example"],
    ["  https://palantir.com  ", "palantir.com"],
    ["ftp://palantir.com", null],
    ["javascript://palantir.com", null],
    ["", null],
    ["   ", null],
    ["http://", null],
    ["not a url at all", null],
    ["https://[::1]/", null],
    ["https://127.0.0.1/", "127.0.0.1"],
    ["https://bücher.example/", "xn--bcher-kva.example"],
    // A scheme counts only at the start: a link further on is part of the path.
    ["palantir.com/?next=https://evil.example", "palantir.com"],
  ])("%j → %j", (blog, host) => {
    expect(blogHost(blog)).toBe(host);
  });

  test("null, huge and non-string blogs have no host", () => {
    expect(blogHost(null)).toBeNull();
    expect(blogHost(`https://palantir.com/${"x".repeat(5000)}`)).toBeNull();
    expect(blogHost(42 as unknown as string)).toBeNull();
    // 2,048 characters, the most a website field is read at, still has a host; one more has none.
    const upTo = (n: number) => `https://palantir.com/${"x".repeat(n - "https://palantir.com/".length)}`;
    expect(blogHost(upTo(2048))).toBe("palantir.com");
    expect(blogHost(upTo(2049))).toBeNull();
  });
});

describe("profile email and website", () => {
  const c = fixture(() => compile());
  const signals = (fields: Parameters<typeof evidence>[0], policy = c()) =>
    evaluate(policy, evidence(fields), { now: NOW }).matches.map((m) => [m.signal, m.value, m.matched]);

  test("the public email's domain", () => {
    expect(signals({ email: "alice@palantir.com" })).toEqual([["profile_email", "alice@palantir.com", "palantir.com"]]);
    expect(signals({ email: "Alice@EU.Palantir.com" })).toEqual([
      ["profile_email", "Alice@EU.Palantir.com", "*.palantir.com"],
    ]);
    expect(signals({ email: "palantir.com@gmail.com" })).toEqual([]);
    expect(signals({ email: "alice@palantir.com.evil.example" })).toEqual([]);
    expect(signals({ email: "alice@notpalantir.com" })).toEqual([]);
    expect(signals({ email: "1+alice@users.noreply.github.com" })).toEqual([]);
    expect(signals({ email: "not-an-email" })).toEqual([]);
    expect(signals({ email: "" })).toEqual([]);
  });

  test("the website's host", () => {
    expect(signals({ blog: "https://palantir.com/about" })).toEqual([
      ["profile_blog", "https://palantir.com/about", "palantir.com"],
    ]);
    expect(signals({ blog: "blog.palantir.com" })).toEqual([["profile_blog", "blog.palantir.com", "*.palantir.com"]]);
    expect(signals({ blog: "http://evil.example/palantir.com" })).toEqual([]);
    expect(signals({ blog: "https://palantir.community" })).toEqual([]);
    expect(signals({ blog: "::::" })).toEqual([]);
  });

  test("both are switched off by signals.profile_email", () => {
    const off = compile({ signals: { profile_email: false } });
    expect(signals({ email: "alice@palantir.com", blog: "palantir.com" }, off)).toEqual([]);
  });
});

describe("domains: IDNA, case and trailing dots", () => {
  test.each<[string, number[]]>([
    ["PALANTIR.COM", [0, 3]],
    ["palantir.com.", [0, 3]],
    ["palantir.com..", [0, 3]],
    [" palantir.com ", [0, 3]],
    ["ｐａｌａｎｔｉｒ．ｃｏｍ", [0, 3]], // full-width: IDNA maps it to the same domain
    ["palantir。com", [0, 3]], // ideographic full stop is a dot to IDNA
    ["pal\u00adantir.com", [0, 3]], // IDNA ignores a soft hyphen: mail reaches the same domain
    ["mail.PALANTIR.com.", [0]],
    // Look-alikes are other domains: they never match as the organization's.
    ["pаlantir.com", []], // Cyrillic а
    ["xn--plantir-2fg.com", []], // the same, as punycode
    ["palantіr.com", []], // Ukrainian і
    ["pal\u200dantir.com", []], // ZWJ is invalid in a domain
    ["palantir.com.evil.example", []],
    ["palantir.co", []],
  ])("%j → %j", (domain, orgs) => {
    expect(orgsOf(domain)).toEqual(orgs);
  });

  test("a Unicode domain matches its punycode policy entry", () => {
    const idn = buildDomainIndex([{ email_domains: ["xn--bcher-kva.de"] }]);
    expect(matchDomain(idn, "Bücher.DE").map((r) => r.org)).toEqual([0]);
    expect(matchDomain(idn, "xn--bcher-kva.de.").map((r) => r.org)).toEqual([0]);
    expect(matchDomain(idn, "bucher.de")).toEqual([]);
  });

  test("an address in full-width letters matches, and the comment is told how it was written", () => {
    const d = evaluate(compile(), evidence({ email: "bob@ｐａｌａｎｔｉｒ.ｃｏｍ" }), { now: NOW });
    expect(d.matches.map((m) => [m.organization, m.disguise])).toEqual([
      ["Palantir Technologies", { raw: "ｐａｌａｎｔｉｒ.ｃｏｍ", read_as: "palantir.com", how: ["lookalike"] }],
    ]);
    const plain = evaluate(compile(), evidence({ email: "bob@Palantir.com" }), { now: NOW });
    expect(plain.matches[0]?.disguise).toBeUndefined();
  });

  test("a look-alike address is never the organization's", () => {
    for (const email of ["bob@pаlantir.com", "bob@xn--plantir-2fg.com", "bob@palantіr.com"]) {
      expect(evaluate(compile(), evidence({ email }), { now: NOW }).matches).toEqual([]);
    }
  });
});
