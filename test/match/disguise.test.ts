// Disguised spellings (issue 13): look-alike letters by confusable skeleton, invisible characters,
// letter-spaced and split words, and the rules that keep ordinary words from matching.
import { describe, expect, test } from "@jest/globals";
import { evaluate } from "../../src/evaluate.js";
import { skeleton, skeletonKeys } from "../../src/match/skeleton.js";
import { compile, evidence, NOW } from "./helpers.js";
import { fixture } from "../helpers/fixture.js";

const policy = fixture(() =>
  compile({}, [
    { name: "Palantir Technologies", aliases: ["Palantir"] },
    { name: "Intel" },
    { name: "Booz Allen Hamilton", aliases: ["Booz Allen"] },
    { name: "U.S. Immigration and Customs Enforcement", aliases: ["ICE"] },
    { name: "Meta" },
  ]),
);
const read = (company: string) =>
  evaluate(policy(), evidence({ company }), { now: NOW }).matches.map((m) => [m.organization, m.disguise?.how ?? []]);
const P = "Palantir Technologies";

describe("skeletons come from Unicode's confusables table", () => {
  test.each<[string, string]>([
    ["pаlantir", "palantir"], // Cyrillic а
    ["ΡΑLΑΝΤΙR", "PALANTlR"], // Greek capitals; capital I and l share a prototype
    ["m", "rn"],
    ["0", "O"],
    ["Pal\u200Bantir", "Palantir"], // default-ignorables removed
    ["p\u00ADalantir", "palantir"], // the soft hyphen is one too
    ["Pälantir", "Palantir"], // marks stripped after the prototypes
    ["café", "cafe"],
    ["Ⅰce", "lce"], // Roman numeral one
  ])("skeleton(%j) = %j", (s, k) => {
    expect(skeleton(s)).toBe(k);
  });

  test("a word is compared lower-cased, as written and upper-cased", () => {
    expect(skeletonKeys("PaIantir")).toEqual({ lower: ["paiantir", "palantir"], upper: "PAlANTlR" });
    // One lower key when the lower-cased and the as-written word agree.
    expect(skeletonKeys("palantir")).toEqual({ lower: ["palantir"], upper: "PALANTlR" });
    expect(skeletonKeys("PALANTIR")).toEqual({ lower: ["palantir", "palantlr"], upper: "PALANTlR" });
  });
});

describe("disguised names match, and say how they were written", () => {
  test.each<[string, unknown[]]>([
    ["Pаlantir", [[P, ["lookalike"]]]],
    ["PALAΝTIR", [[P, ["lookalike"]]]],
    ["Ｐａｌａｎｔｉｒ", [[P, ["lookalike"]]]],
    ["𝙿𝚊𝚕𝚊𝚗𝚝𝚒𝚛", [[P, ["lookalike"]]]],
    ["Pa1antir", [[P, ["lookalike"]]]],
    ["PaIantir", [[P, ["lookalike"]]]],
    ["Pal\u00ADantir", [[P, ["invisible"]]]],
    ["P\u200Bаlantir", [[P, ["lookalike", "invisible"]]]],
    ["P a l a n t i r", [[P, ["spaced"]]]],
    ["a P a l a n t i r employee", [[P, ["spaced"]]]],
    ["P.a.l.a.n.t.i.r.", [[P, ["spaced"]]]],
    ["Pal-an-tir", [[P, ["split"]]]],
    ["BoozAllen", [["Booz Allen Hamilton", []]]],
    ["Вооz Allen", [["Booz Allen Hamilton", ["lookalike"]]]],
    ["ICE", [["U.S. Immigration and Customs Enforcement", []]]],
    ["ІСЕ", [["U.S. Immigration and Customs Enforcement", ["lookalike"]]]],
    ["I.C.E.", [["U.S. Immigration and Customs Enforcement", ["spaced"]]]],
    ["mеta", [["Meta", ["lookalike"]]]],
  ])("%j", (company, expected) => {
    expect(read(company)).toEqual(expected);
  });
});

describe("ordinary words stay ordinary", () => {
  test.each([
    "Palantiri",
    "P a l a n t i r i",
    "Pal antir",
    "Palantirite",
    "Working in Tel Aviv",
    "Ice hockey",
    "ice",
    "Iced tea",
    "rneta",
    "Metal",
    "Clearview",
    "Яндекс",
    "Ελληνικά",
    "日本電気",
    "Booz, Allen",
  ])("%j matches nothing", (company) => {
    expect(read(company)).toEqual([]);
  });
});

describe("an @mention of a listed GitHub organization in look-alike letters", () => {
  const orgsOnly = fixture(() => compile({}, [{ name: "Clearview AI", github_orgs: ["clearviewai", "cv-labs"] }]));
  test.each<[string, string[]]>([
    ["@сlearviewai", ["lookalike"]], // Cyrillic с
    ["@cv-lаbs", ["lookalike"]],
  ])("%j matches, written with look-alike letters", (company, how) => {
    const [m] = evaluate(orgsOnly(), evidence({ company }), { now: NOW }).matches;
    expect([m?.organization, m?.disguise?.how]).toEqual(["Clearview AI", how]);
  });

  test("a login the policy writes with its @ matches the same", () => {
    const c = compile({}, [{ name: "Clearview AI", github_orgs: ["@ClearviewAI"] }]);
    const [m, ...rest] = evaluate(c, evidence({ company: "@сlearviewai" }), { now: NOW }).matches;
    expect(rest).toEqual([]);
    expect([m?.organization, m?.matched, m?.disguise?.how]).toEqual(["Clearview AI", "ClearviewAI", ["lookalike"]]);
  });

  test("a different handle in other letters does not", () => {
    expect(evaluate(orgsOnly(), evidence({ company: "@сlearviewaі-fans" }), { now: NOW }).matches).toEqual([]);
  });
});
