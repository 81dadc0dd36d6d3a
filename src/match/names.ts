// Finding organization names, aliases and `@login` mentions in free text.
//
// Names and aliases are compiled into a word trie, so scanning a text costs (words in the text) ×
// (words in the longest alias), however many organizations the policy lists.
import { skeletonKeys } from "./skeleton.js";
import { addSpanPhrase, emptySpanIndex, findSpanHits, type SpanHow, type SpanIndex } from "./spans.js";
import { gapBefore, gapClass, phraseWords, visualForm, type Tokenized } from "./text.js";

interface Terminal {
  org: number;
  /** The alias or name as written in the policy. */
  phrase: string;
}

interface TrieNode {
  next: Map<string, TrieNode>;
  ends: Terminal[];
}

export interface NameIndex {
  root: TrieNode;
  /** The same names for disguised spellings (spans.ts). */
  spans: SpanIndex;
  /** `github_orgs` logins by the skeleton of their letters, for "@" mentions in look-alike letters. */
  mentionSkeletons: Map<string, Array<{ org: number; login: string }>>;
}

/** A `github_orgs` login without the "@" the policy may write before it (lint warns, matching ignores it). */
export const bareOrgLogin = (written: string): string => written.replace(/^@/, "");

const node = (): TrieNode => ({ next: new Map(), ends: [] });
/** Trie edge key: how the word is joined to the previous one, then the word. */
const edge = (gap: string, word: string): string => `${gap}\u0000${word}`;

export function buildNameIndex(
  orgs: ReadonlyArray<{ name: string; aliases: readonly string[]; github_orgs?: readonly string[] }>,
): NameIndex {
  const root = node();
  const spans = emptySpanIndex();
  const mentionSkeletons = new Map<string, Array<{ org: number; login: string }>>();
  orgs.forEach((org, index) => {
    for (const login of new Set((org.github_orgs ?? []).map(bareOrgLogin))) {
      const key = skeletonKeys(login).lower[0] ?? "";
      const list = mentionSkeletons.get(key) ?? [];
      list.push({ org: index, login });
      mentionSkeletons.set(key, list);
    }
  });
  orgs.forEach((org, index) => {
    for (const phrase of [org.name, ...org.aliases]) {
      const parts = phraseWords(phrase);
      const { words, gaps } = parts;
      const first = words[0];
      if (first === undefined) continue; // no letters or digits: can never match a word
      let at = root.next.get(first) ?? node();
      root.next.set(first, at);
      for (let i = 1; i < words.length; i++) {
        const k = edge(gaps[i - 1] ?? "", words[i] ?? "");
        const child = at.next.get(k) ?? node();
        at.next.set(k, child);
        at = child;
      }
      // The same words again ("Palantir" as name and alias, "Booz-Allen" and "Booz Allen"): once.
      if (at.ends.some((end) => end.org === index)) continue;
      addSpanPhrase(spans, { org: index, phrase, words }, parts);
      at.ends.push({ org: index, phrase });
    }
  });
  spans.wordKeys.clear(); // only needed while building
  return { root, spans, mentionSkeletons };
}

export type HitKind = "name" | "mention";

/** An organization found in a text, spanning tokens `from`..`to` (inclusive). */
export interface Hit {
  org: number;
  kind: HitKind;
  /** The policy entry: alias/name, or the github_orgs login. */
  matched: string;
  from: number;
  to: number;
  /** How a disguised spelling was read (spans.ts); absent for a plain whole-word hit. */
  how?: SpanHow[];
}

/** An `@handle` in the text and the tokens it covers; `login` is null when it cannot be a GitHub login. */
export interface Mention {
  login: string | null;
  from: number;
  to: number;
}

const HANDLE_RE = /@([\p{L}\p{N}_-]+)/gu;
const LOGIN_RE = /^[a-z0-9](?:[a-z0-9]|-(?=[a-z0-9])){0,38}$/;
/** A character that, right before "@", makes it part of an email address rather than a mention. */
const EMAIL_LOCAL_CHAR = /[\p{L}\p{N}._%+]/u;

/** The first token starting at or after `pos`. */
function firstTokenFrom(t: Tokenized, pos: number): number {
  let lo = 0;
  let hi = t.tokens.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((t.tokens[mid]?.start ?? 0) < pos) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * `@handle` mentions: "@" not preceded by a letter, digit or email-local character (so
 * "bob@palantir.com" is no mention), then the whole handle. "@palantir-fans" is "palantir-fans";
 * "@palantir_fans" is a handle but no GitHub login. A trailing hyphen is punctuation.
 */
export function findMentions(t: Tokenized): Mention[] {
  const out: Mention[] = [];
  for (const m of t.text.matchAll(HANDLE_RE)) {
    const before = t.text[m.index - 1];
    if (before !== undefined && EMAIL_LOCAL_CHAR.test(before)) continue;
    const handle = (m[1] ?? "").replace(/-+$/, "");
    const end = m.index + 1 + handle.length;
    const from = firstTokenFrom(t, m.index + 1);
    if ((t.tokens[from]?.end ?? Infinity) > end) continue; // no whole word in it ("@-")
    let to = from;
    while ((t.tokens[to + 1]?.end ?? Infinity) <= end) to++;
    out.push({ login: LOGIN_RE.test(handle) ? handle : null, from, to });
  }
  return out;
}

/**
 * Every name/alias occurrence and every mention of a listed GitHub org. A name may not cut a
 * mention in part: "@palantir-fans" does not contain the alias "Palantir", "@palantir" does.
 */
export function findHits(
  t: Tokenized,
  names: NameIndex,
  githubOrgs: ReadonlyMap<string, ReadonlyArray<{ org: number; login: string }>>,
): Hit[] {
  const hits: Hit[] = [];
  const mentions = findMentions(t);
  const spanOf = new Map<number, Mention>();
  for (const m of mentions) {
    for (let i = m.from; i <= m.to; i++) spanOf.set(i, m);
    if (m.login === null) {
      // "@pаlantir" (Cyrillic а) is no GitHub login, but it is written to look like one.
      const tokens = t.tokens.slice(m.from, m.to + 1);
      if (!tokens.some((tok) => tok.odd)) continue;
      const handle = visualForm(t.raw.slice(tokens[0]?.rawStart ?? 0, tokens[tokens.length - 1]?.rawEnd ?? 0));
      for (const key of skeletonKeys(handle).lower) {
        for (const entry of names.mentionSkeletons.get(key) ?? [])
          hits.push({
            org: entry.org,
            kind: "mention",
            matched: entry.login,
            from: m.from,
            to: m.to,
            how: ["lookalike"],
          });
      }
      continue;
    }
    for (const entry of githubOrgs.get(m.login) ?? [])
      hits.push({ org: entry.org, kind: "mention", matched: entry.login, from: m.from, to: m.to });
  }
  // Mentions never overlap, so a hit cuts one exactly when a mention starts before its first word
  // (and holds it) or ends after its last.
  const cuts = (from: number, to: number): boolean => {
    const a = spanOf.get(from);
    const b = spanOf.get(to);
    return (a !== undefined && a.from < from) || (b !== undefined && b.to > to);
  };
  const { tokens } = t;
  for (const [i, token] of tokens.entries()) {
    let at = names.root.next.get(token.w);
    let j = i;
    while (at) {
      if (!cuts(i, j)) {
        for (const end of at.ends) hits.push({ org: end.org, kind: "name", matched: end.phrase, from: i, to: j });
      }
      j++;
      const next = tokens[j];
      if (!next) break;
      at = at.next.get(edge(gapClass(gapBefore(t, j)), next.w));
    }
  }
  // Disguised spellings, where no plain hit of the same org covers the same words.
  const plain = new Set(hits.map((h) => `${h.org}:${h.from}:${h.to}`));
  for (const s of findSpanHits(t, names.spans)) {
    const key = `${s.entry.org}:${s.from}:${s.to}`;
    if (plain.has(key) || cuts(s.from, s.to)) continue;
    plain.add(key);
    hits.push({ org: s.entry.org, kind: "name", matched: s.entry.phrase, from: s.from, to: s.to, how: s.how });
  }
  return hits.filter((h) => h.kind !== "name" || !isAcronym(h.matched) || inCapitals(t, h));
}

/**
 * A policy entry written in capitals, 2 to 5 letters, is an acronym ("ICE", "NSO", "PLTR"): it
 * matches only text in capitals, so "Ice hockey" is not ICE. Written in lower case it matches any case.
 */
function isAcronym(phrase: string): boolean {
  return /^\p{Lu}{2,5}$/u.test(phrase.trim());
}

function inCapitals(t: Tokenized, hit: Hit): boolean {
  const from = t.tokens[hit.from]?.rawStart ?? 0;
  const to = t.tokens[hit.to]?.rawEnd ?? from;
  return !/\p{Ll}/u.test(visualForm(t.raw.slice(from, to)));
}
