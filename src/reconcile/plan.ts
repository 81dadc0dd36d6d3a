// Reconcile, part one: PURE. Compare the state the decision calls for with what is on the pull
// request now and list only the writes that close the gap. Running the plan's writes and planning
// again yields an empty plan: that is what makes redelivered or repeated events harmless.
import type { AppCheckRun, AppComment, CurrentState } from "../github/types.js";
import type { CheckAction } from "../render/check-actions.js";

export interface CheckOutput {
  conclusion: "success" | "neutral" | "action_required" | "failure";
  title: string;
  summary: string;
  text?: string;
  annotations?: Annotation[];
}

export interface Annotation {
  path: string;
  start_line: number;
  end_line: number;
  start_column?: number;
  end_column?: number;
  annotation_level: "notice" | "warning" | "failure";
  message: string;
}

export type { CheckAction } from "../render/check-actions.js";

export interface LabelSpec {
  name: string;
  color: string;
  description: string;
}

export interface DesiredState {
  /** The label that must be present, or absent. Null: the app manages no label. */
  label: { spec: LabelSpec; present: boolean } | null;
  /**
   * The body the app's comment must have. "keep": leave any comment as it is; "absent-ok": only
   * edit an existing comment (a PR that was never flagged gets no comment).
   */
  comment: { body: string; create: boolean } | "keep";
  /** The check run on the head SHA, or null for none. */
  check: {
    name: string;
    headSha: string;
    output: CheckOutput;
    detailsUrl?: string;
    /** The pull request the check is for (check-external-id.ts): found again when GitHub lists none. */
    externalId?: string;
    actions?: CheckAction[];
  } | null;
  /** Reviewers to request when the PR becomes flagged. */
  reviewers: { users: string[]; teams: string[] } | null;
}

export type Operation =
  | { kind: "add_label"; label: LabelSpec }
  | { kind: "remove_label"; name: string }
  | { kind: "create_comment"; body: string }
  | { kind: "update_comment"; id: number; body: string }
  | { kind: "delete_comment"; id: number }
  | {
      kind: "create_check";
      name: string;
      headSha: string;
      output: CheckOutput;
      detailsUrl?: string;
      externalId?: string;
      actions?: CheckAction[];
    }
  | {
      kind: "update_check";
      /** The check run's node id. */
      nodeId: string;
      /** Its commit: the REST executor finds the REST id among the commit's check runs. */
      headSha: string;
      name: string;
      output: CheckOutput;
      detailsUrl?: string;
      externalId?: string;
      actions?: CheckAction[];
    }
  | { kind: "request_reviewers"; users: string[]; teams: string[] };

export function planReconcile(desired: DesiredState, current: CurrentState): Operation[] {
  return [
    ...planLabel(desired.label, current.labels),
    ...planComment(desired.comment, current.comment, current.extraComments),
    ...planCheck(desired.check, current.checkRun),
    ...planReviewers(desired.reviewers),
  ];
}

function planLabel(label: DesiredState["label"], labels: string[]): Operation[] {
  if (!label) return [];
  // GitHub compares label names case-insensitively.
  const has = labels.some((l) => l.toLowerCase() === label.spec.name.toLowerCase());
  if (label.present && !has) return [{ kind: "add_label", label: label.spec }];
  if (!label.present && has) return [{ kind: "remove_label", name: label.spec.name }];
  return [];
}

function planComment(desired: DesiredState["comment"], comment: AppComment | null, extras: AppComment[]): Operation[] {
  // Leftovers of an earlier race are removed whatever else happens: one comment, always.
  const ops: Operation[] = extras.map((c) => ({ kind: "delete_comment", id: c.id }));
  if (desired === "keep") return ops;
  if (comment) {
    if (comment.body !== desired.body) ops.push({ kind: "update_comment", id: comment.id, body: desired.body });
  } else if (desired.create) {
    ops.push({ kind: "create_comment", body: desired.body });
  }
  return ops;
}

function planCheck(check: DesiredState["check"], current: AppCheckRun | null): Operation[] {
  if (!check) return [];
  if (current && current.headSha === check.headSha) {
    const same =
      current.status === "completed" &&
      current.conclusion === check.output.conclusion &&
      current.title === check.output.title &&
      current.summary === check.output.summary;
    return same
      ? []
      : [{ kind: "update_check", nodeId: current.nodeId, headSha: current.headSha, ...checkFields(check) }];
  }
  return [{ kind: "create_check", headSha: check.headSha, ...checkFields(check) }];
}

function checkFields(check: NonNullable<DesiredState["check"]>) {
  return {
    name: check.name,
    output: check.output,
    ...(check.detailsUrl ? { detailsUrl: check.detailsUrl } : {}),
    ...(check.externalId ? { externalId: check.externalId } : {}),
    ...(check.actions ? { actions: check.actions } : {}),
  };
}

function planReviewers(reviewers: DesiredState["reviewers"]): Operation[] {
  if (!reviewers || reviewers.users.length + reviewers.teams.length === 0) return [];
  return [{ kind: "request_reviewers", users: reviewers.users, teams: reviewers.teams }];
}
