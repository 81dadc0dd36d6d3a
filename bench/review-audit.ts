// How the benchmark decides that a pull request was reviewed: by its final state at the GitHub
// stand-in (check run, label, the app's comment), never by the app's own logs or counters, and
// counting anything written twice. Pure: it reads the stand-in's state.
import { CHECK_NAME } from "../src/reconcile/desired.js";
import type { GitHubStandin } from "../src/standin/github-standin.js";
import { hasMarker } from "../src/state/marker.js";

export const LABEL = "ethics-review";

/** What the audit reads of the stand-in. */
export type StandinView = Pick<GitHubStandin, "appId" | "checkRuns" | "pullRequest">;

export interface ReviewAudit {
  /** Pull requests whose final state at the stand-in is what their review must leave. */
  reviewed: number;
  /** Writes beyond one: second app comments, a label present twice, second app check runs on a head. */
  duplicateWrites: number;
}

/**
 * Judges each pull request by its final state at the stand-in: one completed app check run on its
 * head; when `flagged(number)`, a non-success conclusion, the label and the app's comment, else
 * success, no label, no app comment. Anything written twice is counted.
 */
export function auditReviews(
  standin: StandinView,
  owner: string,
  repo: string,
  numbers: number[],
  flagged: (number: number) => boolean,
): ReviewAudit {
  let reviewed = 0;
  let duplicateWrites = 0;
  const checksByHead = new Map<string, number>();
  const conclusionByHead = new Map<string, string | null>();
  for (const run of standin.checkRuns(owner, repo)) {
    if (run.name !== CHECK_NAME || run.appId !== standin.appId || run.status !== "completed") continue;
    checksByHead.set(run.headSha, (checksByHead.get(run.headSha) ?? 0) + 1);
    conclusionByHead.set(run.headSha, run.conclusion);
  }
  for (const number of numbers) {
    const pr = standin.pullRequest(owner, repo, number);
    const checks = checksByHead.get(pr.headSha) ?? 0;
    const comments = pr.comments.filter((c) => c.viaApp && hasMarker(c.body)).length;
    const labels = pr.labels.filter((l) => l.toLowerCase() === LABEL).length;
    duplicateWrites += Math.max(0, checks - 1) + Math.max(0, comments - 1) + Math.max(0, labels - 1);
    const success = conclusionByHead.get(pr.headSha) === "success";
    const asExpected = flagged(number)
      ? checks > 0 && !success && comments > 0 && labels > 0
      : checks > 0 && success && comments === 0 && labels === 0;
    if (asExpected) reviewed++;
  }
  return { reviewed, duplicateWrites };
}

/** Pull requests of `repo` with a completed app check run on some commit: cheap enough to poll. */
export function checkedPulls(standin: StandinView, owner: string, repo: string): number {
  const heads = new Set<string>();
  for (const run of standin.checkRuns(owner, repo))
    if (run.name === CHECK_NAME && run.appId === standin.appId && run.status === "completed") heads.add(run.headSha);
  return heads.size;
}
