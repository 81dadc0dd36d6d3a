// Text normalisation and tokenising for name matching. Pure, bounded and locale-independent.
//
// A word is a run of letters and digits after normalising (NFKD, combining marks stripped, lower
// case, a few letters folded). Everything between two words is their "gap"; gaps decide whether
// words form one phrase and where a clause ends.

/** Company and bio are scanned up to this many characters. */
export const MAX_FIELD_CHARS = 1000;

const FOLD: Record<string, string> = {
  ß: "ss",
  æ: "ae",
  œ: "oe",
  ø: "o",
  đ: "d",
  ð: "d",
  ł: "l",
  ı: "i",
  þ: "th",
  "\u2018": "'",
  "\u2019": "'",
  "\u02bc": "'",
  "\u2010": "-",
  "\u2011": "-",
  "\u2012": "-",
  "\u2013": "-",
  "\u2014": "-",
  "\u2212": "-",
};
const FOLD_RE = new RegExp(`[${Object.keys(FOLD).join("")}]`, "gu");

/** NFKD, strip combining marks, lower-case, fold a few letters and typographic punctuation. */
export function normalizeText(s: string): string {
  if (/^[ -~\t\n\r]*$/.test(s)) return s.toLowerCase(); // ASCII: NFKD and folding change nothing
  return s
    .normalize("NFKD")
    .toLowerCase()
    .normalize("NFKD")
    .replace(/\p{M}+/gu, "")
    .replace(FOLD_RE, (c) => FOLD[c] ?? c);
}

export interface Token {
  /** The normalised word. */
  w: string;
  start: number;
  end: number;
}

export interface Tokenized {
  /** The normalised text the offsets refer to. */
  text: string;
  tokens: Token[];
}

const WORD_RE = /[\p{L}\p{N}]+/gu;

/** Normalise `raw` (capped at `max` characters) and split it into words. */
export function tokenize(raw: string, max = MAX_FIELD_CHARS): Tokenized {
  const text = normalizeText(raw.slice(0, max));
  const tokens: Token[] = [];
  for (const m of text.matchAll(WORD_RE)) tokens.push({ w: m[0], start: m.index, end: m.index + m[0].length });
  return { text, tokens };
}

/** The words of a phrase as written in a policy (alias, name), normalised. */
export function phraseWords(phrase: string): { words: string[]; gaps: string[] } {
  const { text, tokens } = tokenize(phrase, 1000);
  const words = tokens.map((t) => t.w);
  const gaps = tokens.slice(1).map((t, i) => gapClass(text.slice(tokens[i]?.end ?? 0, t.start)));
  return { words, gaps };
}

/**
 * What joins two words of a phrase. Whitespace is ignored; nothing, a hyphen, a dot or an
 * underscore all join words the same way ("Booz Allen" = "Booz-Allen"); any other punctuation
 * must be the same in the policy and the text ("AT&T" ≠ "AT T").
 */
export function gapClass(gap: string): string {
  const g = gap.replace(/\s+/gu, "");
  return /^[-._]?$/u.test(g) ? "" : g;
}

/** The gap before token `i` (from the previous token, or the start of the text). */
export function gapBefore(t: Tokenized, i: number): string {
  const tok = t.tokens[i];
  if (!tok) return "";
  return t.text.slice(t.tokens[i - 1]?.end ?? 0, tok.start);
}

/** The gap after token `i` (to the next token, or the end of the text). */
export function gapAfter(t: Tokenized, i: number): string {
  const tok = t.tokens[i];
  if (!tok) return "";
  return t.text.slice(tok.end, t.tokens[i + 1]?.start ?? t.text.length);
}

/**
 * A gap that ends a clause: line breaks, `;`, `|`, brackets, bullets, `!`, `?`, or a `.` followed
 * by a space (a sentence end; "palantir.com" is one clause). Commas, slashes and "&" do not end one
 * ("ex-A, B").
 */
export function isClauseBreak(gap: string): boolean {
  return /[\n\r;|()[\]{}<>•·!?]|\.\s/u.test(gap);
}
