// The "Ethics policy" check run: its conclusion, a plain-text title and a Markdown summary with the
// same evidence as the comment; and the check run for a policy that does not validate.
import type { Decision } from "../decision.js";
import type { Policy } from "../policy/schema.js";
import { capLines, matchSections, unattributedSection } from "./evidence.js";
import type { Tampering } from "../state/codec.js";
import { tamperingSentence } from "./comment.js";
import { inlineText, plainText } from "./sanitize.js";
import { EXEMPT_WORDS } from "./wording.js";

/** GitHub allows 65,535 characters in a check run's summary and text; stay under it. */
export const MAX_CHECK_CHARS = 65_000;
const MAX_ANNOTATIONS = 50;
const MAX_PROBLEM_LINES = 200;
const LIMITS = { rowsPerOrganization: 200, unattributed: 200 };

export interface CheckOutput {
  conclusion: "success" | "neutral" | "action_required";
  /** Plain text: GitHub shows it verbatim. */
  title: string;
  /** Markdown. */
  summary: string;
  text?: string;
}

const joinCapped = (lines: string[]): string => capLines(lines, MAX_CHECK_CHARS).join("\n").trimEnd();

/**
 * The check run for a decision. Flagged: `policy.actions.check` ("neutral" when checks are off,
 * though then the caller should create no check run); otherwise success.
 */
export function renderCheck(decision: Decision, policy: Policy, tampering: Tampering | null = null): CheckOutput {
  if (decision.flagged) {
    const names = decision.organizations.map((o) => plainText(o, 100)).join(", ");
    const evidence = matchSections(decision, policy, "###", LIMITS);
    const unattributed = unattributedSection(decision, LIMITS);
    const edited = tampering
      ? ` (record edited by ${tampering.editors.length ? tampering.editors.join(", ") : "someone else"}: approve again)`
      : "";
    const out: CheckOutput = {
      conclusion: policy.actions.check === false ? "neutral" : policy.actions.check,
      title: plainText(`Flagged for maintainer review: ${names}${edited}`, 200),
      summary: joinCapped([
        "This pull request shows public signs of affiliation with an organization the ethics policy lists. A maintainer decides what happens next.",
        "",
        ...(tampering ? [`**Record edited.** ${tamperingSentence(tampering)}`, ""] : []),
        ...evidence,
      ]),
    };
    if (unattributed.length > 0) out.text = joinCapped(unattributed);
    return out;
  }
  if (decision.approved) {
    const a = decision.approved;
    return {
      conclusion: "success",
      title: plainText(`Approved by ${a.by}`, 200),
      summary: joinCapped([
        `${inlineText(a.by, 60)} approved this pull request: ${inlineText(a.reason || "no reason given", 300)}.`,
        "",
        ...matchSections(decision, policy, "###", LIMITS),
      ]),
    };
  }
  if (decision.exempt && decision.matches.length > 0) {
    const why = decision.exempt_reason === undefined ? "exempt" : `exempt (${EXEMPT_WORDS[decision.exempt_reason]})`;
    const names = decision.organizations.map((o) => inlineText(o, 100)).join(", ");
    return {
      conclusion: "success",
      title: plainText(`Not flagged: ${why}`, 200),
      summary: joinCapped([
        `This pull request matches ${names || "the policy"}, but it is ${why}, so it is not flagged.`,
      ]),
    };
  }
  const unattributed = unattributedSection(decision, LIMITS);
  return {
    conclusion: "success",
    title: "No affiliation with listed organizations found",
    summary: joinCapped([
      "No public evidence links this pull request to an organization the ethics policy lists.",
      "",
      ...unattributed,
    ]),
  };
}

export interface PolicyProblem {
  /** "path" or "owner/repo:path" */
  file: string;
  line: number;
  col: number;
  message: string;
}

export interface PolicyErrorCheck {
  conclusion: "failure";
  title: string;
  summary: string;
  annotations: {
    path: string;
    start_line: number;
    end_line: number;
    start_column: number;
    end_column: number;
    annotation_level: "failure";
    message: string;
  }[];
}

/** The repository path of "owner/repo:path", or the name itself. */
export function annotationPath(file: string): string {
  const m = /^[A-Za-z0-9-]+\/[A-Za-z0-9_.-]+:(.+)$/.exec(file);
  return m?.[1] ?? file;
}

const position = (n: number): number => (Number.isFinite(n) && n >= 1 ? Math.floor(n) : 1);

/** The failing check run for a policy that does not validate, with up to 50 line annotations. */
export function renderPolicyErrorCheck(
  problems: PolicyProblem[],
  options: { proposed?: boolean } = {},
): PolicyErrorCheck {
  const files = [...new Set(problems.map((p) => p.file))];
  const title = files.length === 0 ? "Invalid ethics policy" : `Invalid ethics policy: ${files.join(", ")}`;
  const lines = problems
    .slice(0, MAX_PROBLEM_LINES)
    .map((p) => `- ${inlineText(`${p.file}:${position(p.line)}:${position(p.col)}: ${p.message}`, 1000)}`);
  if (problems.length > MAX_PROBLEM_LINES)
    lines.push("", `_…${problems.length - MAX_PROBLEM_LINES} more problems not shown._`);
  return {
    conclusion: "failure",
    title: plainText(title, 200),
    summary: joinCapped([
      options.proposed
        ? "The ethics policy this pull request proposes has problems; once merged, the app could not use it:"
        : "The ethics policy could not be used, so this pull request was not checked against it. Fix these problems on the default branch:",
      "",
      ...lines,
    ]),
    annotations: problems.slice(0, MAX_ANNOTATIONS).map((p) => ({
      path: annotationPath(p.file),
      start_line: position(p.line),
      end_line: position(p.line),
      start_column: position(p.col),
      end_column: position(p.col),
      annotation_level: "failure",
      message: plainText(p.message, 2000),
    })),
  };
}

type WarningAnnotation = Omit<PolicyErrorCheck["annotations"][number], "annotation_level"> & {
  annotation_level: "warning";
};

/** A lint warning on the proposed policy: where, and what (policy/lint.ts). */
export interface PolicyWarningLike {
  file: string;
  line: number;
  col: number;
  message: string;
  /** On the last warning of a long list: how many warnings it sums up. */
  more?: number;
}

/**
 * The configuration check for a pull request whose proposed policy validates; lint warnings (which
 * never fail it) as warning annotations at their lines.
 */
export function renderPolicyValidCheck(
  organizations: number,
  file: string,
  warnings: PolicyWarningLike[] = [],
): CheckOutput & { annotations?: PolicyErrorCheck["annotations"] | WarningAnnotation[] } {
  const summary = `The ethics policy this pull request proposes is valid: it lists ${organizations} organization${organizations === 1 ? "" : "s"}.`;
  if (warnings.length === 0)
    return { conclusion: "success", title: plainText(`Valid ethics policy: ${file}`, 200), summary };
  const total = warnings.reduce((n, w) => n + (w.more ?? 1), 0);
  return {
    conclusion: "success",
    title: plainText(`Valid ethics policy, ${total} warning${total === 1 ? "" : "s"}: ${file}`, 200),
    summary: joinCapped([
      summary,
      "",
      "Some entries would flag almost everyone (warnings; they do not block the policy):",
      "",
      ...warnings
        .slice(0, MAX_PROBLEM_LINES)
        .map((w) => `- ${inlineText(`${w.file}:${position(w.line)}:${position(w.col)}: ${w.message}`, 1000)}`),
    ]),
    annotations: warnings.slice(0, MAX_ANNOTATIONS).map((w) => ({
      path: annotationPath(w.file),
      start_line: position(w.line),
      end_line: position(w.line),
      start_column: position(w.col),
      end_column: position(w.col),
      annotation_level: "warning" as const,
      message: plainText(w.message, 2000),
    })),
  };
}

/** The configuration check for a pull request that deletes the policy file. */
export function renderPolicyRemovedCheck(file: string): CheckOutput {
  return {
    conclusion: "neutral",
    title: plainText(`This pull request removes ${file}`, 200),
    summary:
      "Once merged, pull requests here are no longer checked against an ethics policy of this repository (an organization-wide policy may still apply).",
  };
}
