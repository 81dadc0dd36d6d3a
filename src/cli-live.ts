// The live dry run's commands: `ethics-policy check owner/repo#N` and `ethics-policy audit
// owner/repo` read a repository the way the app does and print what the app would decide and
// write, writing nothing. Commander wiring and the flow only: connecting is in live/connect.ts,
// error words in render/live-errors.ts, the report in live/report.ts and render/dry-run.ts.
// Every GitHub call here and in reviewPullRequest({ dryRun: true }) is a read.
import type { Command } from "commander";
import type { Io } from "./cli.js";
import {
  connect,
  LiveUsageError,
  parsePullRequestRef,
  parseRepositoryRef,
  repositoryDefaultBranch,
  type LiveOptions,
} from "./live/connect.js";
import { isAuthError, networkFailure } from "./live/errors.js";
import { toReport, type DryRunReport } from "./live/report.js";
import { describeAudit, describeReport } from "./render/dry-run.js";
import { describeLiveError } from "./render/live-errors.js";
import { reviewPullRequest } from "./review.js";

export { apiBaseUrl, parsePullRequestRef, type LiveOptions } from "./live/connect.js";
export type { DryRunReport, OutcomeName } from "./live/report.js";

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
1 invalid policy; 2 usage, authentication, not found, network or GitHub errors.

Offline:
  $ ethics-policy check --policy .github/ethics-policy.yml --evidence evidence.json
`;

/** `ethics-policy check owner/repo#N`: returns the exit code, never throws. */
export async function runLiveCheck(target: string, opts: LiveOptions, io: Io): Promise<number> {
  let baseUrl: string | undefined;
  try {
    const ref = parsePullRequestRef(target);
    const connection = connect(opts, io);
    baseUrl = connection.baseUrl;
    const { deps, notes } = connection;
    const name = `${ref.owner}/${ref.repo}#${ref.number}`;
    const defaultBranch = await repositoryDefaultBranch(connection.octokit, ref.owner, ref.repo);
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
    return failed(error, io, baseUrl);
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
Exit 0 whatever was found; 1 if the policy is invalid; 2 on usage, authentication or network
errors, or when a pull request could not be read.`,
    )
    .action(async (target: string, opts: LiveOptions & { limit: string }) => setExit(await runAudit(target, opts, io)));
  return cmd;
}

async function runAudit(target: string, opts: LiveOptions & { limit: string }, io: Io): Promise<number> {
  let baseUrl: string | undefined;
  try {
    const { owner, repo } = parseRepositoryRef(target);
    const limit = Number(opts.limit);
    if (!Number.isInteger(limit) || limit < 1)
      throw new LiveUsageError(`--limit: "${opts.limit}" is not a positive whole number`);
    const connection = connect(opts, io);
    baseUrl = connection.baseUrl;
    const { deps, notes, octokit } = connection;
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
          if (isAuthError(error) || networkFailure(error)) throw error;
          report = { ref: name, outcome: "error", actions: [], notes: [], error: describeLiveError(error, baseUrl) };
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
    return failed(error, io, baseUrl);
  }
}

function failed(error: unknown, io: Io, baseUrl: string | undefined): number {
  io.stderr(`ethics-policy: ${error instanceof LiveUsageError ? error.message : describeLiveError(error, baseUrl)}\n`);
  return 2;
}
