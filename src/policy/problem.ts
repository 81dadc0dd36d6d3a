// A problem found in a policy file, located where the offending text was written.

export interface PolicyProblem {
  file: string;
  /** 1-based */
  line: number;
  /** 1-based */
  col: number;
  message: string;
}

/** Names echoed from the file (tags, anchors) can be as long as the file; a message should not be. */
export const MAX_MESSAGE_LENGTH = 300;

/** One line of bounded length: problems are printed one per line. */
function shorten(message: string): string {
  const line = message.replace(/[\r\n]+/g, " ");
  return line.length > MAX_MESSAGE_LENGTH ? `${line.slice(0, MAX_MESSAGE_LENGTH)}…` : line;
}

/** Text from the file inside a message: quoted, escaped and cut short, so a problem stays one short line. */
export function quote(text: string, max = 60): string {
  return JSON.stringify(text.length > max ? `${text.slice(0, max)}…` : text);
}

export function formatProblem(p: PolicyProblem): string {
  return `${p.file}:${p.line}:${p.col}: ${p.message}`;
}

/**
 * Orders problems the way a reader goes through the files (in the order given, then by line and
 * column) and keeps at most `max`, so a broken file yields a readable list, not thousands of lines.
 */
export function sortAndCap(problems: PolicyProblem[], fileOrder: string[], max: number): PolicyProblem[] {
  const rank = (file: string) => {
    const i = fileOrder.indexOf(file);
    return i === -1 ? fileOrder.length : i;
  };
  // An alias copied several times can repeat the same problem at the same place.
  const distinct = [
    ...new Map(problems.map((p) => [formatProblem(p), { ...p, message: shorten(p.message) }])).values(),
  ];
  const sorted = distinct.sort((a, b) => rank(a.file) - rank(b.file) || a.line - b.line || a.col - b.col);
  if (sorted.length <= max) return sorted;
  const kept = sorted.slice(0, max);
  const firstDropped = sorted[max]!;
  const more = sorted.length - max;
  kept.push({ ...firstDropped, message: `…and ${more} more problem${more === 1 ? "" : "s"}` });
  return kept;
}
