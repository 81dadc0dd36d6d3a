// Properties of evaluate and the matchers, over generated inputs (fast-check).
import { describe, expect, test } from "@jest/globals";
import fc from "fast-check";
import { evaluate } from "../src/evaluate.js";
import type { Evidence } from "../src/evidence/types.js";
import { commit, compile, evidence, NOW } from "./match/helpers.js";

const policy = compile({
  signals: { profile_bio: true },
  former_affiliations: "flag",
  exempt: { teams: ["acme/core"] },
});

const text = fc.oneof(
  fc.string({ unit: "binary", maxLength: 60 }),
  fc.constantFrom(
    "",
    " ",
    "@palantir",
    "@",
    "ex-@palantir",
    "palantir.com",
    "https://palantir.com/x",
    "engineer at Palantir",
    "Palántir",
    "a@palantir.com",
    "1+a@users.noreply.github.com",
    "noreply@github.com",
    "web-flow",
    "[bot]",
    "constructor",
    "__proto__",
  ),
  fc.constant(null),
);
const leaf = fc.oneof({ weight: 4, arbitrary: text }, { weight: 1, arbitrary: fc.anything({ maxDepth: 2 }) });
const person = fc.record({ name: leaf, email: leaf, login: leaf }, { requiredKeys: [] });
const profileArb = fc.record(
  {
    login: leaf,
    type: fc.oneof(fc.constantFrom("User", "Bot"), leaf),
    company: leaf,
    bio: leaf,
    email: leaf,
    blog: leaf,
    organizations: fc.oneof(fc.array(leaf, { maxLength: 4 }), leaf),
    teams: fc.oneof(fc.array(leaf, { maxLength: 3 }), leaf),
  },
  { requiredKeys: [] },
);
const message = fc.oneof(
  leaf,
  fc
    .array(
      fc.oneof(
        text.map((t) => `Co-authored-by: ${t} <${t}>`),
        fc.constantFrom("Co-authored-by: B <b@eu.palantir.com>", "co-authored-by: C <9+c@users.noreply.github.com>"),
      ),
      { maxLength: 4 },
    )
    .map((l) => `msg\n\n${l.join("\n")}`),
);
const commitArb = fc.record(
  { sha: leaf, message, author: fc.oneof(person, leaf), committer: fc.oneof(person, leaf) },
  { requiredKeys: [] },
);
const evidenceArb = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record(
      {
        author: fc.oneof(profileArb, leaf),
        users: fc.oneof(fc.dictionary(fc.string({ maxLength: 8 }), profileArb, { maxKeys: 3 }), leaf),
        commits: fc.oneof(fc.array(commitArb, { maxLength: 4 }), leaf),
      },
      { requiredKeys: [] },
    ),
  },
  { weight: 1, arbitrary: fc.anything() },
);

describe("evaluate on arbitrary evidence", () => {
  test("never throws and always returns a well-formed decision", () => {
    fc.assert(
      fc.property(evidenceArb, (ev) => {
        const d = evaluate(policy, ev as Evidence, { now: NOW });
        expect(typeof d.flagged).toBe("boolean");
        expect(d.flagged).toBe(!d.exempt && d.matches.length > 0);
        expect(typeof d.author).toBe("string");
        expect(d.organizations).toEqual([...new Set(d.matches.map((m) => m.organization))]);
      }),
      { numRuns: 1500 },
    );
  });

  test("is deterministic: the same input gives a deep-equal decision", () => {
    fc.assert(
      fc.property(evidenceArb, (ev) => {
        expect(evaluate(policy, ev as Evidence, { now: NOW })).toEqual(evaluate(policy, ev as Evidence, { now: NOW }));
      }),
      { numRuns: 500 },
    );
  });

  // How long this takes is measured by `npm run bench` (bench/hostile-input.ts).
  test("huge fields are capped", () => {
    const huge = "Palantir ".repeat(200_000);
    const ev = evidence(
      {
        company: huge,
        bio: `engineer at ${huge}`,
        email: `${"a".repeat(100_000)}@palantir.com`,
        blog: `https://${huge}`,
        organizations: Array(10_000).fill("palantir"),
      },
      {
        commits: [
          commit("1", {
            message: `${"Co-authored-by: B <b@palantir.com>\n".repeat(20_000)}${" ".repeat(100_000)}`,
            author: { name: huge, email: `a@${"a.".repeat(200_000)}com`, login: null },
          }),
        ],
      },
    );
    const d = evaluate(policy, ev, { now: NOW });
    expect(d.flagged).toBe(true);
    expect(d.matches.find((m) => m.signal === "profile_company")?.value).toHaveLength(1000);
  });
});

const word = fc.stringMatching(/^[A-Za-z][A-Za-z0-9]{1,10}$/);
const neutral = fc.constantFrom("Acme", "Inc.", "Ltd", "GmbH", "Engineer", "Team", "Labs", "&", "/", "·", "2024");
const sep = fc.constantFrom(" ", ", ", " / ", " (", ") ", "\n", " | ", " @", "; ");

function disguise(s: string, mode: number): string {
  if (mode === 1) return s.toUpperCase();
  if (mode === 2) return s.replace(/[aeiou]/g, (v) => `${v}\u0301`);
  if (mode === 3) return s.normalize("NFC").replace(/[a-z]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0)); // full-width
  return s;
}

describe("names", () => {
  test("a random alias matches itself embedded as a word in a company string", () => {
    fc.assert(
      fc.property(
        fc.array(word, { minLength: 1, maxLength: 3 }),
        fc.array(neutral, { maxLength: 3 }),
        sep,
        sep,
        fc.array(neutral, { maxLength: 3 }),
        fc.integer({ min: 0, max: 3 }),
        (words, before, s1, s2, after, mode) => {
          const alias = words.join(" ");
          const c = compile({}, [{ name: "Org", aliases: [alias] }]);
          const company = `${before.join(" ")}${s1}${disguise(alias, mode)}${s2}${after.join(" ")}`;
          const d = evaluate(c, evidence({ company }), { now: NOW });
          expect(d.organizations).toEqual(["Org"]);
        },
      ),
      { numRuns: 400 },
    );
  });

  test("a random one-word alias does not match inside a longer word", () => {
    fc.assert(
      fc.property(word, fc.stringMatching(/^[a-z0-9]{1,4}$/), fc.boolean(), (alias, glue, front) => {
        const c = compile({}, [{ name: "Org", aliases: [alias] }]);
        const company = front ? `${glue}${alias}` : `${alias}${glue}`;
        const d = evaluate(c, evidence({ company: `Acme ${company} Labs` }), { now: NOW });
        expect(d.matches).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });

  test("a bio that only names the org with neutral words never matches", () => {
    const bioPolicy = compile({ signals: { profile_bio: true } }, [{ name: "Org", aliases: ["Palantir"] }]);
    fc.assert(
      fc.property(
        fc.array(
          fc.constantFrom(
            "I",
            "oppose",
            "love",
            "think",
            "Palantir",
            "is",
            "evil",
            "news",
            "about",
            "|",
            ",",
            "stop",
            "the",
            "data",
            "and",
            "ICE",
          ),
          { maxLength: 12 },
        ),
        (ws) => {
          expect(evaluate(bioPolicy, evidence({ bio: ws.join(" ") }), { now: NOW }).matches).toEqual([]);
        },
      ),
    );
  });
});

describe("domains", () => {
  const label = fc.stringMatching(/^[a-z0-9](?:[a-z0-9-]{0,10}[a-z0-9])?$/);
  test("notX.com, X.com.evil and X.comX never match the domain X.com or *.X.com", () => {
    fc.assert(
      fc.property(label, fc.constantFrom("com", "org", "ai", "co.uk"), label, (name, tld, extra) => {
        const domain = `${name}.${tld}`;
        const c = compile({}, [{ name: "Org", email_domains: [domain, `*.${domain}`] }]);
        for (const bad of [
          `not${domain}`,
          `${extra}${domain}`,
          `${domain}.evil.example`,
          `${domain}${extra}`,
          `${domain}-${extra}.com`,
          `${extra}.${domain}.evil`,
        ]) {
          const d = evaluate(c, evidence({ email: `a@${bad}` }), { now: NOW });
          expect(d.matches).toEqual([]);
        }
        expect(evaluate(c, evidence({ email: `a@${domain.toUpperCase()}` }), { now: NOW }).matches).toHaveLength(1);
        expect(evaluate(c, evidence({ email: `a@${extra}.${domain}` }), { now: NOW }).matches).toHaveLength(1);
      }),
      { numRuns: 300 },
    );
  });
});
