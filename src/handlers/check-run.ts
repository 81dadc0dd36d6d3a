// check_run: the "Approve" button on an action_required check, and "Re-run" on the check.
// Only the app's own "Ethics policy" check run is acted on.
import type { Context } from "probot";
import { approverCheck } from "../commands/role.js";
import { pullRequestsOfCheckRun } from "../github/check-run-pulls.js";
import { APPROVE_ACTION, CHECK_NAME } from "../reconcile/desired.js";
import { reviewPullRequest, type ReviewDeps } from "../review.js";
import { approvalReply } from "./approval-reply.js";
import { replyOnce } from "./reply.js";

export const CHECK_RUN_EVENTS = ["check_run.rerequested", "check_run.requested_action"] as const;

type Deps = Omit<ReviewDeps, "octokit" | "log">;

export async function onCheckRun(
  deps: Deps,
  context: Context<"check_run.rerequested" | "check_run.requested_action">,
): Promise<void> {
  const { check_run: run, repository, sender } = context.payload;
  if (run.name !== CHECK_NAME || (deps.appId && run.app?.id !== deps.appId)) return;
  const { payload } = context;
  const isApprove = payload.action === "requested_action";
  if (payload.action === "requested_action" && payload.requested_action?.identifier !== APPROVE_ACTION.identifier)
    return;
  const owner = repository.owner.login;
  const repo = repository.name;
  const full = { ...deps, octokit: context.octokit, log: context.log };
  // The pull requests whose head is the check run's commit; for a fork GitHub lists none itself.
  const { numbers: pulls, foundBy } = await pullRequestsOfCheckRun(
    context.octokit,
    { id: repository.id, owner, repo },
    run,
  );
  if (foundBy !== "payload")
    context.log.info({ owner, repo, pulls, foundBy }, "check run's pull request found without check_run.pull_requests");

  if (isApprove) {
    const by = sender.login;
    const botLogin = (await deps.botLogin?.()) ?? null;
    // Answered once per button press on a check run, whatever the redeliveries.
    const reply = (number: number, r: Parameters<typeof replyOnce>[2]) =>
      replyOnce(context.octokit, { owner, repo, number, answers: `button:${run.id}:${by}`, botLogin }, r);
    const role = await approverCheck(context.octokit, { owner, repo }, by, context.log);
    for (const number of pulls) {
      if (!role) {
        await reply(number, { kind: "lookup_failed", by });
        continue;
      }
      // The same rule as the command (approvals.ts recordApproval), and the check's commit must
      // still be the head: the button approves what that check showed.
      const outcome = await reviewPullRequest(full, { owner, repo, number }, repository.default_branch, {
        approve: {
          by,
          reason: "approved with the check run's Approve button",
          role: role.role,
          mayApprove: role.mayApprove,
          via: "button",
          headSeen: run.head_sha,
        },
      });
      if (outcome.kind !== "reviewed" || outcome.approval === "recorded") continue;
      context.log.info({ pull: number, login: by, outcome: outcome.approval }, "approve button: nothing recorded");
      await reply(number, approvalReply(outcome, by));
    }
    return;
  }
  for (const number of pulls) await reviewPullRequest(full, { owner, repo, number }, repository.default_branch);
}
