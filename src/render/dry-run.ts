// The text the live CLI commands print for a dry run: one pull request's decision and planned
// writes, or an audit table. Values from GitHub are quoted and their invisible characters escaped.
import type { Decision } from "../decision.js";
import type { DryRunReport, OutcomeName } from "../live/report.js";
import { POLICY_PATH } from "../policy/load.js";
import { formatProblem } from "../policy/parse.js";
import type { Operation } from "../reconcile/plan.js";
import { escapeInvisible } from "./invisible.js";
import { oneLine } from "./live-errors.js";
import { EXEMPT_WORDS, ROLE_WORDS, SIGNAL_WORDS, unattributedWords } from "./wording.js";

/** A value from GitHub on one line, quoted, with control and bidi characters escaped. */
function quoted(text: string): string {
  return escapeInvisible(JSON.stringify(text));
}

export function describeReport(report: DryRunReport, showComment: boolean): string {
  const out: string[] = [
    `${report.ref}${report.head ? ` (head ${report.head.slice(0, 7)})` : ""} — dry run, nothing on GitHub was changed`,
    "",
  ];
  switch (report.outcome) {
    case "not_found":
      out.push("Not found: no such repository or pull request, or the token cannot see it.");
      break;
    case "closed":
      out.push("The pull request is closed: the app does nothing.");
      break;
    case "no_policy":
      out.push(
        `No ethics policy (${POLICY_PATH} on the default branch, or in the owner's .github repository): the app does nothing.`,
      );
      break;
    case "invalid_policy":
      out.push(
        "The ethics policy is INVALID; the app leaves its label and comment as they are and reports the problems:",
      );
      for (const p of report.problems ?? []) out.push(`  ${oneLine(formatProblem(p))}`);
      break;
    case "error":
      out.push(`Could not be read: ${report.error ?? "unknown error"}`);
      break;
    default:
      out.push(...describeDecision(report.decision as Decision));
  }
  if (
    report.outcome === "flagged" ||
    report.outcome === "clear" ||
    report.outcome === "exempt" ||
    report.outcome === "invalid_policy"
  ) {
    out.push("");
    if (report.actions.length === 0)
      out.push("The app would change nothing: the pull request already shows this decision.");
    else {
      out.push("The app would:");
      report.actions.forEach((op, i) =>
        out.push(...describeOperation(op, showComment).map((line, j) => (j === 0 ? `  ${i + 1}. ${line}` : line))),
      );
    }
  }
  for (const note of report.notes) out.push("", `Note: ${note}.`);
  return `${out.join("\n")}\n`;
}

function describeDecision(d: Decision): string[] {
  const out: string[] = [];
  if (d.flagged) out.push(`Decision: FLAGGED for a maintainer to review — ${d.organizations.join(", ")}`);
  else if (d.exempt)
    out.push(`Decision: EXEMPT (${d.exempt_reason ? EXEMPT_WORDS[d.exempt_reason] : "exempt"}) — not flagged`);
  else out.push("Decision: CLEAR — no listed organization matched");
  out.push(`Author: ${quoted(d.author)}`);
  if (d.matches.length > 0) {
    out.push("Matches (organization — signal — subject — value):");
    for (const m of d.matches) {
      const extra = [
        m.commit ? `commit ${m.commit.slice(0, 7)}` : "",
        m.former ? "former affiliation" : "",
        `matched ${quoted(m.matched)}`,
      ]
        .filter(Boolean)
        .join(", ");
      out.push(
        `  - ${m.organization} — ${m.signal} (${SIGNAL_WORDS[m.signal]}) — ${quoted(m.subject)} — ${quoted(m.value)} (${extra})`,
      );
    }
  }
  if (d.unattributed.length === 0) out.push("Not checked: nothing (every commit email was attributed).");
  else {
    out.push("Not checked (unattributed):");
    for (const u of d.unattributed) {
      const domain = u.email?.includes("@") ? u.email.slice(u.email.lastIndexOf("@") + 1) : null;
      const who = u.name === null ? "" : ` ${quoted(u.name)}`;
      out.push(
        `  - commit ${u.commit.slice(0, 7)} ${ROLE_WORDS[u.role]}${who} ${oneLine(unattributedWords(u.reason, domain))}`,
      );
    }
  }
  return out;
}

function describeOperation(op: Operation, showComment: boolean): string[] {
  const body = (text: string) =>
    showComment
      ? [
          "     ---- comment body ----",
          ...escapeInvisible(text)
            .split("\n")
            .map((l) => `     ${l}`),
          "     ---- end ----",
        ]
      : [];
  const lines = (text: string) => `${text.split("\n").length} lines${showComment ? "" : "; --show-comment prints it"}`;
  switch (op.kind) {
    case "add_label":
      return [`add label ${quoted(op.label.name)} (creating it in the repository if missing)`];
    case "remove_label":
      return [`remove label ${quoted(op.name)}`];
    case "create_comment":
      return [`create the app's comment (${lines(op.body)})`, ...body(op.body)];
    case "update_comment":
      return [`update the app's comment ${op.id} (${lines(op.body)})`, ...body(op.body)];
    case "delete_comment":
      return [`delete duplicate app comment ${op.id}`];
    case "create_check":
      return [
        `create check run ${quoted(op.name)} on ${op.headSha.slice(0, 7)}: ${op.output.conclusion} — ${quoted(op.output.title)}`,
      ];
    case "update_check":
      return [
        `update check run ${quoted(op.name)} on ${op.headSha.slice(0, 7)}: ${op.output.conclusion} — ${quoted(op.output.title)}`,
      ];
    case "request_reviewers":
      return [`request reviewers: ${[...op.users, ...op.teams.map((t) => `team ${t}`)].map(oneLine).join(", ")}`];
  }
}

const OUTCOME_WORDS: Record<OutcomeName, string> = {
  flagged: "flagged",
  clear: "clear",
  exempt: "exempt",
  invalid_policy: "invalid",
  no_policy: "no policy",
  closed: "closed",
  not_found: "not found",
  error: "error",
};

export function describeAudit(repo: string, reports: DryRunReport[], notes: string[]): string {
  const out = [
    `${repo}: ${reports.length} open pull request${reports.length === 1 ? "" : "s"} — dry run, nothing on GitHub was changed`,
    "",
  ];
  if (reports.length > 0) {
    const rows = [
      ["PR", "AUTHOR", "OUTCOME", "ORGANIZATIONS", "ACTIONS"],
      ...reports.map((r) => [
        `#${r.ref.slice(r.ref.lastIndexOf("#") + 1)}`,
        oneLine(r.author ?? ""),
        OUTCOME_WORDS[r.outcome],
        oneLine(r.decision?.organizations.join(", ") || "-"),
        r.actions.length > 0 ? r.actions.map((a) => a.kind).join(", ") : "-",
      ]),
    ];
    const widths = rows[0]!.map((_, c) => Math.max(...rows.map((row) => row[c]!.length)));
    for (const row of rows)
      out.push(row.map((cell, c) => (c === row.length - 1 ? cell : cell.padEnd(widths[c]!))).join("  "));
    const counts = new Map<string, number>();
    for (const r of reports) counts.set(OUTCOME_WORDS[r.outcome], (counts.get(OUTCOME_WORDS[r.outcome]) ?? 0) + 1);
    out.push("", [...counts].map(([k, n]) => `${n} ${k}`).join(", "));
  }
  const invalid = reports.find((r) => r.outcome === "invalid_policy");
  if (invalid) {
    out.push("", "The ethics policy is INVALID:");
    for (const p of invalid.problems ?? []) out.push(`  ${oneLine(formatProblem(p))}`);
  }
  for (const r of reports.filter((x) => x.outcome === "error")) out.push("", `${r.ref}: ${r.error ?? "error"}`);
  for (const note of notes) out.push("", `Note: ${note}.`);
  return `${out.join("\n")}\n`;
}
