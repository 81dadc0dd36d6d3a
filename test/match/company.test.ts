// Company field: names and aliases as whole words in any case and accent, `@login` of listed
// GitHub orgs, and former affiliations.
import { describe, expect, test } from "@jest/globals";
import { evaluate } from "../../src/evaluate.js";
import type { CompiledPolicy } from "../../src/policy/compile.js";
import { compile, evidence, NOW } from "./helpers.js";
import { fixture } from "../helpers/fixture.js";

const flagging = fixture(() => compile({ former_affiliations: "flag" }));

/** "Org" for a current match, "Org (former)" for a former one, in policy order. */
function companyMatches(company: string, c: CompiledPolicy = flagging()): string[] {
  return evaluate(c, evidence({ company }), { now: NOW }).matches.map(
    (m) => `${m.organization}${m.former ? " (former)" : ""}`,
  );
}

const P = "Palantir Technologies";
const C = "Clearview AI";
const A = "Anduril Industries";

describe("company: names and aliases", () => {
  test.each<[string, string[]]>([
    ["Palantir Technologies, Inc.", [P]],
    ["Palantir", [P]],
    ["PALANTIR", [P]],
    ["palantir", [P]],
    ["Palántir", [P]],
    ["PALÁNTİR", [P]],
    ["Ｐａｌａｎｔｉｒ", [P]],
    ["  palantir  ", [P]],
    ["@palantir", [P]],
    ["@Palantir", [P]],
    ["@PALANTIR", [P]],
    ["@palantir @acme", [P]],
    ["Palantir (contractor)", [P]],
    ["Anduril / Palantir", [P, A]],
    ["palantir.com", [P]],
    ["Palantir's London office", [P]],
    ["Software Engineer, Palantir", [P]],
    ["Palantir Technologies UK Ltd", [P]],
    ["Acme & Palantir", [P]],
    ["Acme\nPalantir", [P]],
    ["(Palantir)", [P]],
    ["Palantir, formerly Acme", [P]],
    ["Clearview AI", [C]],
    ["clearview ai, inc", [C]],
    ["Clearview-AI", [C]],
    ["CLEARVIEW  AI", [C]],
    ["@clearviewai", [C]],
    ["Anduril Industries", [A]],
    ["@anduril / @palantir / Clearview AI", [P, C, A]],
  ])("%j matches %j", (company, expected) => {
    expect(companyMatches(company)).toEqual(expected);
  });

  test.each([
    "PalantirFans",
    "Palantiri",
    "Palantirs",
    "NotPalantir",
    "Pal antir",
    "@palantir-fans",
    "@palantirfans",
    "@palantir_fans",
    "@palantir2",
    "Clearview Dental",
    "Clearview",
    "Clearview, AI",
    "AI Clearview",
    "Clearview Artificial Intelligence",
    "Andurilx",
    "Acme Corp",
    "",
    "   ",
    "!!!",
  ])("%j matches nothing", (company) => {
    expect(companyMatches(company)).toEqual([]);
  });

  test("a null company matches nothing", () => {
    expect(evaluate(flagging(), evidence({ company: null }), { now: NOW }).matches).toEqual([]);
  });

  test("reports the company verbatim and the alias or login that matched", () => {
    const [m] = evaluate(flagging(), evidence({ company: "  Palantir Technologies, Inc." }), { now: NOW }).matches;
    expect(m).toEqual({
      organization: P,
      signal: "profile_company",
      subject: "alice",
      value: "  Palantir Technologies, Inc.",
      matched: "Palantir Technologies",
    });
    const [n] = evaluate(flagging(), evidence({ company: "@PALANTIR" }), { now: NOW }).matches;
    expect(n?.matched).toBe("palantir");
  });
});

describe("company: punctuation inside multi-word names", () => {
  const c = fixture(() =>
    compile({}, [
      { name: "AT&T" },
      { name: "Booz Allen Hamilton", aliases: ["Booz Allen"] },
      { name: "Straße GmbH" },
      { name: "Ørsted" },
    ]),
  );
  test.each<[string, string[]]>([
    ["AT&T", ["AT&T"]],
    ["at & t", ["AT&T"]],
    ["AT&T Labs", ["AT&T"]],
    ["AT T", []],
    ["at t-mobile", []],
    ["Booz Allen Hamilton Inc.", ["Booz Allen Hamilton"]],
    ["Booz-Allen", ["Booz Allen Hamilton"]],
    ["BOOZ ALLEN", ["Booz Allen Hamilton"]],
    ["Booz, Allen", []],
    ["Booz / Allen", []],
    ["STRASSE GMBH", ["Straße GmbH"]],
    ["strasse gmbh", ["Straße GmbH"]],
    ["Orsted", ["Ørsted"]],
    ["ØRSTED A/S", ["Ørsted"]],
  ])("%j matches %j", (company, expected) => {
    expect(evaluate(c(), evidence({ company }), { now: NOW }).matches.map((m) => m.organization)).toEqual(expected);
  });

  test("the longest name at a position is the one reported", () => {
    const [m] = evaluate(c(), evidence({ company: "Booz Allen Hamilton" }), { now: NOW }).matches;
    expect(m?.matched).toBe("Booz Allen Hamilton");
  });
});

describe("company: former affiliations", () => {
  test.each<[string, string[]]>([
    ["ex-Palantir, now Acme", [`${P} (former)`]],
    ["ex Palantir", [`${P} (former)`]],
    ["Ex-Palantir", [`${P} (former)`]],
    ["EX-PALANTIR", [`${P} (former)`]],
    ["formerly @palantir", [`${P} (former)`]],
    ["formerly at Palantir", [`${P} (former)`]],
    ["Previously Palantir", [`${P} (former)`]],
    ["previously at Palantir", [`${P} (former)`]],
    ["Palantir alum", [`${P} (former)`]],
    ["Palantir alumni", [`${P} (former)`]],
    ["Palantir Alumnus", [`${P} (former)`]],
    ["former Palantir engineer", [`${P} (former)`]],
    ["Acme (ex-@palantir)", [`${P} (former)`]],
    ["Acme (ex-Palantir)", [`${P} (former)`]],
    ["Palantir (former)", [`${P} (former)`]],
    ["Palantir, ex", [`${P} (former)`]],
    ["Acme, formerly Palantir", [`${P} (former)`]],
    ["ex-Google, Palantir", [`${P} (former)`]],
    ["Worked at Palantir", [`${P} (former)`]],
    ["ex–Palantir", [`${P} (former)`]],
    ["ex-Palantir, now Anduril", [`${P} (former)`, A]],
    ["ex-Anduril / Palantir alum", [`${P} (former)`, `${A} (former)`]],
    // The alias "Palantir" inside the full name is read as part of it, with the full name's context.
    ["Palantir Technologies alum", [`${P} (former)`]],
    ["Palantir Technologies (former)", [`${P} (former)`]],
    ["Palantir Technologies, ex", [`${P} (former)`]],
  ])("%j is %j", (company, expected) => {
    expect(companyMatches(company)).toEqual(expected);
  });

  test.each([
    "ex-Google, now Palantir",
    "Palantir (formerly Acme)",
    "Palantir, formerly Acme",
    "Acme (ex-Google) / Palantir",
    "Palantir; ex-Google",
    "ex-Palantir, now Palantir again",
    "Formerly Google. Palantir",
    "Palantir | previously Google",
  ])("%j is a current affiliation", (company) => {
    expect(companyMatches(company)).toEqual([P]);
  });

  test.each<[string, string]>([
    ["Palantir Technologies", "Palantir Technologies"],
    ["Palantir / Palantir Technologies", "Palantir"],
    ["ex-Palantir, now Palantir Technologies", "Palantir Technologies"],
    ["Palantir Technologies alum, now Palantir", "Palantir"],
  ])("%j: the first current hit is reported, as its longest phrase (%j)", (company, matched) => {
    const ms = evaluate(flagging(), evidence({ company }), { now: NOW }).matches;
    expect(ms.map((m) => [m.organization, m.matched, m.former ?? false])).toEqual([[P, matched, false]]);
  });

  test("former affiliations are ignored by default", () => {
    const ignoring = compile();
    for (const company of ["ex-Palantir, now Acme", "Palantir alum", "formerly @palantir", "(ex-@palantir)"]) {
      expect(companyMatches(company, ignoring)).toEqual([]);
    }
    expect(companyMatches("ex-Palantir, now Anduril", ignoring)).toEqual([A]);
    expect(companyMatches("ex-Google, now Palantir", ignoring)).toEqual([P]);
  });
});
