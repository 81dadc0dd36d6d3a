// push: when the policy file changes on the default branch, every open pull request is judged
// again by the new rules, one at a time and paced, so a large repository does not burst through
// GitHub's rate limits (Probot's throttling plugin handles any limit that is hit anyway).
import type { Context } from "probot";
import { POLICY_PATH } from "../policy/load.js";
import { reviewPullRequest, type ReviewDeps } from "../review.js";

export const PUSH_EVENTS = ["push"] as const;

export interface PushDeps extends Omit<ReviewDeps, "octokit" | "log"> {
  /** Pause between pull requests, in milliseconds. */
  paceMs: number;
}

/** The push payload lists at most 20 commits; a push with more may have touched the file unseen. */
const PAYLOAD_COMMIT_LIMIT = 20;

export function touchesPolicy(commits: { added?: string[]; modified?: string[]; removed?: string[] }[]): boolean {
  if (commits.length >= PAYLOAD_COMMIT_LIMIT) return true;
  return commits.some((c) => [...(c.added ?? []), ...(c.modified ?? []), ...(c.removed ?? [])].includes(POLICY_PATH));
}

export async function onPush(deps: PushDeps, context: Context<"push">): Promise<void> {
  const { ref, repository, commits } = context.payload;
  if (ref !== `refs/heads/${repository.default_branch}` || !touchesPolicy(commits) || !repository.owner) return;
  const owner = repository.owner.login;
  const repo = repository.name;
  const full = { ...deps, octokit: context.octokit, log: context.log };
  let reviewed = 0;
  for await (const page of context.octokit.paginate.iterator(context.octokit.rest.pulls.list, {
    owner,
    repo,
    state: "open",
    per_page: 100,
  })) {
    for (const pr of page.data) {
      if (reviewed > 0 && deps.paceMs > 0) await new Promise((resolve) => setTimeout(resolve, deps.paceMs));
      await reviewPullRequest(full, { owner, repo, number: pr.number }, repository.default_branch);
      reviewed++;
    }
  }
  context.log.info({ owner, repo, reviewed }, "policy changed on the default branch: open pull requests re-evaluated");
}
