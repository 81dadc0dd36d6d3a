// Maintainer commands in pull request comments: `/ethics-policy approve [reason]`, `recheck`,
// `explain`. Only a line that starts with the command counts, so quoting or mentioning it in prose
// does nothing.

export type Command =
  { name: "approve"; reason: string } | { name: "recheck" } | { name: "explain" } | { name: "unknown"; word: string };

const PREFIX = /^\/ethics-policy(?:\s+(\S+)(?:[ \t]+(.*))?)?\s*$/i;
const MAX_REASON = 500;

export function parseCommand(body: string): Command | null {
  for (const line of body.split(/\r?\n/).slice(0, 200)) {
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
