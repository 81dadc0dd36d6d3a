// The live dry run: `ethics-policy check owner/repo#N` and `ethics-policy audit owner/repo` read a
// repository the way the app does and print what the app would decide and write, writing nothing.
// Every GitHub call here and in reviewPullRequest({ dryRun: true }) is a read.
import { Octokit } from "@octokit/rest";
import type { Command } from "commander";
import type { Io } from "./cli.js";
import type { Decision } from "./decision.js";
import type { PullRequestRef } from "./github/types.js";
import type { CompiledPolicy } from "./policy/compile.js";
import { POLICY_PATH } from "./policy/load.js";
import { formatProblem, type PolicyProblem } from "./policy/parse.js";
import type { Operation } from "./reconcile/plan.js";
import { EXEMPT_WORDS, ROLE_WORDS, SIGNAL_WORDS, unattributedWords } from "./render/wording.js";
import { deriveStateKey, stateSecretFrom } from "./state/signing.js";
import { reviewPullRequest, type GitHubClient, type Logger, type ReviewDeps, type ReviewOutcome } from "./review.js";
import { httpStatusOf } from "./github/http-status.js";

/** Options shared by the live commands, as commander hands them over. */
export interface LiveOptions {
  token?: string;
  apiUrl?: string;
  appId?: string;
  json?: boolean;
  verbose?: boolean;
  showComment?: boolean;
  now?: string;
}

export type OutcomeName =
  "flagged" | "clear" | "exempt" | "invalid_policy" | "no_policy" | "closed" | "not_found" | "error";

/** One pull request's dry run, as `--json` prints it. */
export interface DryRunReport {
  ref: string;
  outcome: OutcomeName;
  head?: string;
  author?: string;
  decision?: Decision;
  problems?: PolicyProblem[];
  /** The writes the app would make, in order (reconcile's plan). Empty: it would change nothing. */
  actions: Operation[];
  notes: string[];
  error?: string;
}

class LiveUsageError extends Error {}

const NO_STATE_KEY_NOTE =
  "no state key (ETHICS_POLICY_STATE_KEY or PRIVATE_KEY): the app's record cannot be verified, so recorded approvals are not applied";

function stateKeyFrom(env: Record<string, string | undefined>) {
  const secret = stateSecretFrom(env);
  return secret ? deriveStateKey(secret.secret) : null;
}

const PUBLIC_API = "https://api.github.com";
const NO_APP_ID_NOTE =
  "no app id (--app-id or APP_ID): the app's own check run cannot be identified, so check-run actions are planned as if it had none";

/** The live commands' connection options, added to `check` (next to its offline ones) and `audit`. */
export function addLiveOptions(cmd: Command): Command {
  return cmd
    .option("--token <token>", "GitHub token with read access to the repository (default: $GITHUB_TOKEN)")
    .option(
      "--api-url <url>",
      "REST API base URL (default: https://$GHE_HOST/api/v3 if GHE_HOST is set, else https://api.github.com)",
    )
    .option("--app-id <id>", "the GitHub App's id, to find its existing check run (default: $APP_ID)")
    .option("--json", "print JSON instead of text")
    .option("-v, --verbose", "log each GitHub request and the review to stderr");
}

export const CHECK_LIVE_HELP = `
Live dry run (changes nothing on GitHub):
  $ GITHUB_TOKEN=ghp_… ethics-policy check octo-org/site#42
  $ ethics-policy check octo-org/site#42 --json --api-url https://ghe.example.com/api/v3
Reads the policy from the default branch and the pull request like the app does, prints the
decision, what could not be checked, and every write the app would make. Exit 0 flagged or not;
1 invalid policy; 2 usage, authentication, not found or GitHub errors.

Offline:
  $ ethics-policy check --policy .github/ethics-policy.yml --evidence evidence.json
`;

/** `ethics-policy check owner/repo#N`: returns the exit code, never throws. */
export async function runLiveCheck(target: string, opts: LiveOptions, io: Io): Promise<number> {
  try {
    const ref = parsePullRequestRef(target);
    const { deps, notes } = connect(opts, io);
    const name = `${ref.owner}/${ref.repo}#${ref.number}`;
    const defaultBranch = await repositoryDefaultBranch(deps.octokit, ref.owner, ref.repo);
    const report: DryRunReport =
      defaultBranch === null
        ? { ref: name, outcome: "not_found", actions: [], notes }
        : toReport(name, await reviewPullRequest(deps, ref, defaultBranch, { dryRun: true }), notes);
    if (opts.json) io.stdout(`${JSON.stringify(report, null, 2)}\n`);
    else io.stdout(describeReport(report, Boolean(opts.showComment)));
    if (report.outcome === "not_found") {
      io.stderr(`ethics-policy: not found: ${name} (or the token cannot see it)\n`);
      return 2;
    }
    return report.outcome === "invalid_policy" ? 1 : 0;
  } catch (error) {
    return failed(error, io);
  }
}

/** `ethics-policy audit owner/repo`. */
export function addAuditCommand(program: Command, io: Io, setExit: (code: number) => void): Command {
  const cmd = program
    .command("audit")
    .description(
      "Dry-run the app on every open pull request of a repository and print a table of what it would decide and do. Changes nothing.",
    )
    .argument("<repository>", "owner/repo")
    .option("--limit <n>", "review at most this many open pull requests, newest first", "500")
    .option("--now <date>", "evaluate as of this date (ISO 8601); default: now");
  addLiveOptions(cmd)
    .addHelpText(
      "after",
      `
Example:
  $ GITHUB_TOKEN=ghp_… ethics-policy audit octo-org/site --limit 50
Exit 0 whatever was found; 1 if the policy is invalid; 2 on usage or authentication errors, or
when a pull request could not be read.`,
    )
    .action(async (target: string, opts: LiveOptions & { limit: string }) => setExit(await runAudit(target, opts, io)));
  return cmd;
}

async function runAudit(target: string, opts: LiveOptions & { limit: string }, io: Io): Promise<number> {
  try {
    const m = /^([A-Za-z0-9](?:[A-Za-z0-9-]*)?)\/([A-Za-z0-9._-]+)$/.exec(target.trim());
    if (!m) throw new LiveUsageError(`"${target}" is not owner/repo`);
    const [, owner = "", repo = ""] = m;
    const limit = Number(opts.limit);
    if (!Number.isInteger(limit) || limit < 1)
      throw new LiveUsageError(`--limit: "${opts.limit}" is not a positive whole number`);
    const { deps, notes } = connect(opts, io);
    const octokit = deps.octokit;
    const defaultBranch = await repositoryDefaultBranch(octokit, owner, repo);
    if (defaultBranch === null) throw new LiveUsageError(`not found: ${owner}/${repo} (or the token cannot see it)`);

    let more = false;
    const pulls: { number: number; author: string }[] = [];
    await octokit.paginate(
      "GET /repos/{owner}/{repo}/pulls",
      { owner, repo, state: "open", per_page: Math.min(100, limit) },
      (response, done) => {
        for (const pr of response.data) pulls.push({ number: pr.number, author: pr.user?.login ?? "ghost" });
        if (pulls.length >= limit) {
          more = pulls.length > limit || /rel="next"/.test(response.headers.link ?? "");
          done();
        }
        return [];
      },
    );
    pulls.splice(limit);
    if (more) notes.push(`only the first ${limit} open pull requests were reviewed (--limit)`);

    const reports: DryRunReport[] = [];
    let policyMissing = false;
    for (const pr of pulls) {
      const name = `${owner}/${repo}#${pr.number}`;
      let report: DryRunReport;
      if (policyMissing) {
        // The policy comes from the default branch, the same for every pull request: no need to ask again.
        report = { ref: name, outcome: "no_policy", actions: [], notes: [] };
      } else {
        try {
          report = toReport(
            name,
            await reviewPullRequest(deps, { owner, repo, number: pr.number }, defaultBranch, { dryRun: true }),
            [],
          );
        } catch (error) {
          if (isAuthError(error)) throw error;
          report = { ref: name, outcome: "error", actions: [], notes: [], error: describeError(error).message };
        }
      }
      policyMissing ||= report.outcome === "no_policy";
      reports.push({ ...report, author: pr.author });
    }

    if (opts.json) io.stdout(`${JSON.stringify(reports, null, 2)}\n`);
    else io.stdout(describeAudit(`${owner}/${repo}`, reports, notes));
    if (reports.some((r) => r.outcome === "error")) return 2;
    return reports.some((r) => r.outcome === "invalid_policy") ? 1 : 0;
  } catch (error) {
    return failed(error, io);
  }
}

// --- connecting -------------------------------------------------------------------------------

/** "owner/repo#123", or a pull request's web URL. */
export function parsePullRequestRef(text: string): PullRequestRef {
  const m =
    /^([A-Za-z0-9][A-Za-z0-9-]*)\/([A-Za-z0-9._-]+)#(\d+)$/.exec(text.trim()) ??
    /^https?:\/\/[^/]+\/([A-Za-z0-9][A-Za-z0-9-]*)\/([A-Za-z0-9._-]+)\/pull\/(\d+)\/?$/.exec(text.trim());
  const number = Number(m?.[3]);
  if (!m || !Number.isSafeInteger(number) || number < 1)
    throw new LiveUsageError(`"${text}" is not a pull request: write owner/repo#123`);
  return { owner: m[1] ?? "", repo: m[2] ?? "", number };
}

/** The REST base URL: --api-url, else GitHub Enterprise Server's from GHE_HOST, else github.com's. */
export function apiBaseUrl(apiUrl: string | undefined, env: Record<string, string | undefined>): string {
  if (apiUrl !== undefined) {
    let url: URL;
    try {
      url = new URL(apiUrl);
    } catch {
      throw new LiveUsageError(`--api-url: "${apiUrl}" is not a URL`);
    }
    if (url.protocol !== "https:" && url.protocol !== "http:")
      throw new LiveUsageError(`--api-url: "${apiUrl}" is not an http(s) URL`);
    return apiUrl.replace(/\/+$/, "");
  }
  const host = env.GHE_HOST?.trim()
    .replace(/^https?:\/\//, "")
    .replace(/\/+$/, "");
  // @octokit/graphql sends GraphQL for a base URL ending in /api/v3 to /api/graphql, as GHES wants.
  if (host) return `${env.GHE_PROTOCOL ?? "https"}://${host}/api/v3`;
  return PUBLIC_API;
}

function connect(opts: LiveOptions, io: Io): { deps: ReviewDeps; notes: string[] } {
  const env = io.env ?? process.env;
  const token = opts.token ?? env.GITHUB_TOKEN;
  if (!token)
    throw new LiveUsageError(
      "no GitHub token: pass --token or set GITHUB_TOKEN (a token that can read the repository; nothing is written)",
    );
  const baseUrl = apiBaseUrl(opts.apiUrl, env);
  const appIdText = opts.appId ?? env.APP_ID ?? "0";
  const appId = Number(appIdText);
  if (!Number.isSafeInteger(appId) || appId < 0)
    throw new LiveUsageError(`--app-id: "${appIdText}" is not a GitHub App id`);
  const now = opts.now === undefined ? null : new Date(opts.now);
  if (now && Number.isNaN(now.getTime())) throw new LiveUsageError(`--now: "${opts.now}" is not a date`);

  const write =
    (level: string) =>
    (...args: unknown[]) =>
      io.stderr(`${level}: ${args.map((a) => (typeof a === "string" ? a : JSON.stringify(a))).join(" ")}\n`);
  const quiet = () => {};
  const octokit = new Octokit({
    auth: token,
    baseUrl,
    userAgent: "ethics-policy-cli",
    log: opts.verbose
      ? { debug: quiet, info: write("http"), warn: write("warn"), error: write("error") }
      : { debug: quiet, info: quiet, warn: quiet, error: quiet },
  });
  const log: Logger = opts.verbose
    ? {
        info: (obj, msg) => io.stderr(`info: ${msg ?? ""} ${JSON.stringify(obj)}\n`),
        warn: (obj, msg) => io.stderr(`warn: ${msg ?? ""} ${JSON.stringify(obj)}\n`),
      }
    : { info: quiet, warn: quiet };
  const deps: ReviewDeps = {
    octokit,
    log,
    appId,
    now: () => now ?? new Date(),
    policyCache: new Map<string, CompiledPolicy>(),
    // The app's record is verified with its key when the environment has it (state/signing.ts).
    stateKey: stateKeyFrom(env),
    ...(env.APP_SLUG ? { botLogin: () => Promise.resolve(env.APP_SLUG ?? null) } : {}),
  };
  const notes = appId === 0 ? [NO_APP_ID_NOTE] : [];
  if (!deps.stateKey) notes.push(NO_STATE_KEY_NOTE);
  return { deps, notes };
}

/** The repository's default branch (one REST call), or null when it does not exist or is hidden. */
async function repositoryDefaultBranch(octokit: GitHubClient, owner: string, repo: string): Promise<string | null> {
  try {
    const { data } = await octokit.rest.repos.get({ owner, repo });
    return data.default_branch;
  } catch (error) {
    if (httpStatusOf(error) === 404) return null;
    throw error;
  }
}

// --- errors -----------------------------------------------------------------------------------

function isAuthError(error: unknown): boolean {
  const status = httpStatusOf(error);
  return status === 401 || status === 403;
}

function describeError(error: unknown): { message: string } {
  const status = httpStatusOf(error);
  const e = error as {
    message?: string;
    response?: { headers?: Record<string, string | undefined> };
    errors?: { message?: string }[];
  };
  const said = oneLine(e?.message ?? String(error));
  if (status === 401) {
    return {
      message: `GitHub rejected the token (401: ${said}). Check --token or GITHUB_TOKEN, and --api-url or GHE_HOST for GitHub Enterprise Server.`,
    };
  }
  if (status === 403) {
    const headers = e.response?.headers ?? {};
    if (headers["x-ratelimit-remaining"] === "0") {
      const reset = Number(headers["x-ratelimit-reset"]);
      const when = Number.isFinite(reset) && reset > 0 ? ` until ${new Date(reset * 1000).toISOString()}` : "";
      return { message: `GitHub's rate limit is exhausted${when} (403: ${said}).` };
    }
    return {
      message: `GitHub refused access (403: ${said}). The token needs read access to the repository's contents, pull requests and checks.`,
    };
  }
  if (Array.isArray(e?.errors) && e.errors.length > 0) {
    return {
      message: `GitHub's GraphQL API answered with errors: ${oneLine(e.errors.map((x) => x.message ?? "?").join("; "))}`,
    };
  }
  if (status !== undefined) return { message: `GitHub answered ${status}: ${said}` };
  return { message: `could not read from GitHub: ${said}` };
}

function failed(error: unknown, io: Io): number {
  io.stderr(`ethics-policy: ${error instanceof LiveUsageError ? error.message : describeError(error).message}\n`);
  return 2;
}

// --- reports ----------------------------------------------------------------------------------

function toReport(ref: string, outcome: ReviewOutcome, notes: string[]): DryRunReport {
  switch (outcome.kind) {
    case "not_found":
      return { ref, outcome: "not_found", actions: [], notes };
    case "closed":
      return { ref, outcome: "closed", actions: [], notes };
    case "no_policy":
      return { ref, outcome: "no_policy", actions: [], notes };
    case "invalid_policy":
      return {
        ref,
        outcome: "invalid_policy",
        head: outcome.snapshot.headSha,
        problems: outcome.problems,
        actions: outcome.ops,
        notes,
      };
    case "reviewed": {
      const { decision, snapshot } = outcome;
      const name: OutcomeName = decision.flagged ? "flagged" : decision.exempt ? "exempt" : "clear";
      const more = snapshot.evidence.commits_truncated
        ? [`only the first ${snapshot.evidence.commits.length} commits were read`]
        : [];
      return { ref, outcome: name, head: snapshot.headSha, decision, actions: outcome.ops, notes: [...notes, ...more] };
    }
  }
}

/** A value from GitHub on one line, quoted, with control and bidi characters escaped. */
function quoted(text: string): string {
  return escapeInvisible(JSON.stringify(text));
}

function escapeInvisible(text: string): string {
  // Matching control characters is the point: profile text must not drive the terminal.
  return text.replace(
    // eslint-disable-next-line no-control-regex
    /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
}

function oneLine(text: string): string {
  return escapeInvisible(text.replace(/\s*\n\s*/g, " "));
}

function describeReport(report: DryRunReport, showComment: boolean): string {
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
      return [`update check run ${op.id} ${quoted(op.name)}: ${op.output.conclusion} — ${quoted(op.output.title)}`];
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

function describeAudit(repo: string, reports: DryRunReport[], notes: string[]): string {
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
