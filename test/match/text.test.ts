// Normalisation, tokenising, phrase gaps, clause breaks and mentions.
import { describe, expect, test } from "@jest/globals";
import { findMentions } from "../../src/match/names.js";
import { gapClass, isClauseBreak, normalizeText, phraseWords, tokenize } from "../../src/match/text.js";

describe("normalizeText", () => {
  test.each<[string, string]>([
    ["PALANTIR", "palantir"],
    ["Palántir", "palantir"],
    ["PALÁNTİR", "palantir"],
    ["Ｐａｌａｎｔｉｒ", "palantir"],
    ["Straße", "strasse"],
    ["Ørsted", "orsted"],
    ["Łódź", "lodz"],
    ["ﬁnance", "finance"],
    ["Palantir’s", "palantir's"],
    ["ex–Palantir", "ex-palantir"],
    ["Ｐalantir＠", "palantir@"],
  ])("%j → %j", (input, output) => {
    expect(normalizeText(input)).toBe(output);
  });
});

describe("tokenize", () => {
  test("words are runs of letters and digits", () => {
    expect(tokenize("Palantir Technologies, Inc. (UK) — @palantir-x 2024").tokens.map((t) => t.w)).toEqual([
      "palantir",
      "technologies",
      "inc",
      "uk",
      "palantir",
      "x",
      "2024",
    ]);
    expect(tokenize("日本 Palantír_Fans").tokens.map((t) => t.w)).toEqual(["日本", "palantir", "fans"]);
  });

  test("is capped", () => {
    expect(tokenize("a ".repeat(2000)).tokens).toHaveLength(500);
    expect(tokenize("a ".repeat(2000), 10).tokens).toHaveLength(5);
  });
});

describe("phrase gaps", () => {
  test.each<[string, string]>([
    [" ", ""],
    ["  -  ", ""],
    [".", ""],
    ["_", ""],
    ["&", "&"],
    [" & ", "&"],
    [", ", ","],
    [" / ", "/"],
    ["--", "--"],
  ])("gapClass(%j) = %j", (gap, cls) => {
    expect(gapClass(gap)).toBe(cls);
  });

  test("phraseWords", () => {
    expect(phraseWords("AT&T")).toEqual({ words: ["at", "t"], gaps: ["&"], looks: ["AT", "T"] });
    expect(phraseWords("Booz-Allen Hamilton")).toEqual({
      words: ["booz", "allen", "hamilton"],
      gaps: ["", ""],
      looks: ["Booz", "Allen", "Hamilton"],
    });
    expect(phraseWords("!!!")).toEqual({ words: [], gaps: [], looks: [] });
  });

  test.each<[string, boolean]>([
    [", ", false],
    [" / ", false],
    [" & ", false],
    ["-", false],
    [".", false],
    [". ", true],
    ["!", true],
    [" | ", true],
    ["; ", true],
    [" (", true],
    [")", true],
    ["\n", true],
    [" • ", true],
  ])("isClauseBreak(%j) = %s", (gap, brk) => {
    expect(isClauseBreak(gap)).toBe(brk);
  });
});

describe("findMentions", () => {
  const mentions = (s: string) => findMentions(tokenize(s)).map((m) => m.login);
  test.each<[string, Array<string | null>]>([
    ["@palantir", ["palantir"]],
    ["@Palantir @ACME", ["palantir", "acme"]],
    ["(ex-@palantir)", ["palantir"]],
    ["@palantir-fans", ["palantir-fans"]],
    ["@palantir-", ["palantir"]],
    ["@palantir.", ["palantir"]],
    ["@palantir_fans", [null]],
    ["@palantir--x", [null]],
    [`@${"a".repeat(40)}`, [null]],
    ["bob@palantir.com", []],
    ["bob.@palantir", []],
    ["@ palantir", []],
    ["@", []],
    ["@-", []],
    ["@_palantir", [null]],
  ])("%j → %j", (s, logins) => {
    expect(mentions(s)).toEqual(logins);
  });
});
