// Normalisation, tokenising, phrase gaps, clause breaks and mentions.
import { describe, expect, test } from "@jest/globals";
import { findMentions } from "../../src/match/names.js";
import {
  gapAfter,
  gapBefore,
  gapClass,
  isClauseBreak,
  normalizeText,
  phraseWords,
  tokenize,
} from "../../src/match/text.js";

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

  test.each<[string, Array<[string, number, number, boolean]>, number[], number[]]>([
    // [word, raw start, raw end, odd]; then the raw offsets of invisible and of NFKC-styled characters.
    [
      "Pal\u200Bantir x",
      [
        ["palantir", 0, 9, false],
        ["x", 10, 11, false],
      ],
      [3],
      [],
    ],
    [
      "Ｐａｌ x",
      [
        ["pal", 0, 3, false],
        ["x", 4, 5, false],
      ],
      [],
      [0, 1, 2],
    ],
    ["Palántir", [["palantir", 0, 8, false]], [], []],
    ["a\u0301b", [["ab", 0, 3, false]], [], []],
    // Odd case is judged on the letters as written, invisible characters left out.
    ["PaI\u200Bantir", [["paiantir", 0, 9, true]], [3], []],
    [
      "PaIantir Palantir PALANTIR palantir Pa1antir GitHub 2024",
      [
        ["paiantir", 0, 8, true],
        ["palantir", 9, 17, false],
        ["palantir", 18, 26, false],
        ["palantir", 27, 35, false],
        ["pa1antir", 36, 44, true],
        ["github", 45, 51, true],
        ["2024", 52, 56, false],
      ],
      [],
      [],
    ],
  ])("%j: where each word is in the raw text, and which may be disguised", (s, words, invisible, styled) => {
    const t = tokenize(s);
    expect(t.tokens.map((k) => [k.w, k.rawStart, k.rawEnd, k.odd])).toEqual(words);
    expect(t.invisible).toEqual(invisible);
    expect(t.styled).toEqual(styled);
  });

  test("the gaps before and after each word, and none past either end", () => {
    const t = tokenize("ex-Palantir, now Acme.");
    expect(t.tokens.map((_, i) => [gapBefore(t, i), gapAfter(t, i)])).toEqual([
      ["", "-"],
      ["-", ", "],
      [", ", " "],
      [" ", "."],
    ]);
    expect([gapBefore(t, 4), gapAfter(t, 4), gapAfter(t, -1)]).toEqual(["", "", ""]);
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
