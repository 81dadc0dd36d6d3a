// From a decision to the state the pull request should be in. Pure; the only inputs are the
// decision, the policy, what GitHub showed us, and the prior state the app left in its comment.
import type { Decision } from "../decision.js";
import type { Snapshot } from "../github/types.js";
import type { Policy } from "../policy/schema.js";
import { APPROVE_ACTION } from "../render/check-actions.js";
import { checkExternalId } from "./check-external-id.js";
import { renderCheck } from "../render/check.js";
import { renderComment } from "../render/comment.js";
import { decodeState, type Approval, type CommentState } from "../render/marker.js";
import type { DesiredState, LabelSpec } from "./plan.js";

export const CHECK_NAME = "Ethics policy";
export { APPROVE_ACTION };
const LABEL_COLOR = "d93f0b";
const LABEL_DESCRIPTION = "Flagged by the ethics policy app for a maintainer to review";

export interface DesiredInput {
  decision: Decision;
  policy: Policy;
  snapshot: Snapshot;
  /** Every approval so far, kept in the comment's state. */
  approvals: Approval[];
  policyPath: string;
}

/** The state the app last wrote into its own comment, if it has one. */
export function priorState(snapshot: Snapshot): CommentState | null {
  return snapshot.current.comment ? decodeState(snapshot.current.comment.body) : null;
}

export function desiredState({ decision, policy, snapshot, approvals, policyPath }: DesiredInput): DesiredState {
  const prior = priorState(snapshot);
  const state: CommentState = {
    v: 1,
    head_sha: snapshot.headSha,
    flagged: decision.flagged,
    organizations: decision.organizations,
    approvals,
  };
  const { actions } = policy;
  const label: DesiredState["label"] =
    actions.label === false ? null : { spec: labelSpec(actions.label), present: decision.flagged };
  const comment: DesiredState["comment"] = actions.comment
    ? {
        body: renderComment({
          decision,
          policy,
          repo: {
            owner: snapshot.owner,
            repo: snapshot.repo,
            defaultBranch: snapshot.defaultBranch,
            ...(snapshot.repositoryUrl ? { webUrl: snapshot.repositoryUrl } : {}),
          },
          headSha: snapshot.headSha,
          state,
          policyPath,
        }),
        // A pull request that was never flagged gets no comment; one that was is told it is clear.
        // An approval must be written down even if comments were never posted: it lives there.
        create: decision.flagged || approvals.length > (prior?.approvals.length ?? 0),
      }
    : "keep";
  const check: DesiredState["check"] =
    actions.check === false
      ? null
      : {
          name: CHECK_NAME,
          headSha: snapshot.headSha,
          output: renderCheck(decision, policy),
          // The pull request's address as the API gave it (GitHub Enterprise Server has its own).
          ...(snapshot.pullRequestUrl ? { detailsUrl: snapshot.pullRequestUrl } : {}),
          externalId: checkExternalId(snapshot.number),
          ...(decision.flagged && actions.check === "action_required" ? { actions: [APPROVE_ACTION] } : {}),
        };
  // Reviewers are asked once, when the pull request becomes flagged, not on every event.
  const becameFlagged = decision.flagged && !prior?.flagged;
  const reviewers = becameFlagged ? splitReviewers(actions.request_reviewers, decision.author) : null;
  return { label, comment, check, reviewers };
}

function labelSpec(name: string): LabelSpec {
  return { name, color: LABEL_COLOR, description: LABEL_DESCRIPTION };
}

function splitReviewers(entries: string[], author: string): { users: string[]; teams: string[] } {
  const users: string[] = [];
  const teams: string[] = [];
  for (const entry of entries) {
    const slash = entry.indexOf("/");
    if (slash >= 0) teams.push(entry.slice(slash + 1));
    // GitHub refuses a review request to the pull request's own author.
    else if (entry.toLowerCase() !== author.toLowerCase()) users.push(entry);
  }
  return { users, teams };
}
