// From a decision to the state the pull request should be in. Pure; the only inputs are the
// decision, the policy, what GitHub showed us, and the app's prior record (state/trust.ts).
import type { Decision } from "../decision.js";
import type { Snapshot } from "../github/types.js";
import type { Policy } from "../policy/schema.js";
import { renderCheck } from "../render/check.js";
import { renderComment, renderRecordComment } from "../render/comment.js";
import { encodeState, stateBinding, type Approval, type CommentState, type Tampering } from "../state/codec.js";
import type { StateKey } from "../state/signing.js";
import type { PriorRecord } from "../state/trust.js";
import type { DesiredState, LabelSpec } from "./plan.js";

export const CHECK_NAME = "Ethics policy";
/** The check run button maintainers can use instead of the approve command. */
export const APPROVE_ACTION = {
  label: "Approve",
  description: "Approve: a maintainer has reviewed the evidence",
  identifier: "approve",
};
const LABEL_COLOR = "d93f0b";
const LABEL_DESCRIPTION = "Flagged by the ethics policy app for a maintainer to review";

export interface DesiredInput {
  decision: Decision;
  policy: Policy;
  snapshot: Snapshot;
  /** What the app's comment held, and whether it can be trusted (state/trust.ts). */
  prior: PriorRecord;
  /** The record to build on: the trusted one, or a fresh one after tampering. */
  base: CommentState;
  /** Every approval so far (the base's, and one recorded now). */
  approvals: Approval[];
  /** Digests of the decision's evidence. */
  tokens: string[];
  policyPath: string;
  key: StateKey;
}

const sameSet = (a: readonly string[], b: readonly string[]): boolean =>
  a.length === b.length && a.every((t) => b.includes(t));

/** The latest tampering found, unless a maintainer has approved again since. */
export function openTampering(state: CommentState): Tampering | null {
  const last = state.tampering.at(-1);
  if (!last) return null;
  return state.approvals.some((a) => a.at > last.found_at) ? null : last;
}

/**
 * The record to write. When what the comment shows changes, `shown_changed` says so and the
 * time of this very write (GitHub's clock) is read back as `shown_since` on a later event.
 * `resolved`: settle a pending `shown_changed` now; only done when the comment is written anyway,
 * so that an unchanged pull request costs no write.
 */
function nextState(input: DesiredInput, resolved: boolean): CommentState {
  const { decision, base, prior, snapshot } = input;
  const shown = decision.flagged || decision.approved ? input.tokens : [];
  const changed = prior.state === null || !sameSet(prior.state.shown, shown);
  return {
    ...base,
    head_sha: snapshot.headSha,
    flagged: decision.flagged,
    organizations: decision.organizations,
    shown,
    approvals: input.approvals,
    shown_changed: changed || (!resolved && base.shown_changed),
    shown_since: changed ? null : resolved ? prior.shown.since : base.shown_since,
  };
}

export function desiredState(input: DesiredInput): DesiredState {
  const { decision, policy, snapshot, prior } = input;
  const bind = stateBinding(snapshot.owner, snapshot.repo, snapshot.number);
  const { actions } = policy;
  const current = prior.comment?.body ?? null;
  const bodyOf = (resolved: boolean): string => {
    const state = nextState(input, resolved);
    const stateLine = encodeState(state, input.key, bind);
    const record = { approvals: state.approvals, summary: state.summary, tampering: state.tampering };
    if (!actions.comment) return renderRecordComment(stateLine, record);
    return renderComment({
      decision,
      policy,
      repo: { owner: snapshot.owner, repo: snapshot.repo, defaultBranch: snapshot.defaultBranch },
      headSha: snapshot.headSha,
      stateLine,
      record,
      policyPath: input.policyPath,
    });
  };
  const unresolved = bodyOf(false);
  const body = unresolved === current ? unresolved : bodyOf(true);
  const newApproval = input.approvals.length > input.base.approvals.length;
  const label: DesiredState["label"] =
    actions.label === false ? null : { spec: labelSpec(actions.label), present: decision.flagged };
  // A pull request that was never flagged gets no comment; one that was is told it is clear.
  // With comments off, the comment only keeps the record: made when there is an approval to keep,
  // then kept up to date. A record found tampered with is always rewritten.
  const comment: DesiredState["comment"] = actions.comment
    ? { body, create: decision.flagged || newApproval }
    : prior.comment || newApproval
      ? { body, create: newApproval }
      : "keep";
  const tampering = openTampering(nextState(input, true));
  const check: DesiredState["check"] =
    actions.check === false
      ? null
      : {
          name: CHECK_NAME,
          headSha: snapshot.headSha,
          output: renderCheck(decision, policy, tampering),
          detailsUrl: `https://github.com/${snapshot.owner}/${snapshot.repo}/pull/${snapshot.number}`,
          ...(decision.flagged && actions.check === "action_required" ? { actions: [APPROVE_ACTION] } : {}),
        };
  // Reviewers are asked once, when the pull request becomes flagged, not on every event.
  const becameFlagged = decision.flagged && !prior.state?.flagged;
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
