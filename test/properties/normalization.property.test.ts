// Invariants of the one normalization (issue 13): it is idempotent; default-ignorable characters
// added anywhere never change what a text matches; a listed name written in look-alike letters,
// styled letters, with invisible characters or letter-spaced always matches its organization;
// and a plain ASCII word that is not a listed name never does.
import { describe, expect, test } from "@jest/globals";
import fc from "fast-check";
import { evaluate } from "../../src/evaluate.js";
import { normalizeText, tokenize } from "../../src/match/text.js";
import { compile, evidence, NOW } from "../match/helpers.js";
import { counted, RUNS } from "./runs.js";

/** A sample of default-ignorable code points: zero-width, soft hyphen, bidi, variation selectors, tags, fillers. */
const IGNORABLES = [
  "\u00AD",
  "\u034F",
  "\u061C",
  "\u115F",
  "\u180E",
  "\u200B",
  "\u200C",
  "\u200D",
  "\u200E",
  "\u202A",
  "\u202E",
  "\u2060",
  "\u2066",
  "\u2069",
  "\u3164",
  "\uFE00",
  "\uFE0F",
  "\uFEFF",
  "\u{E0001}",
  "\u{E0041}",
  "\u{E007F}",
];
const ignorable = fc.constantFrom(...IGNORABLES);
const text = fc.string({ unit: "grapheme", maxLength: 60 });

/** Inserts ignorables at random code point positions. */
const withIgnorables = (s: string) =>
  fc.array(fc.tuple(fc.nat(), ignorable), { maxLength: 6 }).map((inserts) => {
    const points = Array.from(s);
    for (const [at, c] of inserts) points.splice(at % (points.length + 1), 0, c);
    return points.join("");
  });

const CYRILLIC: Record<string, string> = {
  a: "а",
  e: "е",
  o: "о",
  p: "р",
  c: "с",
  x: "х",
  y: "у",
  i: "і",
  s: "ѕ",
  j: "ј",
};
const styles = ["plain", "cyrillic", "fullwidth", "bold", "monospace"] as const;
function styled(c: string, style: (typeof styles)[number]): string {
  const lower = c >= "a" && c <= "z";
  const offset = lower ? c.charCodeAt(0) - 97 : c.charCodeAt(0) - 65;
  switch (style) {
    case "plain":
      return c;
    case "cyrillic":
      return CYRILLIC[c] ?? c;
    case "fullwidth":
      return String.fromCodePoint(c.charCodeAt(0) + 0xfee0);
    case "bold":
      return String.fromCodePoint((lower ? 0x1d41a : 0x1d400) + offset);
    case "monospace":
      return String.fromCodePoint((lower ? 0x1d68a : 0x1d670) + offset);
  }
}

describe("normalization", () => {
  test("is idempotent", () => {
    fc.assert(
      fc.property(
        text,
        counted((s) => {
          expect(normalizeText(normalizeText(s))).toBe(normalizeText(s));
        }),
      ),
      { numRuns: RUNS },
    );
  });

  test("default-ignorables added anywhere never change the words or what a company field matches", () => {
    const policy = compile({ former_affiliations: "flag" });
    const seeds = fc.oneof(
      text,
      fc.constantFrom(
        "Palantir",
        "ex-Palantir",
        "Not Anduril",
        "@palantir",
        "Clearview AI",
        "P a l a n t i r",
        "Pаlantir",
      ),
    );
    fc.assert(
      fc.property(
        seeds.chain((s) => fc.tuple(fc.constant(s), withIgnorables(s))),
        counted(([plain, hidden]) => {
          expect(tokenize(hidden).tokens.map((t) => t.w)).toEqual(tokenize(plain).tokens.map((t) => t.w));
          const orgs = (company: string) =>
            evaluate(policy, evidence({ company }), { now: NOW }).matches.map((m) => [m.organization, m.former]);
          expect(orgs(hidden)).toEqual(orgs(plain));
        }),
      ),
      { numRuns: RUNS },
    );
  });

  test("a disguised listed name always matches its organization", () => {
    const name = fc
      .tuple(fc.stringMatching(/^[A-Z]$/), fc.stringMatching(/^[a-z]{3,9}$/))
      .map(([first, rest]) => `${first}${rest}`);
    const disguise = (n: string) =>
      fc.tuple(
        fc.array(fc.constantFrom(...styles), { minLength: n.length, maxLength: n.length }),
        fc.array(fc.tuple(fc.nat(), ignorable), { maxLength: 3 }),
        fc.boolean(),
      );
    fc.assert(
      fc.property(
        name.chain((n) => fc.tuple(fc.constant(n), disguise(n))),
        counted(([n, [chosen, hidden, spaced]]) => {
          const letters = Array.from(n).map((c, i) => styled(c, chosen[i] ?? "plain"));
          for (const [at, c] of hidden) letters.splice((at % (letters.length - 1)) + 1, 0, c);
          const written = spaced ? letters.join(" ") : letters.join("");
          const policy = compile({}, [{ name: n }]);
          const d = evaluate(policy, evidence({ company: `Engineer @ ${written}` }), { now: NOW });
          expect(d.organizations).toEqual([n]);
        }),
      ),
      { numRuns: RUNS },
    );
  });

  test("a plain word is read as written: skeleton collisions such as rn/m never match", () => {
    const policy = compile({}, [
      { name: "Modern" },
      { name: "Burn" },
      { name: "Clam" },
      { name: "Will" },
      { name: "Olin" },
    ]);
    for (const company of ["Modem", "Bum", "Ciam", "Wiil", "WilI", "0lin Corp", "Olln", "rnodern"]) {
      const got = evaluate(policy, evidence({ company }), { now: NOW }).organizations;
      if (company === "WilI" || company === "0lin Corp")
        expect(got).toHaveLength(1); // odd case, digits: look-alikes
      else expect(got).toEqual([]);
    }
    const words = fc
      .stringMatching(/^[a-z]{2,10}$/)
      .filter((w) => !["modern", "burn", "clam", "will", "olin"].includes(w));
    fc.assert(
      fc.property(
        words,
        counted((w) => {
          expect(evaluate(policy, evidence({ company: w }), { now: NOW }).organizations).toEqual([]);
        }),
      ),
      { numRuns: RUNS },
    );
  });
});
