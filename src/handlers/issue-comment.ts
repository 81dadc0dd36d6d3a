// issue_comment: maintainer commands on pull requests. Bots, the app itself and comments on plain
// issues are ignored; a command from someone without the role changes nothing.
import type { Context } from "probot";
import { parseCommand } from "../commands/parse.js";
import { approverCheck } from "../commands/role.js";
import { renderReply, type Reply } from "../render/replies.js";
import { reviewPullRequest, type ReviewDeps, type ReviewOptions, type ReviewOutcome } from "../review.js";

export const ISSUE_COMMENT_EVENTS = ["issue_comment.created"] as const;

type Deps = Omit<ReviewDeps, "octokit" | "log">;

export async function onIssueComment(deps: Deps, context: Context<"issue_comment.created">): Promise<void> {
  const { comment, issue, repository, sender } = context.payload;
  if (!issue.pull_request || sender.type === "Bot" || comment.performed_via_github_app) return;
  const command = parseCommand(comment.body ?? "");
  if (!command) return;

  const owner = repository.owner.login;
  const repo = repository.name;
  const ref = { owner, repo, number: issue.number };
  const review = (approve?: ReviewOptions["approve"]) =>
    reviewPullRequest({ ...deps, octokit: context.octokit, log: context.log }, ref, repository.default_branch, {
      ...(approve ? { approve } : {}),
    });
  const reply = async (r: Reply) => {
    await context.octokit.rest.issues.createComment({ owner, repo, issue_number: issue.number, body: renderReply(r) });
  };
  const policyReply = (outcome: ReviewOutcome): Reply | null =>
    outcome.kind === "no_policy"
      ? { kind: "no_policy" }
      : outcome.kind === "invalid_policy"
        ? { kind: "invalid_policy" }
        : null;
  const by = sender.login;
  context.log.info({ pull: issue.number, login: by, command: command.name }, "command received");

  switch (command.name) {
    case "unknown":
      return reply({ kind: "unknown_command", word: command.word });
    case "recheck": {
      const outcome = await review();
      const problem = policyReply(outcome);
      if (problem) return reply(problem);
      // Acknowledge without another comment: the app's comment and check already show the result.
      await context.octokit.rest.reactions.createForIssueComment({
        owner,
        repo,
        comment_id: comment.id,
        content: "+1",
      });
      return;
    }
    case "explain": {
      const outcome = await review();
      return reply(
        outcome.kind === "reviewed"
          ? { kind: "explain", decision: outcome.decision }
          : (policyReply(outcome) ?? { kind: "no_policy" }),
      );
    }
    case "approve": {
      if (by.toLowerCase() === issue.user.login.toLowerCase()) return reply({ kind: "own_pull_request", by });
      const allowed = await approverCheck(context.octokit, { owner, repo }, by, context.log);
      if (!allowed) return reply({ kind: "lookup_failed", by });
      const outcome = await review({ by, reason: command.reason, mayApprove: allowed });
      if (outcome.kind !== "reviewed") return reply(policyReply(outcome) ?? { kind: "nothing_to_approve", by });
      if (outcome.approval === "denied") return reply({ kind: "denied", by, least: outcome.approvers });
      if (outcome.approval === "nothing_to_approve") return reply({ kind: "nothing_to_approve", by });
      return reply({ kind: "approved", by, decision: outcome.decision });
    }
  }
}
