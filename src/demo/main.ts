// `npm run demo`: the whole app, offline, with no credentials. It starts the GitHub stand-in on
// loopback seeded with a sample repository, an Entropic-style policy and five pull requests;
// starts the app's real Probot server against it; delivers a signed `pull_request.opened` webhook
// for each pull request through the real webhook endpoint; and prints what the app did — labels,
// the check run, the comment as it reads. It checks its own expectations and exits non-zero if the
// app did not do what it should.
import { fileURLToPath } from "node:url";
import { startGitHubStandin, type GitHubStandin, type StandinPullRequest } from "../standin/github-standin.js";
import { deliverWebhook, startDemoServer, type DemoServer, type DeliveryResult } from "./app-server.js";
import { pullRequestOpened } from "./payloads.js";
import {
  DEFAULT_BRANCH,
  OWNER,
  POLICY_PATH,
  PULL_REQUESTS,
  REPO,
  seedScenario,
  type SamplePullRequest,
} from "./scenario.js";
import { clip, field, readableComment, renderedText, rule } from "./timeline.js";

const APP_ID = 1001;
const CHECK_NAME = "Ethics policy";

export interface PullRequestResult {
  number: number;
  delivery: DeliveryResult;
  labels: string[];
  check: { conclusion: string | null; title: string | null } | null;
  comment: string | null;
  /** The app's own log line for the decision on this delivery, if it wrote one. */
  decision: LoggedDecision | null;
  /** What went differently from the expectation; empty when all was as expected. */
  problems: string[];
}

export interface LoggedDecision {
  flagged: boolean;
  exempt: boolean;
  matches: number;
  organizations: string[];
}

export interface DemoResult {
  ok: boolean;
  pullRequests: PullRequestResult[];
  /** Problems outside any one pull request (the server, health, errors in the logs). */
  problems: string[];
  /** `ethics_policy_decisions_total` by outcome, read back from /metrics. */
  decisions: Record<string, number>;
}

export interface DemoOptions {
  /** Where the timeline goes; default stdout. */
  write?: (line: string) => void;
  /** The sample pull requests and what to expect of each; default the scenario's. */
  pullRequests?: SamplePullRequest[];
}

export async function runDemo(options: DemoOptions = {}): Promise<DemoResult> {
  const write = options.write ?? ((line: string) => process.stdout.write(`${line}\n`));
  let standin: GitHubStandin | undefined;
  let server: DemoServer | undefined;
  try {
    standin = await startGitHubStandin({ appId: APP_ID, appSlug: "ethics-policy" });
    const samples = options.pullRequests ?? PULL_REQUESTS;
    seedScenario(standin, samples);
    server = await startDemoServer({ githubUrl: standin.url, appId: APP_ID });
    write("ethics-policy demo: offline, no credentials.");
    write(`  GitHub stand-in   ${standin.url}   (a local fake of GitHub's REST and GraphQL APIs)`);
    write(`  the app           ${server.url}   (the real Probot server \`npm start\` runs)`);
    write(`  repository        ${OWNER}/${REPO}, policy in ${POLICY_PATH} on ${DEFAULT_BRANCH}:`);
    write("                    Palantir Technologies; Argus Surveillance Systems (fictional)");
    write("");

    const pullRequests: PullRequestResult[] = [];
    for (const sample of samples) {
      const pr = standin.pullRequest(OWNER, REPO, sample.number);
      const payload = pullRequestOpened({
        owner: OWNER,
        repo: REPO,
        defaultBranch: DEFAULT_BRANCH,
        number: pr.number,
        title: pr.title,
        author: { login: sample.author.login, type: sample.author.type ?? "User" },
        headSha: pr.headSha,
        headRef: pr.headRef,
      });
      const delivery = await deliverWebhook(server, "pull_request", `demo-delivery-${sample.number}`, payload);
      const result = observe(standin, sample, pr, delivery, decisionOf(server, delivery.id));
      pullRequests.push(result);
      for (const line of describe(sample, result)) write(line);
      write("");
    }

    const problems = serverProblems(server);
    const decisions = await decisionCounts(server, problems);
    const ok = problems.length === 0 && pullRequests.every((p) => p.problems.length === 0);
    write(rule("summary"));
    write(
      `   decisions (from /metrics): ${
        Object.entries(decisions)
          .map(([k, v]) => `${k} ${v}`)
          .join(", ") || "none"
      }`,
    );
    for (const problem of problems) write(`   ✗ ${problem}`);
    write(
      ok
        ? "   ✓ every pull request was handled as expected"
        : "   ✗ the app did not do what the demo expected (see ✗ above)",
    );
    return { ok, pullRequests, problems, decisions };
  } finally {
    await server?.stop();
    await standin?.close();
  }
}

function observe(
  standin: GitHubStandin,
  sample: SamplePullRequest,
  pr: StandinPullRequest,
  delivery: DeliveryResult,
  decision: LoggedDecision | null,
): PullRequestResult {
  const runs = standin.checkRuns(OWNER, REPO, pr.headSha).filter((r) => r.name === CHECK_NAME);
  const run = runs.at(-1);
  const appComments = pr.comments.filter((c) => c.viaApp);
  const comment = appComments.at(-1)?.body ?? null;
  const result: PullRequestResult = {
    number: sample.number,
    delivery,
    labels: [...pr.labels],
    check: run ? { conclusion: run.conclusion, title: run.title } : null,
    comment,
    decision,
    problems: [],
  };
  const expect = sample.expect;
  const problems = result.problems;
  if (!decision) problems.push("the app logged no decision for this delivery");
  else if (decision.flagged !== expect.flagged)
    problems.push(`the app decided flagged=${decision.flagged}, expected ${expect.flagged}`);
  else if (expect.exempt !== undefined && decision.exempt !== expect.exempt)
    problems.push(`the app decided exempt=${decision.exempt}, expected ${expect.exempt}`);
  if (delivery.status !== 200) problems.push(`the webhook delivery was answered ${delivery.status}, not 200`);
  if (JSON.stringify([...result.labels].sort()) !== JSON.stringify([...expect.labels].sort())) {
    problems.push(`labels are [${result.labels.join(", ")}], expected [${expect.labels.join(", ")}]`);
  }
  if (runs.length !== 1) problems.push(`expected one "${CHECK_NAME}" check run, found ${runs.length}`);
  else if (run?.conclusion !== expect.conclusion)
    problems.push(`the check concluded ${run?.conclusion ?? "nothing"}, expected ${expect.conclusion}`);
  if (expect.comment && appComments.length !== 1)
    problems.push(`expected one comment from the app, found ${appComments.length}`);
  if (!expect.comment && appComments.length > 0)
    problems.push("the app commented, but this pull request should get no comment");
  for (const text of expect.evidence) {
    if (!comment || !renderedText(comment).includes(text))
      problems.push(`the comment does not mention ${JSON.stringify(text)}`);
  }
  return result;
}

function describe(sample: SamplePullRequest, result: PullRequestResult): string[] {
  const lines = [rule(`#${sample.number} "${sample.title}" by @${sample.author.login}`)];
  lines.push(...field("story", sample.story));
  lines.push(...field("webhook", `pull_request.opened → HTTP ${result.delivery.status} in ${result.delivery.ms} ms`));
  if (result.decision) lines.push(...field("decision", describeDecision(result.decision, result.delivery.id)));
  lines.push(...field("label", result.labels.length ? result.labels.join(", ") : "(none)"));
  lines.push(
    ...field(
      "check",
      result.check ? `${result.check.conclusion ?? "pending"} — ${clip(result.check.title ?? "", 80)}` : "(none)",
    ),
  );
  lines.push(
    ...field("comment", result.comment ? readableComment(result.comment).map((l) => (l ? `│ ${l}` : "│")) : "(none)"),
  );
  const verdict = sample.expect.flagged ? "flagged for a maintainer's review" : "not flagged";
  lines.push(
    ...field("expected", result.problems.length === 0 ? `✓ ${verdict}` : result.problems.map((p) => `✗ ${p}`)),
  );
  return lines;
}

/**
 * The app's log line for the decision on this delivery (Probot tags every handler log line with
 * the delivery id), in a few words.
 */
function decisionOf(server: DemoServer, deliveryId: string): LoggedDecision | null {
  const line = server.logs.find((l) => l.id === deliveryId && typeof l.flagged === "boolean");
  if (!line) return null;
  return {
    flagged: line.flagged === true,
    exempt: line.exempt === true,
    matches: Number(line.matches ?? 0),
    organizations: Array.isArray(line.organizations) ? line.organizations.map(String) : [],
  };
}

function describeDecision(decision: LoggedDecision, deliveryId: string): string {
  const what = decision.flagged ? "flagged" : decision.exempt ? "exempt, not flagged" : "clear";
  const n = decision.matches;
  const evidence = n > 0 ? `, ${n} piece${n === 1 ? "" : "s"} of evidence (${decision.organizations.join(", ")})` : "";
  return `${what}${evidence}; decision id ${deliveryId} in the app's log`;
}

/** Errors the app logged, and a /health that does not answer. */
function serverProblems(server: DemoServer): string[] {
  return server.logs
    .filter((l) => Number(l.level) >= 50)
    .map(
      (l) =>
        `the app logged an error: ${clip(JSON.stringify(l.msg ?? (l.err as { message?: unknown } | undefined)?.message ?? "?"), 200)}`,
    );
}

async function decisionCounts(server: DemoServer, problems: string[]): Promise<Record<string, number>> {
  const health = await fetch(`${server.url}/health`).catch(() => null);
  if (!health?.ok) problems.push(`GET /health answered ${health?.status ?? "nothing"}`);
  else await health.body?.cancel();
  const response = await fetch(`${server.url}/metrics`).catch(() => null);
  if (!response?.ok) {
    problems.push(`GET /metrics answered ${response?.status ?? "nothing"}`);
    return {};
  }
  const counts: Record<string, number> = {};
  for (const match of (await response.text()).matchAll(
    /^ethics_policy_decisions_total\{outcome="([a-z_]+)"\} (\d+)/gm,
  )) {
    counts[match[1] as string] = Number(match[2]);
  }
  return counts;
}

/** The demo as a command: exit status 0 when every expectation held, 1 when one did not, 2 when it could not run. */
export async function main(options: DemoOptions = {}): Promise<number> {
  try {
    return (await runDemo(options)).ok ? 0 : 1;
  } catch (error) {
    process.stderr.write(`demo failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    return 2;
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  process.exitCode = await main();
}
