// Finding names written to dodge a plain word match: with look-alike letters from other scripts
// or styled alphabets (compared by confusable skeleton, skeleton.ts), or split into pieces:
// letter-spaced or dotted ("P a l a n t i r", "P.a.l.a.n.t.i.r") and cut by punctuation
// ("Pal-antir"). Plain words are found by the trie in names.ts; this only adds what it cannot see.
//
// False positives are the cost to avoid, so:
// - only a word that could be a disguise (`Token.odd`: letters outside a–z, digits among letters,
//   odd case) is compared by skeleton; a plain word is read as written, so "modem" is never
//   "modern" although "m" and "rn" share a skeleton;
// - in a phrase, each plain word must still be the policy's word exactly;
// - words are joined only across a single spacer between one-letter words, or across one "-",
//   ".", "_" or "·" with no space around it; never across a plain space between longer words
//   ("in Tel Aviv" is not "Intel"), and a joined span must spell a whole policy name.
import { skeletonKeys, type SkeletonKeys } from "./skeleton.js";
import { gapBefore, gapClass, visualForm, type Token, type Tokenized } from "./text.js";

export interface SpanEntry {
  org: number;
  /** The alias or name as written in the policy. */
  phrase: string;
  /** Its normalised words. */
  words: readonly string[];
}

export interface SpanIndex {
  /** Skeleton keys of whole phrases ("l" or "u", then word keys joined by their gap classes). */
  phrases: Map<string, SpanEntry[]>;
  /** Phrases whose words may be run together, by their letters alone: "e", "l" or "u" + letters. */
  compact: Map<string, SpanEntry[]>;
  /** Most words in a phrase, and most letters in a compact key: spans never grow past them. */
  maxWords: number;
  maxLetters: number;
  /** Skeleton keys of each distinct policy word, while the index is built. */
  wordKeys: Map<string, SkeletonKeys>;
}

const SEP = "\u0000";

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** Keys of a sequence of word keys: lower-space keys by either reading, and the upper-space key. */
function joinKeys(keys: readonly SkeletonKeys[], glue: (i: number) => string): string[] {
  const join = (pick: (k: SkeletonKeys) => string): string =>
    keys.map((k, i) => (i === 0 ? "" : glue(i - 1)) + pick(k)).join("");
  const lowered = join((k) => k.lower[0] ?? "");
  const written = join((k) => k.lower[k.lower.length - 1] ?? "");
  return [...new Set([`l${lowered}`, `l${written}`]), `u${join((k) => k.upper)}`];
}

export function addSpanPhrase(
  index: SpanIndex,
  entry: SpanEntry,
  parts: { words: string[]; gaps: string[]; looks: string[] },
): void {
  const keys = parts.looks.map((w) => {
    let k = index.wordKeys.get(w); // names share words ("Inc", "Group"): each is computed once
    if (k === undefined) index.wordKeys.set(w, (k = skeletonKeys(w)));
    return k;
  });
  for (const key of joinKeys(keys, (i) => `${SEP}${parts.gaps[i] ?? ""}${SEP}`)) push(index.phrases, key, entry);
  index.maxWords = Math.max(index.maxWords, parts.words.length);
  if (parts.gaps.some((g) => g !== "")) return; // "AT&T" is never run together
  const letters = parts.words.join("");
  index.maxLetters = Math.max(index.maxLetters, letters.length);
  for (const key of [`e${letters}`, ...joinKeys(keys, () => "")]) push(index.compact, key, entry);
}

export const emptySpanIndex = (): SpanIndex => ({
  phrases: new Map(),
  compact: new Map(),
  maxWords: 0,
  maxLetters: 0,
  wordKeys: new Map(),
});

export type SpanHow = "lookalike" | "spaced" | "split";

export interface SpanHit {
  entry: SpanEntry;
  from: number;
  to: number;
  how: SpanHow[];
}

/** A spacer between one-letter words: whitespace and at most one dot, hyphen or similar mark. */
const SPACER = /^\s{0,2}[-._·‧∙⋅•*~+/']?\s{0,2}$/u;
/** What may join two longer pieces of one word: exactly one of these, no space. */
const JOINER = /^[-._·‧]$/u;

const oneLetter = (tok: Token | undefined): boolean => tok !== undefined && [...tok.w].length === 1;

/** Whether tokens i-1 and i may be read as parts of one word, and how. */
function joinAt(t: Tokenized, i: number): "spaced" | "split" | null {
  const gap = gapBefore(t, i);
  if (oneLetter(t.tokens[i - 1]) && oneLetter(t.tokens[i]) && SPACER.test(gap)) return "spaced";
  return JOINER.test(gap) ? "split" : null;
}

/**
 * A span of spaced one-letter words is read whole: "P a l a n t i r i" is not Palantir. Only a
 * leading "a" or "I" may stand apart, as the article or pronoun it is ("a P a l a n t i r").
 */
function wholeRun(t: Tokenized, i: number, j: number): boolean {
  // joinAt is never "spaced" before the first token or past the last: there is no token there.
  if (joinAt(t, j + 1) === "spaced") return false;
  if (joinAt(t, i) !== "spaced") return true;
  return (t.tokens[i - 1]?.w === "a" || t.tokens[i - 1]?.w === "i") && joinAt(t, i - 1) !== "spaced";
}

/** Skeleton keys of each token, computed on first use. */
function keyCache(t: Tokenized): (tok: Token) => SkeletonKeys {
  const cache = new Map<Token, SkeletonKeys>();
  return (tok) => {
    let keys = cache.get(tok);
    if (keys === undefined) cache.set(tok, (keys = skeletonKeys(visualForm(t.raw.slice(tok.rawStart, tok.rawEnd)))));
    return keys;
  };
}

/** Plain words of a span (as many as the entry's) must be its words exactly; one must be odd. */
function wordsAgree(span: readonly Token[], entry: SpanEntry): boolean {
  let odd = false;
  for (const [k, tok] of span.entries()) {
    if (tok.odd) odd = true;
    else if (tok.w !== entry.words[k]) return false;
  }
  return odd;
}

/** Names in look-alike letters or split into pieces; plain whole-word hits are the trie's. */
export function findSpanHits(t: Tokenized, index: SpanIndex): SpanHit[] {
  const { tokens } = t;
  const hits: SpanHit[] = [];
  const keysOf = keyCache(t);
  const anyOdd = tokens.some((tok) => tok.odd);

  // Phrases word by word, by skeleton: only spans with an odd word.
  if (anyOdd) {
    for (const i of tokens.keys()) {
      const span = tokens.slice(i, i + index.maxWords);
      const parts: SkeletonKeys[] = [];
      const glue: string[] = [];
      for (const [k, tok] of span.entries()) {
        if (k > 0) glue.push(`${SEP}${gapClass(gapBefore(t, i + k))}${SEP}`);
        parts.push(keysOf(tok));
        for (const key of joinKeys(parts, (g) => glue[g] ?? "")) {
          for (const entry of index.phrases.get(key) ?? []) {
            if (entry.words.length === k + 1 && wordsAgree(span.slice(0, k + 1), entry))
              hits.push({ entry, from: i, to: i + k, how: ["lookalike"] });
          }
        }
      }
    }
  }

  // Words run together: a span of pieces, or one word spelling a multi-word name.
  for (const i of tokens.keys()) {
    let letters = "";
    let odd = false;
    const how = new Set<SpanHow>();
    // Every token holds a letter, so no run is longer than maxLetters tokens: slicing only those
    // keeps this loop from copying the rest of the text for every token.
    for (const [k, tok] of tokens.slice(i, i + index.maxLetters + 1).entries()) {
      const j = i + k;
      if (k > 0) {
        const join = joinAt(t, j);
        if (join === null) break;
        how.add(join);
      }
      letters += tok.w;
      if (letters.length > index.maxLetters) break;
      odd ||= tok.odd;
      const found = new Map<SpanEntry, boolean>();
      for (const entry of index.compact.get(`e${letters}`) ?? []) found.set(entry, false);
      if (odd) {
        for (const key of joinKeys(tokens.slice(i, j + 1).map(keysOf), () => "")) {
          for (const entry of index.compact.get(key) ?? []) if (!found.has(entry)) found.set(entry, true);
        }
      }
      if (found.size > 0 && !wholeRun(t, i, j)) continue;
      for (const [entry, lookalike] of found) {
        if (j === i && entry.words.length === 1) continue; // a plain or odd single word: not a span
        const kinds: SpanHow[] = [...how];
        if (lookalike) kinds.unshift("lookalike");
        hits.push({ entry, from: i, to: j, how: kinds });
      }
    }
  }
  return hits;
}
