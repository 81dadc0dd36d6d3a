// issue_comment: maintainer commands on pull requests. Bots, the app itself and comments on plain
// issues are ignored; a command from someone without the role changes nothing.
import type { Context } from "probot";
import { parseCommand } from "../commands/parse.js";
import { isAuthor } from "../approvals.js";
import { approverCheck } from "../commands/role.js";
import type { Reply } from "../render/replies.js";
import { reviewPullRequest, type ReviewDeps, type ReviewOptions, type ReviewOutcome } from "../review.js";
import { approvalReply } from "./approval-reply.js";
import { replyOnce } from "./reply.js";

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
  const botLogin = (await deps.botLogin?.()) ?? null;
  const reply = (r: Reply) =>
    replyOnce(
      context.octokit,
      { owner, repo, number: issue.number, answers: String(comment.id), since: comment.created_at, botLogin },
      r,
    );
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
      // The one rule for approving is applied inside the review, under the pull request's lock
      // (approvals.ts recordApproval): never the author, the `approvers` role, evidence as shown.
      // The payload's author saves a lookup; the review checks the author it reads, too.
      if (isAuthor(by, issue.user.login)) return reply({ kind: "own_pull_request", by });
      const role = await approverCheck(context.octokit, { owner, repo }, by, context.log);
      if (!role) return reply({ kind: "lookup_failed", by });
      const outcome = await review({
        by,
        reason: command.reason,
        role: role.role,
        mayApprove: role.mayApprove,
        via: "command",
        command: { id: comment.id, createdAt: comment.created_at },
      });
      if (outcome.kind !== "reviewed") return reply(policyReply(outcome) ?? { kind: "nothing_to_approve", by });
      return reply(approvalReply(outcome, by));
    }
  }
}
