// PURE: maintainers' approvals. An approval is given for one author and the exact evidence seen
// then; it keeps covering new commits by that author that bring nothing new, and stops covering
// the moment new evidence appears (another affiliated co-author, another organization).
import type { ApproverRole } from "./commands/permission.js";
import type { Decision, Match } from "./decision.js";
import type { Approval } from "./render/marker.js";

/** Identifies a piece of evidence across commits: the same email in a new commit is the same evidence. */
export function evidenceKey(m: Match): string {
  return [m.organization, m.signal, m.subject, m.value, m.former ? "former" : ""]
    .map((s) => s.toLowerCase())
    .join("\u001f");
}

export function newApproval(decision: Decision, by: string, reason: string, headSha: string, at: Date): Approval {
  return {
    by,
    at: at.toISOString(),
    reason,
    author: decision.author,
    head_sha: headSha,
    organizations: [...decision.organizations],
    evidence: [...new Set(decision.matches.map(evidenceKey))].sort(),
  };
}

/** The latest approval that covers every match of the decision, if any. */
export function coveringApproval(decision: Decision, approvals: readonly Approval[]): Approval | null {
  const keys = decision.matches.map(evidenceKey);
  for (let i = approvals.length - 1; i >= 0; i--) {
    const a = approvals[i]!;
    if (a.author.toLowerCase() !== decision.author.toLowerCase()) continue;
    const approved = new Set(a.evidence);
    if (keys.every((k) => approved.has(k))) return a;
  }
  return null;
}

/** The decision with approvals applied: a covered flag becomes approved, not flagged. */
export function withApprovals(decision: Decision, approvals: readonly Approval[]): Decision {
  if (!decision.flagged) return decision;
  const a = coveringApproval(decision, approvals);
  if (!a) return decision;
  return { ...decision, flagged: false, approved: { by: a.by, at: a.at, reason: a.reason, head_sha: a.head_sha } };
}

export interface ApprovalRequest {
  by: string;
  reason: string;
  /** Whether the requester's role meets the policy's `approvers`. */
  mayApprove: (least: ApproverRole) => boolean;
}

export type ApprovalOutcome = "recorded" | "nothing_to_approve" | "denied";

/** Adds a maintainer's approval when it is allowed and there is a flag to approve. */
export function recordApproval(
  found: Decision,
  approvals: readonly Approval[],
  request: ApprovalRequest,
  context: { approvers: ApproverRole; headSha: string; now: Date },
): { approvals: Approval[]; outcome: ApprovalOutcome } {
  if (!request.mayApprove(context.approvers)) return { approvals: [...approvals], outcome: "denied" };
  if (!withApprovals(found, approvals).flagged) return { approvals: [...approvals], outcome: "nothing_to_approve" };
  return {
    approvals: [...approvals, newApproval(found, request.by, request.reason, context.headSha, context.now)],
    outcome: "recorded",
  };
}
