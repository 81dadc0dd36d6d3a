// A disguised value shown so a maintainer can see the disguise: every character that is not
// printable ASCII becomes its code point, "\u{430}", so a Cyrillic "а" or a zero-width space
// cannot pass for what it imitates. The result is plain ASCII; it still goes through inlineText.

/** Code points shown at most; a longer value is cut with "…". */
const MAX_POINTS = 80;

export function revealCodePoints(s: string): string {
  const points = Array.from(s);
  const shown = points.slice(0, MAX_POINTS).map((c) => {
    const cp = c.codePointAt(0) ?? 0;
    return cp >= 0x20 && cp < 0x7f ? c : `\\u{${cp.toString(16).toUpperCase()}}`;
  });
  return `${shown.join("")}${points.length > MAX_POINTS ? "…" : ""}`;
}
