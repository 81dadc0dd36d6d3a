// Text normalisation and tokenising for name matching. Pure, bounded and locale-independent.
//
// One normalisation for every text signal and for the policy's names (see README "How matching
// works"), applied per character so that every word keeps its place in the raw text:
//   1. default-ignorable code points (zero-width characters, soft hyphens, bidi controls,
//      variation selectors, tag characters: Unicode's Default_Ignorable_Code_Point) are removed;
//   2. Unicode NFKC (full-width, mathematical and other styled letters become plain ones);
//   3. lower case, combining marks stripped, a few letters folded ("ß" → "ss").
// A word is a run of letters and digits after that. Everything between two words is their "gap";
// gaps decide whether words form one phrase and where a clause ends. Look-alike letters from other
// scripts are compared through confusable skeletons (skeleton.ts), not here.

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
  ς: "σ",
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
const MARKS = /\p{M}+/gu;
/** Unicode's Default_Ignorable_Code_Point property, from the engine's own Unicode data. */
export const IGNORABLE = /\p{Default_Ignorable_Code_Point}/gu;
const PRINTABLE_ASCII = /^[ -~\t\n\r]*$/;
/** One base character with the combining marks that follow it (or a run of stray marks). */
const UNIT = /\P{M}\p{M}*|\p{M}+/gsu;

/** The letters of `s` as they look: ignorables removed, NFKC, marks stripped; case kept. */
export function visualForm(s: string): string {
  if (PRINTABLE_ASCII.test(s)) return s;
  return s.replace(IGNORABLE, "").normalize("NFKC").normalize("NFD").replace(MARKS, "");
}

/** The matching form of one character (with its marks), or of a short string. */
function foldCase(visual: string): string {
  return visual
    .toLowerCase()
    .normalize("NFD")
    .replace(MARKS, "")
    .replace(FOLD_RE, (c) => FOLD[c] ?? c);
}

/** Ignorables removed, NFKC, lower case, marks stripped, a few letters and punctuation folded. */
export function normalizeText(s: string): string {
  if (PRINTABLE_ASCII.test(s)) return s.toLowerCase(); // ASCII: nothing to remove, compose or fold
  return foldCase(visualForm(s));
}

export interface Token {
  /** The normalised word. */
  w: string;
  start: number;
  end: number;
  /** Where the word is in the raw text: [rawStart, rawEnd). */
  rawStart: number;
  rawEnd: number;
  /**
   * The word may be written with look-alike characters: it has letters outside a–z, mixes digits
   * and letters, or mixes case oddly ("PaIantir"). Only such words are compared by skeleton.
   */
  odd: boolean;
}

export interface Tokenized {
  /** The normalised text the offsets refer to. */
  text: string;
  tokens: Token[];
  /** The raw text (capped) the `raw*` offsets refer to. */
  raw: string;
  /** Raw offsets of removed default-ignorable characters, ascending. */
  invisible: number[];
  /** Raw offsets of characters NFKC changed (full-width, styled, ligatures), ascending. */
  styled: number[];
}

const WORD_RE = /[\p{L}\p{N}]+/gu;
/** A word a policy name could be disguised as: plain lower-case ASCII letters and digits only. */
const PLAIN = /^[a-z]+$|^[0-9]+$/;
/** Not lower case, not UPPER CASE and not Capitalised: "PaIantir", "PALANTlR", "GitHub". */
const ODD_CASE = /^(?!\p{Lu}?[^\p{Lu}]*$)(?![^\p{Ll}]*$)/u;

/** The letters of a raw word: only a non-ASCII word can hold anything else (ignorables, marks). */
const lettersOf = (word: string, unicode: boolean): string => (unicode ? word.replace(/[^\p{L}]/gu, "") : word);

/** Normalise `raw` (capped at `max` characters) and split it into words. */
export function tokenize(input: string, max = MAX_FIELD_CHARS): Tokenized {
  const raw = input.slice(0, max);
  const invisible: number[] = [];
  const styled: number[] = [];
  let text: string;
  // For each UTF-16 index of `text`, the raw offsets of the character it came from.
  let from: number[] | null = null;
  let to: number[] | null = null;
  if (PRINTABLE_ASCII.test(raw)) {
    text = raw.toLowerCase();
  } else {
    from = [];
    to = [];
    text = "";
    for (const m of raw.matchAll(UNIT)) {
      const unit = m[0];
      const base = unit.replace(IGNORABLE, "");
      if (base !== unit) invisible.push(m.index);
      if (base === "") continue;
      const nfkc = base.normalize("NFKC");
      if (nfkc !== base.normalize("NFC")) styled.push(m.index);
      const out = foldCase(nfkc.normalize("NFD").replace(MARKS, ""));
      for (let i = 0; i < out.length; i++) {
        from.push(m.index);
        to.push(m.index + unit.length);
      }
      text += out;
    }
  }
  const tokens: Token[] = [];
  for (const m of text.matchAll(WORD_RE)) {
    const start = m.index;
    const end = start + m[0].length;
    const rawStart = from ? (from[start] ?? 0) : start;
    const rawEnd = to ? (to[end - 1] ?? raw.length) : end;
    const w = m[0];
    const odd = !PLAIN.test(w) || ODD_CASE.test(lettersOf(raw.slice(rawStart, rawEnd), from !== null));
    tokens.push({ w, start, end, rawStart, rawEnd, odd });
  }
  return { text, tokens, raw, invisible, styled };
}

/**
 * The words of a phrase as written in a policy (alias, name), normalised exactly as text is, with
 * the gap classes between them and each word as it looks (case kept) for skeletons.
 */
export function phraseWords(phrase: string): { words: string[]; gaps: string[]; looks: string[] } {
  const t = tokenize(phrase, 1000);
  const words = t.tokens.map((k) => k.w);
  const gaps = t.tokens.slice(1).map((k, i) => gapClass(t.text.slice(t.tokens[i]?.end ?? 0, k.start)));
  const looks = t.tokens.map((k) => visualForm(t.raw.slice(k.rawStart, k.rawEnd)));
  return { words, gaps, looks };
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
