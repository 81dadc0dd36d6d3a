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
  const ranks = new Map(fileOrder.map((file, i) => [file, i] as const).reverse());
  const ranked = problems.map((problem) => ({ rank: ranks.get(problem.file) ?? fileOrder.length, problem }));
  // Stable, so problems at one place keep the order they were found in.
  ranked.sort((a, b) => a.rank - b.rank || a.problem.line - b.problem.line || a.problem.col - b.problem.col);
  // An alias copied several times can repeat the same problem at the same place: compared with
  // the problems kept so far at that place (few; aliases are bounded), not through a key string
  // per problem, since a hostile file can hold tens of thousands.
  const sorted: PolicyProblem[] = [];
  let placeStart = 0;
  let lastRank = -1;
  for (const { rank, problem } of ranked) {
    const last = sorted.at(-1);
    if (!last || lastRank !== rank || last.line !== problem.line || last.col !== problem.col) {
      placeStart = sorted.length;
      lastRank = rank;
    } else if (sorted.slice(placeStart).some((p) => p.file === problem.file && p.message === problem.message)) {
      continue;
    }
    sorted.push(problem);
  }
  // Only the problems kept are shortened.
  const kept = sorted.slice(0, max).map((p) => ({ ...p, message: shorten(p.message) }));
  if (sorted.length <= max) return kept;
  const firstDropped = sorted[max]!;
  const more = sorted.length - max;
  kept.push({ ...firstDropped, message: `…and ${more} more problem${more === 1 ? "" : "s"}` });
  return kept;
}
