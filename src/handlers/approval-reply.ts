// The reply to an approval, whatever route it came by: what happened, in the renderer's words.
import type { Reply } from "../render/replies.js";
import type { ReviewOutcome } from "../review.js";

export function approvalReply(outcome: Extract<ReviewOutcome, { kind: "reviewed" }>, by: string): Reply {
  switch (outcome.approval) {
    case "own_pull_request":
      return { kind: "own_pull_request", by };
    case "denied":
      return { kind: "denied", by, least: outcome.approvers };
    case "evidence_changed":
      return { kind: "evidence_changed", by };
    case "recorded":
      return { kind: "approved", by, decision: outcome.decision };
    default:
      return { kind: "nothing_to_approve", by };
  }
}
