// Shared by the queue's end-to-end tests: a push payload that changes the policy, and an audit of
// the jobs' end states that records "jobs lost" and "jobs run twice with duplicate writes".
import { createRequire } from "node:module";
import type { GitHubStandin } from "../../src/standin/github-standin.js";
import { INSTALLATION_ID } from "./e2e.js";
import { recordFigures } from "./figures.js";
import { appChecks, audit, BRANCH, OWNER, REPO, type SeededPull } from "./reliability.js";

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
type Example = { name: string; examples: Json[] };
const examples = createRequire(import.meta.url)("@octokit/webhooks-examples/api.github.com/index.json") as Example[];

/** A real captured push payload, to the default branch of the reliability repository, changing `files`. */
export function pushPayload(files: string[], installationId = INSTALLATION_ID): Json {
  // The newest capture (one with an installation): older ones lack fields GitHub now sends.
  const example = examples.find((e) => e.name === "push")?.examples.find((e) => e.installation);
  if (!example) throw new Error("no push example");
  const payload = structuredClone(example);
  payload.ref = `refs/heads/${BRANCH}`;
  payload.installation = { id: installationId, node_id: "MDIzOkludGVncmF0aW9uSW5zdGFsbGF0aW9uNDI0Mg==" };
  payload.repository.name = REPO;
  payload.repository.full_name = `${OWNER}/${REPO}`;
  payload.repository.owner.login = OWNER;
  payload.repository.owner.name = OWNER;
  payload.repository.default_branch = BRANCH;
  payload.forced = false;
  const sha = "3".repeat(40);
  const commit = {
    id: sha,
    tree_id: "4".repeat(40),
    distinct: true,
    message: "Update the policy",
    timestamp: "2026-11-30T12:00:00Z",
    url: `https://github.com/${OWNER}/${REPO}/commit/${sha}`,
    author: { name: "Maintainer", email: "maintainer@example.org", username: "maintainer-mo" },
    committer: { name: "Maintainer", email: "maintainer@example.org", username: "maintainer-mo" },
    added: [],
    removed: [],
    modified: files,
  };
  payload.commits = [commit];
  payload.head_commit = commit;
  return payload;
}

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
