// Maintainer commands in pull request comments: `/ethics-policy approve [reason]`, `recheck`,
// `explain`. A command counts only on a line of its own in the text GitHub displays: not inside a
// fenced or indented code block, a block quote or an HTML comment, where a reader would not see
// it as a command (or would not see it at all).

export type Command =
  { name: "approve"; reason: string } | { name: "recheck" } | { name: "explain" } | { name: "unknown"; word: string };

const PREFIX = /^\/ethics-policy(?:\s+(\S+)(?:[ \t]+(.*))?)?\s*$/i;
const MAX_REASON = 500;
const MAX_LINES = 200;
/** A fence opens a code block: up to three spaces, then ``` or ~~~ (CommonMark). */
const FENCE = /^ {0,3}(`{3,}|~{3,})/;
/** Four spaces or a tab: an indented code block (when not continuing a paragraph; we are strict). */
const INDENTED = /^( {4}|\t)/;
const QUOTE = /^ {0,3}>/;

/** The lines a reader sees as plain text: code, quotes and HTML comments removed. */
export function visibleLines(body: string): string[] {
  // HTML comments may span lines; an unclosed one hides the rest of the comment, as on GitHub.
  const text = body.replace(/<!--[\s\S]*?(?:-->|$)/g, "");
  const lines: string[] = [];
  let fence: string | null = null;
  for (const line of text.split(/\r?\n/)) {
    const opener = FENCE.exec(line)?.[1];
    if (fence !== null) {
      // A closing fence uses the same character, at least as long as the opening one.
      if (opener && opener[0] === fence[0] && opener.length >= fence.length && line.trim() === opener) fence = null;
      continue;
    }
    if (opener) {
      fence = opener;
      continue;
    }
    if (INDENTED.test(line) || QUOTE.test(line)) continue;
    lines.push(line);
  }
  return lines;
}

export function parseCommand(body: string): Command | null {
  for (const line of visibleLines(body).slice(0, MAX_LINES)) {
    const m = PREFIX.exec(line.trim());
    if (!m) continue;
    const word = (m[1] ?? "").toLowerCase();
    if (word === "approve") return { name: "approve", reason: (m[2] ?? "").trim().slice(0, MAX_REASON) };
    if (word === "recheck") return { name: "recheck" };
    if (word === "explain") return { name: "explain" };
    return { name: "unknown", word: word.slice(0, 40) };
  }
  return null;
}
