// push: when the policy file may have changed on the default branch, every open pull request is
// judged again by the new rules. The app queues one review job per pull request (src/queue);
// Actions mode, which has no queue, runs them here one after another, paced, and carries on past
// a pull request that fails, failing the run at the end so that it shows.
import type { Context } from "probot";
import { pushMayChangePolicy } from "../queue/intake.js";
import { reviewPullRequest, type ReviewDeps } from "../review.js";

export const PUSH_EVENTS = ["push"] as const;

export interface PushDeps extends Omit<ReviewDeps, "octokit" | "log"> {
  /** Pause between pull requests, in milliseconds. */
  paceMs: number;
}

export async function onPush(deps: PushDeps, context: Context<"push">): Promise<void> {
  const { ref, repository, commits, forced } = context.payload;
  if (
    !repository.owner ||
    !pushMayChangePolicy({ ref, defaultBranch: repository.default_branch, forced, commits }, deps.policyPath)
  )
    return;
  const owner = repository.owner.login;
  const repo = repository.name;
  const full = { ...deps, octokit: context.octokit, log: context.log };
  let reviewed = 0;
  const failed: { pull: number; error: unknown }[] = [];
  for await (const page of context.octokit.paginate.iterator(context.octokit.rest.pulls.list, {
    owner,
    repo,
    state: "open",
    per_page: 100,
  })) {
    for (const pr of page.data) {
      if (reviewed + failed.length > 0 && deps.paceMs > 0)
        await new Promise((resolve) => setTimeout(resolve, deps.paceMs));
      try {
        await reviewPullRequest(full, { owner, repo, number: pr.number }, repository.default_branch);
        reviewed++;
      } catch (error) {
        const status = (error as { status?: unknown }).status;
        context.log.warn({ owner, repo, pull: pr.number, status }, "review failed; carrying on with the others");
        failed.push({ pull: pr.number, error });
      }
    }
  }
  context.log.info({ owner, repo, reviewed, failed: failed.length }, "policy changed: open pull requests re-evaluated");
  if (failed.length > 0)
    throw new AggregateError(
      failed.map((f) => f.error),
      `${failed.length} pull request(s) could not be reviewed: ${failed.map((f) => `#${f.pull}`).join(", ")}`,
    );
}
