// PURE: maintainers' approvals. An approval is given for one author and the exact evidence the
// maintainer was shown; it keeps covering new commits by that author that bring nothing new, and
// stops covering the moment new evidence appears (another affiliated co-author, another
// organization). Evidence is compared by keyed digests (state/signing.ts `token`).
import type { ApproverRole } from "./commands/permission.js";
import type { Decision, Match } from "./decision.js";
import type { Approval } from "./state/codec.js";

/**
 * Identifies a piece of evidence across commits: the same email in a new commit is the same
 * evidence (the commit it was found in is not part of it).
 */
export function evidenceKey(m: Match): string {
  return [m.organization, m.signal, m.subject, m.value, m.former ? "former" : ""]
    .map((s) => s.toLowerCase())
    .join("\u001f");
}

/** The decision's evidence as digests, each once, sorted. */
export function evidenceTokens(decision: Decision, tokenOf: (key: string) => string): string[] {
  return [...new Set(decision.matches.map((m) => tokenOf(evidenceKey(m))))].sort();
}

/** The latest approval for the decision's author that covers every piece of its evidence, if any. */
export function coveringApproval(
  decision: Decision,
  tokens: readonly string[],
  approvals: readonly Approval[],
): Approval | null {
  for (let i = approvals.length - 1; i >= 0; i--) {
    const a = approvals[i] as Approval;
    if (a.author.toLowerCase() !== decision.author.toLowerCase()) continue;
    const approved = new Set(a.evidence);
    if (tokens.every((k) => approved.has(k))) return a;
  }
  return null;
}

/** The decision with approvals applied: a covered flag becomes approved, not flagged. */
export function withApprovals(decision: Decision, tokens: readonly string[], approvals: readonly Approval[]): Decision {
  if (!decision.flagged) return decision;
  const a = coveringApproval(decision, tokens, approvals);
  if (!a) return decision;
  return { ...decision, flagged: false, approved: { by: a.by, at: a.at, reason: a.reason, head_sha: a.head_sha } };
}

/** Nobody approves their own pull request. */
export function isAuthor(login: string, author: string): boolean {
  return login.toLowerCase() === author.toLowerCase();
}

export interface ApprovalRequest {
  by: string;
  reason: string;
  /** The requester's repository role ("maintain", "admin", a custom role's name...). */
  role: string;
  /** Whether the requester's role meets the policy's `approvers`. */
  mayApprove: (least: ApproverRole) => boolean;
  via: Approval["via"];
  /** The command's comment: its id, and when it was written (GitHub's clock). */
  command?: { id: number; createdAt: string };
  /** The head commit of what the approver looked at (the check run's, for its button). */
  headSeen?: string;
}

/** What the maintainer could have seen: the evidence the app's trusted record says it showed, and since when. */
export interface Shown {
  /** Digests of the evidence shown; null when the app has no trustworthy record of what it showed. */
  tokens: readonly string[] | null;
  /** GitHub's time from which the comment showed exactly that, when known. */
  since: string | null;
}

export type ApprovalOutcome =
  | "recorded"
  | "nothing_to_approve"
  | "denied"
  | "own_pull_request"
  /** The evidence now is not what the maintainer was shown when they wrote the command: asked again. */
  | "evidence_changed";

export interface ApprovalContext {
  approvers: ApproverRole;
  headSha: string;
  now: Date;
  shown: Shown;
}

/** Whether the evidence now is all evidence the maintainer was shown when they approved. */
export function sawAllEvidence(tokens: readonly string[], shown: Shown, commandAt?: string): boolean {
  if (shown.tokens === null) return false;
  const seen = new Set(shown.tokens);
  if (!tokens.every((t) => seen.has(t))) return false;
  // The comment changed what it showed after the command was written: the maintainer saw an older version.
  if (commandAt && shown.since) {
    const since = Date.parse(shown.since);
    const at = Date.parse(commandAt);
    if (Number.isFinite(since) && Number.isFinite(at) && since > at) return false;
  }
  return true;
}

/**
 * The one rule for approving, whatever the route (command, button, Actions): never the author,
 * the policy's `approvers` role or above, a flag to approve, and evidence the approver was shown.
 */
export function recordApproval(
  found: Decision,
  tokens: readonly string[],
  approvals: readonly Approval[],
  request: ApprovalRequest,
  context: ApprovalContext,
): { approvals: Approval[]; outcome: ApprovalOutcome } {
  const unchanged = { approvals: [...approvals] };
  if (isAuthor(request.by, found.author)) return { ...unchanged, outcome: "own_pull_request" };
  if (!request.mayApprove(context.approvers)) return { ...unchanged, outcome: "denied" };
  if (!withApprovals(found, tokens, approvals).flagged) return { ...unchanged, outcome: "nothing_to_approve" };
  const sameHead = request.headSeen === undefined || request.headSeen === context.headSha;
  if (!sameHead || !sawAllEvidence(tokens, context.shown, request.command?.createdAt))
    return { ...unchanged, outcome: "evidence_changed" };
  const approval: Approval = {
    by: request.by,
    role: request.role,
    at: context.now.toISOString(),
    reason: request.reason,
    author: found.author,
    head_sha: context.headSha,
    organizations: [...found.organizations],
    evidence: [...tokens],
    via: request.via,
    ...(request.command ? { comment_id: request.command.id } : {}),
  };
  return { approvals: [...approvals, approval], outcome: "recorded" };
}
