// The app's one comment on a pull request, addressed to maintainers: why it was flagged, the public
// evidence, what was not checked, how the contributor can answer and how a maintainer approves.
// It starts with the marker and the encoded state; the same input always gives the same string,
// so reconcile can compare bodies to decide whether to edit.
import type { Decision } from "../decision.js";
import type { Policy } from "../policy/schema.js";
import { link, policyFileUrl, policyUrl, type RepoRef } from "./links.js";
import type { Approval, ApprovalSummary, Tampering } from "../state/codec.js";
import { COMMENT_MARKER } from "../state/marker.js";
import { capLines, matchSections, unattributedSection } from "./evidence.js";
import { inlineText, shortSha } from "./sanitize.js";
import { COMMANDS, DEFAULT_POLICY_PATH, EXEMPT_WORDS } from "./wording.js";

export interface CommentInput {
  decision: Decision;
  policy: Policy;
  /** The repository the policy was read from: `policy_url` paths and `policyPath` are linked there. */
  repo: RepoRef;
  /** The pull request's head commit the decision is about. */
  headSha: string;
  /** The signed state line (state/codec.ts), placed in the comment as is. */
  stateLine: string;
  /** The record's approvals, summary and tampering found, shown as its history. */
  record: RecordView;
  /** The policy file's path in `repo`, or "owner/repo:path" for another repository; default ".github/ethics-policy.yml". */
  policyPath?: string;
}

export interface RecordView {
  approvals: Approval[];
  summary: ApprovalSummary | null;
  tampering: Tampering[];
}

/** GitHub refuses comment bodies over 65,536 characters. */
export const MAX_COMMENT_CHARS = 65_536;
const LIMITS = { rowsPerOrganization: 20, unattributed: 20 };
const MAX_APPROVALS_SHOWN = 10;

export const COMMENT_TITLES = {
  flagged: "### Ethics policy: review requested",
  cleared: "### Ethics policy: no longer flagged",
  exempt: "### Ethics policy: exempt",
  approved: "### Ethics policy: approved by a maintainer",
} as const;

function policyLinks(input: CommentInput): { file: string; more: string[] } {
  const file = link("ethics policy", policyFileUrl(input.repo, input.policyPath ?? DEFAULT_POLICY_PATH));
  const raw = input.policy.policy_url;
  if (raw === undefined) return { file, more: [] };
  const url = policyUrl(input.repo, raw);
  return { file, more: url === null ? [] : [`Full policy: [${inlineText(raw, 100)}](${url})`, ""] };
}

function statementLines(policy: Policy): string[] {
  return policy.statement === undefined ? [] : [`> ${inlineText(policy.statement, 2000)}`, ""];
}

function approvalItem(a: Approval): string {
  const orgs = a.organizations.length === 0 ? "" : ` (${a.organizations.map((o) => inlineText(o, 100)).join(", ")})`;
  const role = a.role && a.role !== "unknown" ? ` (${inlineText(a.role, 40)})` : "";
  const via = a.via === "button" ? " with the check's button" : "";
  return `- ${inlineText(a.at, 40)}: ${inlineText(a.by, 60)}${role} approved ${shortSha(a.head_sha)}${via} by ${inlineText(a.author, 60)}${orgs}: ${inlineText(a.reason, 300)}`;
}

const MAX_TAMPERING_SHOWN = 5;

/** Who edited, escaped, or "someone" when GitHub did not say. */
export function editorsWords(t: Tampering): string {
  return t.editors.length === 0 ? "someone other than this app" : t.editors.map((e) => inlineText(e, 60)).join(", ");
}

/** One sentence on a record the app could not trust. */
export function tamperingSentence(t: Tampering): string {
  const claimed =
    t.voided > 0 ? ` It claimed ${t.voided} approval${t.voided === 1 ? "" : "s"}; none of them count.` : "";
  const what =
    t.kind === "other_key"
      ? "was signed with a key this app no longer has (its key changed), so it could not be verified"
      : t.kind === "edited"
        ? `was edited by ${editorsWords(t)}`
        : `did not verify: it was changed by ${editorsWords(t)}`;
  return `${inlineText(t.found_at, 40)}: this app's record on this pull request ${what}.${claimed} Approvals must be given again.`;
}

/** The record's history: tampering found, approvals folded into the summary, the latest approvals. */
function approvalHistory(record: RecordView): string[] {
  const { approvals, summary, tampering } = record;
  const lines: string[] = [];
  if (tampering.length > 0) {
    lines.push("**Record edited**", "");
    lines.push(...tampering.slice(-MAX_TAMPERING_SHOWN).map((t) => `- ${tamperingSentence(t)}`), "");
  }
  if (approvals.length === 0 && !summary) return lines;
  const shown = approvals.slice(-MAX_APPROVALS_SHOWN);
  lines.push("**Approval history**", "");
  const older = approvals.length - shown.length + (summary?.count ?? 0);
  if (older > 0) {
    const who = summary ? ` (including ${summary.by.map((b) => inlineText(b, 60)).join(", ")})` : "";
    lines.push(`_${older} earlier approvals not shown${who}._`, "");
  }
  return [...lines, ...shown.map(approvalItem), ""];
}

function flaggedHeader(input: CommentInput, file: string): string[] {
  return [
    COMMENT_TITLES.flagged,
    "",
    `As of ${shortSha(input.headSha)}, this pull request shows public signs of affiliation with an organization listed in this repository's ${file}. ` +
      "It is flagged for a maintainer to review; nothing has been decided.",
    "",
  ];
}

function flaggedFooter(): string[] {
  return [
    "**If you opened this pull request** and this is wrong, for example because your profile's company field is out of date, " +
      `reply here. After updating your profile, push a commit or ask a maintainer to comment \`${COMMANDS.recheck}\`. ` +
      "Whether to accept the contribution is a maintainer's decision; this app never closes pull requests.",
    "",
    `**Maintainers:** to approve, comment \`${COMMANDS.approve}\`.`,
    "",
  ];
}

function notFlaggedBody(input: CommentInput, file: string): string[] {
  const { decision } = input;
  const sha = shortSha(input.headSha);
  if (decision.approved) {
    const a = decision.approved;
    return [
      COMMENT_TITLES.approved,
      "",
      `As of ${sha}, this pull request matches this repository's ${file}; ${inlineText(a.by, 60)} approved it (${shortSha(a.head_sha)}): ${inlineText(a.reason || "no reason given", 300)}. ` +
        "New evidence, such as another affiliated co-author, would flag it again.",
      "",
      ...matchSections(decision, input.policy, "####", LIMITS),
    ];
  }
  if (decision.exempt && decision.matches.length > 0) {
    const orgs = decision.organizations.map((o) => inlineText(o, 100)).join(", ");
    const why = decision.exempt_reason === undefined ? "exempt" : `exempt (${EXEMPT_WORDS[decision.exempt_reason]})`;
    return [
      COMMENT_TITLES.exempt,
      "",
      `As of ${sha}, this pull request matches ${orgs || "the policy"} in this repository's ${file}, but it is ${why}, so it is not flagged.`,
      "",
    ];
  }
  return [
    COMMENT_TITLES.cleared,
    "",
    `As of ${sha}, this pull request no longer matches this repository's ${file}.`,
    "",
  ];
}

export function renderComment(input: CommentInput): string {
  const { decision, policy } = input;
  const links = policyLinks(input);
  const head = [COMMENT_MARKER, input.stateLine];
  const history = approvalHistory(input.record);
  let lines: string[];
  if (decision.flagged) {
    const before = [...flaggedHeader(input, links.file), ...statementLines(policy), ...links.more];
    const after = [...flaggedFooter(), ...history];
    const evidence = [...matchSections(decision, policy, "####", LIMITS), ...unattributedSection(decision, LIMITS)];
    const fixed = [...head, ...before, ...after].reduce((n, l) => n + l.length + 1, 0);
    lines = [...head, ...before, ...capLines(evidence, MAX_COMMENT_CHARS - fixed), ...after];
  } else {
    lines = [...head, ...notFlaggedBody(input, links.file), ...history];
  }
  return `${lines.join("\n").trimEnd()}\n`;
}

/**
 * The comment that only holds the app's record, for a policy with `actions.comment: false`: the
 * approvals must be kept somewhere only the app can vouch for, even when comments are off.
 */
export function renderRecordComment(stateLine: string, record: RecordView): string {
  const lines = [
    COMMENT_MARKER,
    stateLine,
    "### Ethics policy: approval record",
    "",
    "This repository's ethics policy turns the app's comments off; this one only keeps maintainers' approvals, so they last. The \"Ethics policy\" check shows the evidence.",
    "",
    ...approvalHistory(record),
  ];
  return `${lines.join("\n").trimEnd()}\n`;
}
