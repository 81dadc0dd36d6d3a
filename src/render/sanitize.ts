// The one sanitizer for text we did not write: profile fields, commit data, policy text, approval
// reasons. Everything user-controlled reaches a comment or check run through `inlineText`.
//
// Approach: escaped inline text, not code spans. A code span would stop GitHub linking mentions
// and references, but its content cannot be escaped: a backtick needs a longer fence, a leading
// or trailing backtick or space needs padding, `|` still splits a table cell, and every value
// would read as code. Escaped text works the same in a paragraph, a blockquote, a heading, a list
// item, a table cell and a link label. It takes two layers, because GitHub finds mentions,
// references and bare URLs in the *rendered* text, after Markdown escapes are undone:
//
// 1. Breakers: an invisible character splits each thing GitHub would act on, so the rendered text
//    no longer matches: "@" is always followed by U+200D ZERO WIDTH JOINER (no mention, team
//    mention, email autolink or `owner/repo@sha`), "#" and "GH-" before a reference likewise,
//    and U+200B ZERO WIDTH SPACE goes before "://" and after "www" so nothing autolinks,
//    and before the colon of "javascript:", "data:", "mailto:" and the like.
// 2. Escapes: "&", "<" and ">" become entities (no raw HTML, no "<!--" or "-->", no entity that
//    decodes to "@" or "#"), and every ASCII punctuation mark Markdown gives a meaning to is
//    backslash-escaped (links, images, emphasis, code, tables, headings, lists).
//
// Before that, line breaks and tabs collapse to single spaces (one value, one line), C0/C1
// controls and bidirectional overrides and marks are removed, and lone surrogates become U+FFFD.
// Invariants the tests check: the output has no newline, no "<", no "@" without U+200D after it,
// no "#" or "GH-" directly before a digit, no "](" and no "javascript:".

import { INVISIBLE_CLASS } from "./invisible.js";

export const ZWJ = "\u200D";
export const ZWSP = "\u200B";

/** C0 and C1 controls other than whitespace, bidi embeddings/overrides/isolates/marks, BOM. */
const INVISIBLE = new RegExp(`[${INVISIBLE_CLASS}]`, "g");
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
/** Whitespace including tab, CR, LF, VT, FF, NEL, NBSP, U+2028/2029. */
const SPACES = /[\s\u0085]+/g;

/** Plain, single-line text: for places GitHub shows verbatim (check run titles, annotation messages). */
export function plainText(s: string, max = 200): string {
  const cleaned = s.replace(LONE_SURROGATE, "\uFFFD").replace(INVISIBLE, "").replace(SPACES, " ").trim();
  return truncate(cleaned, max);
}

/** Cut to at most `max` code points, ending in "…" when cut. */
export function truncate(s: string, max: number): string {
  const points = Array.from(s);
  if (points.length <= max) return s;
  if (max <= 0) return "";
  return `${points
    .slice(0, max - 1)
    .join("")
    .trimEnd()}…`;
}

/** ASCII punctuation with a meaning in GitHub Markdown ("$" starts math). */
const MARKDOWN_PUNCTUATION = new Set(Array.from("\\`*_{}[]()+-.!|~=$"));

function escapeChar(c: string): string {
  switch (c) {
    case "&":
      return "&amp;";
    case "<":
      return "&lt;";
    case ">":
      return "&gt;";
    case "@":
      return `@${ZWJ}`;
    case "#":
      return `\\#${ZWJ}`;
    default:
      return MARKDOWN_PUNCTUATION.has(c) ? `\\${c}` : c;
  }
}

/**
 * User-controlled text made safe inside Markdown: one line, at most `max` characters of the
 * original (plus escapes), with no live mention, reference, link, HTML or formatting.
 */
export function inlineText(s: string, max = 200): string {
  const text = plainText(s, max)
    .replace(/:\/\//g, `${ZWSP}://`)
    .replace(/www(?=\.)/gi, (m) => `${m}${ZWSP}`)
    .replace(/(javascript|vbscript|data|mailto|xmpp|file|tel)(?=\s*:)/gi, (m) => `${m}${ZWSP}`)
    .replace(/(gh)-(?=\d)/gi, (_m, gh: string) => `${gh}-${ZWJ}`);
  return text.replace(/[&<>@#\\`*_{}[\]()+\-.!|~=$]/g, escapeChar);
}

/** A commit SHA as inline code, shortened to 7; anything that is not hex is escaped text instead. */
export function shortSha(sha: string): string {
  return /^[0-9a-f]{4,64}$/i.test(sha) ? `\`${sha.slice(0, 7).toLowerCase()}\`` : inlineText(sha, 40);
}
