// Disguised spellings on their own (src/match/spans.ts): which spans `findSpanHits` reads as a
// policy name, and how, before names.ts drops those a plain hit already covers. Evaluation hides
// most of these rules behind the plain word match, so the company and corpus tests cannot tell
// them apart; here each row is the span reader's answer alone. Indexes are built inside each test
// (see test/helpers/fixture.ts for why).
import { describe, expect, test } from "@jest/globals";
import { buildNameIndex } from "../../src/match/names.js";
import { findSpanHits, type SpanHow } from "../../src/match/spans.js";
import { tokenize } from "../../src/match/text.js";

type Row = [string, string[], string, Array<[number, string, number, number, SpanHow[]]>];

/**
 * Span hits over `text` for organizations named `names` (one name each), as [org, phrase, from, to,
 * how]. A reading found under several skeleton keys (lower-cased, as written, upper-cased) is
 * reported once per key; names.ts keeps one per organization and span, and so does this.
 */
function spansIn(names: string[], text: string): Array<[number, string, number, number, SpanHow[]]> {
  const index = buildNameIndex(names.map((name) => ({ name, aliases: [] }))).spans;
  const rows = findSpanHits(tokenize(text), index).map((h) =>
    JSON.stringify([h.entry.org, h.entry.phrase, h.from, h.to, h.how]),
  );
  return [...new Set(rows)].map((r) => JSON.parse(r) as [number, string, number, number, SpanHow[]]);
}

const check = (_: string, names: string[], text: string, expected: Row[3]): void => {
  expect(spansIn(names, text)).toStrictEqual(expected);
};

describe("look-alike letters, word by word", () => {
  test.each<Row>([
    ["one word in Cyrillic letters", ["Palantir"], "Pаlantir", [[0, "Palantir", 0, 0, ["lookalike"]]]],
    ["after other words", ["Palantir"], "ex Pаlantir", [[0, "Palantir", 1, 1, ["lookalike"]]]],
    [
      "followed by words, where longer names could continue",
      ["Palantir", "Booz Allen"],
      "Pаlantir rocks, Вооz Allen too",
      [
        [0, "Palantir", 0, 0, ["lookalike"]],
        [1, "Booz Allen", 2, 3, ["lookalike"]],
      ],
    ],
    ["the plain word is the trie's, not a span", ["Palantir"], "Palantir", []],
    [
      "two organizations with the same name",
      ["Meta", "Meta"],
      "Mеta",
      [
        [0, "Meta", 0, 0, ["lookalike"]],
        [1, "Meta", 0, 0, ["lookalike"]],
      ],
    ],
    ["a phrase", ["Booz Allen"], "(Вооz Allen", [[0, "Booz Allen", 0, 1, ["lookalike"]]]],
    ["a phrase whose words are joined by punctuation", ["AT&T"], "x АТ&Т", [[0, "AT&T", 1, 2, ["lookalike"]]]],
    ["the punctuation must be the same", ["AT&T"], "АТ Т", []],
    // "modem" and "modern" share a skeleton ("m" looks like "rn"), but "modem" is written plainly.
    ["a plain word of the phrase must be the policy's word", ["Modern Tech"], "modem Тech", []],
    ["plain words are read as written, whatever else the text holds", ["Modern Tech"], "modern tech GitHub", []],
  ])("%s: %j", check);
});

describe("words run together", () => {
  test.each<Row>([
    ["split by a hyphen", ["Palantir"], "Pal-antir", [[0, "Palantir", 0, 1, ["split"]]]],
    [
      "split, in look-alike letters, after other words",
      ["Palantir"],
      "ex Pаl-antir",
      [[0, "Palantir", 1, 2, ["lookalike", "split"]]],
    ],
    ["a multi-word name as one word", ["Booz Allen"], "BoozAllen", [[0, "Booz Allen", 0, 0, []]]],
    ["as one word in look-alike letters", ["Booz Allen"], "ВoozAllen", [[0, "Booz Allen", 0, 0, ["lookalike"]]]],
    ["plain split words are read as written", ["Modern Tech"], "Modem-Tech", []],
    ["a space between longer pieces does not join them", ["Palantir"], "Pal antir", []],
    ["a name with punctuation is never run together", ["AT&T"], "ATT A-T-T", []],
  ])("%s: %j", check);
});

describe("letter-spaced runs are read whole", () => {
  test.each<Row>([
    ["alone", ["Palantir"], "P a l a n t i r", [[0, "Palantir", 0, 7, ["spaced"]]]],
    ["with a letter more", ["Palantir"], "P a l a n t i r i", []],
    ["after the article a", ["Palantir"], "a P a l a n t i r", [[0, "Palantir", 1, 8, ["spaced"]]]],
    ["after the pronoun I", ["Palantir"], "I P a l a n t i r", [[0, "Palantir", 1, 8, ["spaced"]]]],
    ["after another letter", ["Palantir"], "x P a l a n t i r", []],
    ["after an article that is itself spaced from a letter", ["Palantir"], "x a P a l a n t i r", []],
  ])("%s: %j", check);
});
