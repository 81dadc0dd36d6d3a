// `ethics-policy approvals owner/repo`: every approval the app recorded across the repository's
// pull requests, from its own records (its marked comments), for maintainers who publish how they
// apply their policy. Only records whose signature verifies with the app's key are read as
// approvals; any other record of the app's is listed as what it is (tampered, unsigned, another
// key). I/O: reads the repository's issue comments (one paginated REST listing), the key's
// environment, and prints.
import { Octokit } from "@octokit/rest";
import type { Command } from "commander";
import type { Io } from "./cli.js";
import { apiBaseUrl } from "./cli-live.js";
import { botName } from "./github/to-snapshot.js";
import { readState, stateBinding, type CommentState } from "./state/codec.js";
import { hasMarker } from "./state/marker.js";
import { deriveStateKey, MISSING_STATE_KEY, stateSecretFrom } from "./state/signing.js";

export type RecordStatus = "verified" | "unsigned" | "tampered" | "other_key";

/** One row: an approval, an approval folded into a summary, a tampering the app found, or a record it cannot vouch for. */
export interface ApprovalRow {
  pull: number;
  record: RecordStatus;
  kind: "approval" | "summary" | "tampering" | "unverifiable";
  by: string;
  role: string;
  at: string;
  author: string;
  head_sha: string;
  via: string;
  organizations: string[];
  reason: string;
}

interface RepoComment {
  body?: string | null;
  issue_url?: string;
  user?: { login: string; type?: string } | null;
  performed_via_github_app?: { slug?: string | null } | null;
}

class ApprovalsUsageError extends Error {}

const FORMATS = ["json", "csv", "md"] as const;
type Format = (typeof FORMATS)[number];

export function addApprovalsCommand(program: Command, io: Io, setExit: (code: number) => void): Command {
  return program
    .command("approvals")
    .description(
      "List every approval the app recorded on the repository's pull requests, from its own signed records. Changes nothing.",
    )
    .argument("<repository>", "owner/repo")
    .option("--since <date>", "only approvals given on or after this date (ISO 8601)")
    .option("--format <format>", "json, csv or md", "md")
    .option(
      "--app-slug <slug>",
      "the app's slug, whose comments hold its records (default: $APP_SLUG, else ethics-policy)",
    )
    .option("--token <token>", "GitHub token with read access to the repository (default: $GITHUB_TOKEN)")
    .option(
      "--api-url <url>",
      "REST API base URL (default: https://$GHE_HOST/api/v3 if GHE_HOST is set, else https://api.github.com)",
    )
    .addHelpText(
      "after",
      `
The records are checked with the app's key: set ETHICS_POLICY_STATE_KEY (or PRIVATE_KEY /
PRIVATE_KEY_PATH, if the app derives its key from its private key), as the app has it.
Exit 0 when listed; 2 on usage or authentication errors, or without the key.`,
    )
    .action(async (target: string, opts: ApprovalsOptions) => setExit(await runApprovals(target, opts, io)));
}

interface ApprovalsOptions {
  since?: string;
  format: string;
  appSlug?: string;
  token?: string;
  apiUrl?: string;
}

async function runApprovals(target: string, opts: ApprovalsOptions, io: Io): Promise<number> {
  try {
    const env = io.env ?? process.env;
    const m = /^([A-Za-z0-9][A-Za-z0-9-]*)\/([A-Za-z0-9._-]+)$/.exec(target.trim());
    if (!m) throw new ApprovalsUsageError(`"${target}" is not owner/repo`);
    const [, owner = "", repo = ""] = m;
    if (!(FORMATS as readonly string[]).includes(opts.format))
      throw new ApprovalsUsageError(`--format: "${opts.format}" is not one of ${FORMATS.join(", ")}`);
    const since = opts.since === undefined ? null : new Date(opts.since);
    if (since && Number.isNaN(since.getTime())) throw new ApprovalsUsageError(`--since: "${opts.since}" is not a date`);
    const token = opts.token ?? env.GITHUB_TOKEN;
    if (!token)
      throw new ApprovalsUsageError("no GitHub token: pass --token or set GITHUB_TOKEN (read access is enough)");
    const secret = stateSecretFrom(env);
    if (!secret) throw new ApprovalsUsageError(MISSING_STATE_KEY);
    const key = deriveStateKey(secret.secret);
    const slug = botName(opts.appSlug ?? env.APP_SLUG ?? "ethics-policy");

    const octokit = new Octokit({ auth: token, baseUrl: apiBaseUrl(opts.apiUrl, env), userAgent: "ethics-policy-cli" });
    const comments = (await octokit.paginate("GET /repos/{owner}/{repo}/issues/comments", {
      owner,
      repo,
      per_page: 100,
      ...(since ? { since: since.toISOString() } : {}),
    })) as RepoComment[];
    const rows: ApprovalRow[] = [];
    for (const c of comments) {
      const pull = Number(/\/issues\/(\d+)$/.exec(c.issue_url ?? "")?.[1]);
      const byApp = botName(c.performed_via_github_app?.slug ?? "") === slug || botName(c.user?.login ?? "") === slug;
      if (!Number.isSafeInteger(pull) || !byApp || !hasMarker(c.body)) continue;
      rows.push(
        ...recordRows(
          pull,
          readState(c.body, key, stateBinding(owner, repo, pull), (k) => key.token(k)),
        ),
      );
    }
    const listed = rows.filter((r) => !since || r.kind === "unverifiable" || Date.parse(r.at) >= since.getTime());
    io.stdout(format(listed, opts.format as Format, `${owner}/${repo}`));
    return 0;
  } catch (error) {
    const status = (error as { status?: unknown }).status;
    const message =
      error instanceof ApprovalsUsageError
        ? error.message
        : `could not read from GitHub${typeof status === "number" ? ` (${status})` : ""}: ${error instanceof Error ? error.message : String(error)}`;
    io.stderr(`ethics-policy: ${message}\n`);
    return 2;
  }
}

const EMPTY = { role: "", at: "", author: "", head_sha: "", via: "", organizations: [], reason: "" };

/** The rows one record yields. */
export function recordRows(pull: number, stored: ReturnType<typeof readState>): ApprovalRow[] {
  if (stored.kind === "none") return [];
  if (stored.kind === "invalid") {
    const record: RecordStatus = stored.reason === "other_key" ? "other_key" : "tampered";
    return [{ pull, record, kind: "unverifiable", by: "", ...EMPTY }];
  }
  const record: RecordStatus = stored.kind === "verified" ? "verified" : "unsigned";
  return stateRows(pull, record, stored.state);
}

function stateRows(pull: number, record: RecordStatus, state: CommentState): ApprovalRow[] {
  const rows: ApprovalRow[] = state.tampering.map((t) => ({
    pull,
    record,
    kind: "tampering" as const,
    ...EMPTY,
    by: t.editors.join(" "),
    at: t.found_at,
    reason: `${t.kind}: ${t.voided} approval(s) voided`,
  }));
  if (state.summary) {
    const s = state.summary;
    rows.push({
      pull,
      record,
      kind: "summary",
      ...EMPTY,
      by: s.by.join(" "),
      at: s.last_at,
      reason: `${s.count} earlier approval(s), ${s.first_at} to ${s.last_at}`,
    });
  }
  for (const a of state.approvals) {
    rows.push({
      pull,
      record,
      kind: "approval",
      by: a.by,
      role: a.role,
      at: a.at,
      author: a.author,
      head_sha: a.head_sha,
      via: a.via,
      organizations: a.organizations,
      reason: a.reason,
    });
  }
  return rows.sort((x, y) => (x.at < y.at ? -1 : x.at > y.at ? 1 : 0));
}

const COLUMNS: (keyof ApprovalRow)[] = [
  "pull",
  "record",
  "kind",
  "at",
  "by",
  "role",
  "author",
  "head_sha",
  "via",
  "organizations",
  "reason",
];

const cell = (row: ApprovalRow, key: keyof ApprovalRow): string => {
  const v = row[key];
  return Array.isArray(v) ? v.join("; ") : String(v);
};

/** CSV as RFC 4180, with cells that a spreadsheet would run as a formula made inert. */
const csvCell = (text: string): string => {
  const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
};

/** Markdown table cells: no line breaks, pipes, HTML or mentions from recorded text. */
const mdCell = (text: string): string =>
  text
    .replace(/[\r\n]+/g, " ")
    .replace(/[\\`*_[\]<>|]/g, (c) => `\\${c}`)
    .replace(/@/g, "@\u200D")
    .replace(/#(?=\d)/g, "#\u200D");

export function format(rows: ApprovalRow[], fmt: Format, repo: string): string {
  if (fmt === "json") return `${JSON.stringify(rows, null, 2)}\n`;
  if (fmt === "csv")
    return (
      [COLUMNS.join(","), ...rows.map((r) => COLUMNS.map((k) => csvCell(cell(r, k))).join(","))].join("\r\n") + "\r\n"
    );
  const lines = [
    `# Approvals recorded by the ethics policy app in ${mdCell(repo)}`,
    "",
    rows.length === 0 ? "No approvals recorded." : `${rows.filter((r) => r.kind === "approval").length} approval(s).`,
    "",
  ];
  if (rows.length > 0) {
    lines.push(`| ${COLUMNS.join(" | ")} |`, `| ${COLUMNS.map(() => "---").join(" | ")} |`);
    for (const r of rows) lines.push(`| ${COLUMNS.map((k) => mdCell(cell(r, k))).join(" | ")} |`);
  }
  return `${lines.join("\n")}\n`;
}
