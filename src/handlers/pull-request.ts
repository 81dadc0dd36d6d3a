// pull_request: every event that can change who wrote the PR or what it contains.
import type { Context } from "probot";
import type { PullRequestRef } from "../github/types.js";
import { reviewPullRequest, type ReviewDeps } from "../review.js";

export const PULL_REQUEST_EVENTS = [
  "pull_request.opened",
  "pull_request.reopened",
  "pull_request.synchronize",
  "pull_request.edited",
  "pull_request.ready_for_review",
] as const;

export async function onPullRequest(
  deps: Omit<ReviewDeps, "octokit" | "log">,
  context: Context<"pull_request">,
): Promise<void> {
  const { pull_request: pr, repository } = context.payload;
  await reviewPull(
    deps,
    context,
    { owner: repository.owner.login, repo: repository.name, number: pr.number },
    repository.default_branch,
  );
}

/** One review job (src/queue): a pull request named by a pull_request event or a policy change. */
export async function reviewPull(
  deps: Omit<ReviewDeps, "octokit" | "log">,
  context: Pick<Context, "octokit" | "log">,
  ref: PullRequestRef,
  defaultBranch: string,
): Promise<void> {
  await reviewPullRequest({ ...deps, octokit: context.octokit, log: context.log }, ref, defaultBranch);
}
