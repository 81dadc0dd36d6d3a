// check_run: the "Approve" button on an action_required check, and "Re-run" on the check.
// Only the app's own "Ethics policy" check run is acted on.
import type { Context } from "probot";
import { approverCheck } from "../commands/role.js";
import { CHECK_NAME } from "../reconcile/desired.js";
import { reviewPullRequest, type ReviewDeps } from "../review.js";

export const CHECK_RUN_EVENTS = ["check_run.rerequested", "check_run.requested_action"] as const;

type Deps = Omit<ReviewDeps, "octokit" | "log">;

export async function onCheckRun(
  deps: Deps,
  context: Context<"check_run.rerequested" | "check_run.requested_action">,
): Promise<void> {
  const { check_run: run, repository, sender } = context.payload;
  if (run.name !== CHECK_NAME || (deps.appId && run.app?.id !== deps.appId)) return;
  const owner = repository.owner.login;
  const repo = repository.name;
  const full = { ...deps, octokit: context.octokit, log: context.log };
  // A check run lists the open pull requests whose head is its commit (in this repository).
  const pulls = run.pull_requests.filter((p) => p.base.repo.id === repository.id).map((p) => p.number);

  if (context.payload.action === "requested_action") {
    if (context.payload.requested_action?.identifier !== "approve") return;
    const allowed = await approverCheck(context.octokit, { owner, repo }, sender.login, context.log);
    if (!allowed) return;
    for (const number of pulls) {
      const outcome = await reviewPullRequest(full, { owner, repo, number }, repository.default_branch, {
        approve: { by: sender.login, reason: "approved with the check run's Approve button", mayApprove: allowed },
      });
      if (outcome.kind === "reviewed" && outcome.approval === "denied") {
        context.log.info(
          { pull: number, login: sender.login },
          "approve button pressed without the required role; nothing changed",
        );
      }
    }
    return;
  }
  for (const number of pulls) await reviewPullRequest(full, { owner, repo, number }, repository.default_branch);
}
