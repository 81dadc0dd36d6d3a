// Shared by the queue's end-to-end tests: an audit of the jobs' end states that records "jobs lost" and "jobs run twice with duplicate writes".
import type { GitHubStandin } from "../../src/standin/github-standin.js";
import { recordFigures } from "./figures.js";
import { appChecks, audit, type SeededPull } from "./reliability.js";

/**
 * Each pull request a job was queued for must end reviewed (a check on its head), and written
 * once: `ranTwice` says the scenario made some job run more than once (a retry, a takeover).
 */
export function auditJobs(standin: GitHubStandin, pulls: SeededPull[]): { lost: number; duplicateWrites: number } {
  let lost = 0;
  let duplicateWrites = 0;
  for (const pull of pulls) {
    if (appChecks(standin, pull.headSha).length === 0) lost++;
    const found = audit(standin, pull);
    duplicateWrites += found.duplicateComments + found.duplicateLabels + found.duplicateChecks;
  }
  recordFigures({ jobsLost: lost, jobsRunTwiceWithDuplicateWrites: duplicateWrites });
  return { lost, duplicateWrites };
}
