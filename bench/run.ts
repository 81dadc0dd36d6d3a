// `npm run bench`: what an event costs this app — GitHub requests, throughput against a do-nothing
// app, latency, evaluation against policy size, memory against authors — measured on this machine,
// against the GitHub stand-in on loopback, through the real Probot server and signed webhooks.
// Human-readable by default; `npm run bench -- --json` prints one JSON object on stdout (progress
// goes to stderr). Bounded: a fixed number of events and evaluations, well under two minutes, plus
// a few minutes for the multi-process sections (bench/durable-work.ts), which need Redis.
import { cpus } from "node:os";
import { createApp } from "../src/app.js";
import { InlineQueue } from "../src/queue/memory.js";
import { startGitHubStandin, type GitHubStandin } from "../src/standin/github-standin.js";
import { measureCliStartup } from "./cli-startup.js";
import { measureEvalScale, measureMemory, round } from "./evaluation.js";
import { measureHostileInput, type HostileInputCosts } from "./hostile-input.js";
import {
  deliver,
  describeRequest,
  openPullRequest,
  requestsDuring,
  seedPeople,
  seedRepo,
  startServer,
  type RunningServer,
} from "./harness.js";
import { naiveApp } from "./naive-app.js";
import { measurePolicyParsing, type ParseFigures } from "./policy-parse.js";
import { noopApp } from "./noop-app.js";
import { durableGoalsMet, durableWorkLines, measureDurableWork, type DurableWork } from "./durable-work.js";

const APP_ID = 123;
const OWNER = "bench";
const NOW = () => new Date("2026-11-30T12:00:00Z");
const THROUGHPUT_EVENTS = 200;
const THROUGHPUT_ROUNDS = 5;
const CONCURRENCY = 8;
const LATENCY_EVENTS = 100;
const MEMORY_AUTHORS = 100_000;

const GOALS = {
  flagged_first: 3,
  flagged_repeat: 1,
  clear: 2,
  naive_multiple: 3,
  throughput_ratio_vs_noop: 0.8,
  eval_scale_ratio_10k_vs_10: 3,
  rss_growth_mb_100k_authors: 64,
  policy_parse_worst_cpu_ms: 200,
  policy_parse_event_loop_stall_ms: 100,
  cli_validate_vs_node: 2,
  // Worst-case inputs (bench/hostile-input.ts): the budgets the tests used to assert, so a busy
  // machine slows a figure here instead of failing a test.
  hostile_policy_parse_ms: 3000,
  hostile_trailers_ms: 100,
  hostile_evaluate_ms: 1000,
  hostile_glob_lookup_ms: 50,
};

const json = process.argv.includes("--json");
const progress = (message: string) => process.stderr.write(`bench: ${message}\n`);

/** Fresh stand-in state: the people, and the owner's `.github` repository (with no policy). */
function reseed(standin: GitHubStandin): void {
  standin.reset();
  seedPeople(standin);
  standin.addRepo({ owner: OWNER, name: ".github" });
}

async function expectOk(server: RunningServer, event: string, payload: unknown): Promise<void> {
  const status = await deliver(server, event, payload);
  if (status !== 200)
    throw new Error(`the app answered ${status} to a ${event} delivery: ${server.errors.slice(-1).join("")}`);
}

/** The requests one delivery costs, as "METHOD path [operation]". */
async function costOf(
  standin: GitHubStandin,
  server: RunningServer,
  payload: Record<string, unknown>,
): Promise<string[]> {
  return (await requestsDuring(standin, () => expectOk(server, "pull_request", payload))).map(describeRequest);
}

async function requestCounts(standin: GitHubStandin, app: RunningServer, naive: RunningServer) {
  reseed(standin);
  seedRepo(standin, OWNER, "counts");
  const flagged = openPullRequest(standin, OWNER, "counts", 1, "pat");
  const first = await costOf(standin, app, flagged);
  const pr = standin.pullRequest(OWNER, "counts", 1);
  if (!pr.labels.includes("ethics-review") || pr.comments.filter((c) => c.viaApp).length !== 1)
    throw new Error("the flagged pull request was not labelled and commented");
  const repeat = await costOf(standin, app, { ...flagged, action: "synchronize" });
  const clear = await costOf(standin, app, openPullRequest(standin, OWNER, "counts", 2, "casey"));
  if (standin.checkRuns(OWNER, "counts", standin.pullRequest(OWNER, "counts", 2).headSha)[0]?.conclusion !== "success")
    throw new Error("the clear pull request got no success check");

  seedRepo(standin, OWNER, "naive");
  const naiveFlagged = openPullRequest(standin, OWNER, "naive", 1, "pat");
  const naiveFirst = await costOf(standin, naive, naiveFlagged);
  const naiveRepeat = await costOf(standin, naive, { ...naiveFlagged, action: "synchronize" });
  const naiveClear = await costOf(standin, naive, openPullRequest(standin, OWNER, "naive", 2, "casey"));
  return { first, repeat, clear, naiveFirst, naiveRepeat, naiveClear };
}

interface Batch {
  events: number;
  seconds: number;
  eventsPerSecond: number;
  latenciesMs: number[];
  requests: number;
}

/**
 * Delivers `events` pull_request.opened events for fresh pull requests (flagged and clear
 * alternately, in a repository that has the label), `concurrency` at a time. Seeding is not timed.
 */
async function batch(
  standin: GitHubStandin,
  server: RunningServer,
  repo: string,
  events: number,
  concurrency: number,
): Promise<Batch> {
  reseed(standin);
  seedRepo(standin, OWNER, repo, ["ethics-review"]);
  const payloads = Array.from({ length: events }, (_, i) =>
    openPullRequest(standin, OWNER, repo, i + 1, i % 2 === 0 ? "pat" : "casey"),
  );
  const before = standin.requests.length;
  const latenciesMs: number[] = [];
  let next = 0;
  const start = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (let i = next++; i < payloads.length; i = next++) {
        const sent = process.hrtime.bigint();
        await expectOk(server, "pull_request", payloads[i]);
        latenciesMs.push(Number(process.hrtime.bigint() - sent) / 1e6);
      }
    }),
  );
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  const requests = standin.requests.slice(before).filter((r) => !r.path.startsWith("/app/")).length;
  return { events, seconds, eventsPerSecond: events / seconds, latenciesMs, requests };
}

const percentile = (xs: number[], p: number): number => {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? Number.NaN;
};
const median = (xs: number[]): number => percentile(xs, 50);

async function main(): Promise<void> {
  const started = Date.now();
  // The multi-process sections use REDIS_URL if set (else a redis-server of their own); the
  // in-process app's queue and coordination stay in this process's memory.
  const redisUrl = process.env.REDIS_URL;
  delete process.env.REDIS_URL;

  progress("command line: ethics-policy validate vs node -e 0");
  const cli = measureCliStartup();
  progress(`memory: evaluating ${MEMORY_AUTHORS.toLocaleString("en")} distinct authors' evidence`);
  const memory = measureMemory(MEMORY_AUTHORS);
  progress("evaluation: 10 vs 10,000 organizations");
  const evalScale = measureEvalScale();
  progress("policy parsing: hostile 256 KiB files");
  const policyParse = await measurePolicyParsing();
  progress("hostile input: policy bombs, whitespace floods, huge fields, eight-star globs");
  const hostile = measureHostileInput();

  // The benchmark measures the app's own cost; GitHub's secondary rate limit would measure its
  // pacing instead. Every request is still checked against GitHub's schemas and limits.
  const standin = await startGitHubStandin({ appId: APP_ID, secondaryRateLimit: false });
  const servers: RunningServer[] = [];
  try {
    const app = await startServer(
      standin,
      // A fixed record key and the bot login given: the benchmark counts per-event requests, not the one-time GET /app.
      createApp({
        appId: APP_ID,
        now: NOW,
        queue: new InlineQueue(),
        stateSecret: "benchmark record key, long enough to sign with",
        botLogin: "ethics-policy",
      }),
    );
    const naive = await startServer(standin, naiveApp(NOW));
    servers.push(app, naive);

    progress("requests per event: the app and the straightforward REST app");
    const counts = await requestCounts(standin, app, naive);

    progress("throughput: warming up");
    const warm = await batch(standin, app, "warm-app", 60, CONCURRENCY);
    const requestsPerEvent = Math.round(warm.requests / warm.events);
    const noop = await startServer(standin, noopApp(APP_ID, requestsPerEvent));
    servers.push(noop);
    await batch(standin, noop, "warm-noop", 60, CONCURRENCY);

    const rounds: { app_events_per_s: number; noop_events_per_s: number; ratio: number }[] = [];
    const concurrentLatencies: number[] = [];
    for (let r = 0; r < THROUGHPUT_ROUNDS; r++) {
      progress(
        `throughput: round ${r + 1} of ${THROUGHPUT_ROUNDS} (${THROUGHPUT_EVENTS} events each, ${CONCURRENCY} at a time)`,
      );
      // Alternate which goes first, so neither always runs on a warmer (or busier) machine.
      const runNoop = () => batch(standin, noop, `noop-${r}`, THROUGHPUT_EVENTS, CONCURRENCY);
      const runApp = () => batch(standin, app, `app-${r}`, THROUGHPUT_EVENTS, CONCURRENCY);
      const baseline = r % 2 === 0 ? await runNoop() : undefined;
      const ours = await runApp();
      const base = baseline ?? (await runNoop());
      if (Math.round(base.requests / base.events) !== requestsPerEvent)
        throw new Error("the baseline made a different number of requests per event");
      concurrentLatencies.push(...ours.latenciesMs);
      rounds.push({
        app_events_per_s: round(ours.eventsPerSecond, 1),
        noop_events_per_s: round(base.eventsPerSecond, 1),
        ratio: round(ours.eventsPerSecond / base.eventsPerSecond),
      });
    }
    if (rounds.length === 0) {
      throw new Error("no throughput rounds");
    }

    progress(`latency: ${LATENCY_EVENTS} events one at a time`);
    const sequential = await batch(standin, app, "latency", LATENCY_EVENTS, 1);

    progress(
      "durable work: worker processes sharing Redis (a policy push over 1,000 pull requests; 1, 2 and 4 workers)",
    );
    const durable = await measureDurableWork(redisUrl);
    if ("skipped" in durable) progress(`durable work skipped: ${durable.skipped}`);

    const errors = servers.flatMap((s) => s.errors);
    if (errors.length) throw new Error(`the apps logged errors during the run:\n${errors.slice(0, 5).join("\n")}`);

    const ratio = median(rounds.map((r) => r.ratio));
    const result = {
      requests_per_event: {
        flagged_first: counts.first.length,
        flagged_repeat: counts.repeat.length,
        clear: counts.clear.length,
      },
      naive_requests_per_event: counts.naiveFirst.length,
      naive_requests_per_event_detail: {
        flagged_first: counts.naiveFirst.length,
        flagged_repeat: counts.naiveRepeat.length,
        clear: counts.naiveClear.length,
      },
      naive_vs_flagged_first: round(counts.naiveFirst.length / counts.first.length),
      throughput_ratio_vs_noop: ratio,
      throughput: {
        events_per_round: THROUGHPUT_EVENTS,
        concurrency: CONCURRENCY,
        requests_per_event: requestsPerEvent,
        app_events_per_s: median(rounds.map((r) => r.app_events_per_s)),
        noop_events_per_s: median(rounds.map((r) => r.noop_events_per_s)),
        rounds,
      },
      eval_scale_ratio_10k_vs_10: evalScale.ratio,
      evaluation: evalScale,
      rss_growth_mb_100k_authors: memory.rss_growth_mb,
      memory,
      cli_startup: cli,
      hostile_input: hostile,
      latency_ms: {
        p50: round(percentile(sequential.latenciesMs, 50)),
        p99: round(percentile(sequential.latenciesMs, 99)),
        events: LATENCY_EVENTS,
        concurrency: 1,
      },
      latency_ms_at_concurrency: {
        p50: round(percentile(concurrentLatencies, 50)),
        p99: round(percentile(concurrentLatencies, 99)),
        events: concurrentLatencies.length,
        concurrency: CONCURRENCY,
      },
      requests: {
        flagged_first: counts.first,
        flagged_repeat: counts.repeat,
        clear: counts.clear,
        naive_flagged_first: counts.naiveFirst,
      },
      goals_met: {
        flagged_first: counts.first.length <= GOALS.flagged_first,
        flagged_repeat: counts.repeat.length <= GOALS.flagged_repeat,
        clear: counts.clear.length <= GOALS.clear,
        naive_requests_per_event: counts.naiveFirst.length >= GOALS.naive_multiple * counts.first.length,
        throughput_ratio_vs_noop: ratio >= GOALS.throughput_ratio_vs_noop,
        eval_scale_ratio_10k_vs_10: evalScale.ratio <= GOALS.eval_scale_ratio_10k_vs_10,
        rss_growth_mb_100k_authors: memory.rss_growth_mb <= GOALS.rss_growth_mb_100k_authors,
        policy_parse_worst_cpu_ms: policyParse.worst_cpu_ms <= GOALS.policy_parse_worst_cpu_ms,
        policy_parse_event_loop_stall_ms: policyParse.event_loop_max_stall_ms <= GOALS.policy_parse_event_loop_stall_ms,
        cli_validate_vs_node: cli.ratio <= GOALS.cli_validate_vs_node,
        hostile_policy_parse_ms: hostile.policy_parse_worst_ms <= GOALS.hostile_policy_parse_ms,
        hostile_trailers_ms:
          Math.max(hostile.trailers_whitespace_ms, hostile.coauthors_whitespace_ms) <= GOALS.hostile_trailers_ms,
        hostile_evaluate_ms: hostile.evaluate_huge_fields_ms <= GOALS.hostile_evaluate_ms,
        hostile_glob_lookup_ms: hostile.glob_worst_lookup_ms <= GOALS.hostile_glob_lookup_ms,
        ...durableGoalsMet(durable),
      },
      policy_parse: policyParse,
      durable_work: durable,
      environment: {
        node: process.version,
        platform: `${process.platform}-${process.arch}`,
        cpus: cpus().length,
        cpu_model: cpus()[0]?.model ?? "unknown",
      },
      seconds: round((Date.now() - started) / 1000, 1),
    };
    if (json) process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    else printHuman(result);
    if (Object.values(result.goals_met).some((met) => !met)) process.exitCode = 1;
    const invalid = standin.invalidRequests();
    progress(
      `requests checked against GitHub's published schemas and limits: ${standin.requests.length}; invalid: ${invalid.length}`,
    );
    if (invalid.length) process.exitCode = 1;
  } finally {
    for (const server of servers) await server.stop();
    await standin.close();
  }
}

function printHuman(r: {
  requests_per_event: { flagged_first: number; flagged_repeat: number; clear: number };
  naive_requests_per_event: number;
  naive_vs_flagged_first: number;
  throughput_ratio_vs_noop: number;
  throughput: { app_events_per_s: number; noop_events_per_s: number; requests_per_event: number; concurrency: number };
  evaluation: { us_per_eval_10: number; us_per_eval_10k: number; ratio: number; compile_ms_10k: number };
  memory: { authors: number; rss_growth_mb: number; heap_growth_mb: number };
  cli_startup: { runs: number; node_e0_ms: number; validate_ms: number; ratio: number };
  hostile_input: HostileInputCosts;
  latency_ms: { p50: number; p99: number };
  latency_ms_at_concurrency: { p50: number; p99: number; concurrency: number };
  requests: Record<string, string[]>;
  goals_met: Record<string, boolean>;
  environment: { node: string; cpus: number; cpu_model: string };
  policy_parse: ParseFigures;
  durable_work: DurableWork;
  seconds: number;
}): void {
  const mark = (key: string) => (r.goals_met[key] ? "ok " : "MISS");
  const lines = [
    `ethics-policy benchmark (${r.environment.node}, ${r.environment.cpus} × ${r.environment.cpu_model}, ${r.seconds} s)`,
    "",
    "GitHub requests per event (token exchange excluded)",
    `  [${mark("flagged_first")}] flagged, first time   ${r.requests_per_event.flagged_first}   (goal ≤ ${GOALS.flagged_first})  ${r.requests.flagged_first?.join(", ")}`,
    `  [${mark("flagged_repeat")}] flagged, nothing new  ${r.requests_per_event.flagged_repeat}   (goal ≤ ${GOALS.flagged_repeat})`,
    `  [${mark("clear")}] clear                 ${r.requests_per_event.clear}   (goal ≤ ${GOALS.clear})`,
    `  [${mark("naive_requests_per_event")}] straightforward REST app, flagged first time: ${r.naive_requests_per_event} (${r.naive_vs_flagged_first}× this app's; goal ≥ ${GOALS.naive_multiple}×)`,
    "",
    `Throughput, ${r.throughput.concurrency} events at a time, ${r.throughput.requests_per_event} requests per event`,
    `  [${mark("throughput_ratio_vs_noop")}] ${r.throughput.app_events_per_s} events/s vs ${r.throughput.noop_events_per_s} for a do-nothing app: ratio ${r.throughput_ratio_vs_noop} (goal ≥ ${GOALS.throughput_ratio_vs_noop})`,
    `  webhook-to-decision latency: p50 ${r.latency_ms.p50} ms, p99 ${r.latency_ms.p99} ms one at a time; p50 ${r.latency_ms_at_concurrency.p50} ms, p99 ${r.latency_ms_at_concurrency.p99} ms at ${r.latency_ms_at_concurrency.concurrency}`,
    "",
    "Evaluation",
    `  [${mark("eval_scale_ratio_10k_vs_10")}] ${r.evaluation.us_per_eval_10} µs with 10 organizations, ${r.evaluation.us_per_eval_10k} µs with 10,000: ratio ${r.evaluation.ratio} (goal ≤ ${GOALS.eval_scale_ratio_10k_vs_10}); compiling 10,000 takes ${r.evaluation.compile_ms_10k} ms, once per policy version`,
    `  [${mark("rss_growth_mb_100k_authors")}] RSS growth over ${r.memory.authors.toLocaleString("en")} distinct authors: ${r.memory.rss_growth_mb} MB (heap ${r.memory.heap_growth_mb} MB; goal ≤ ${GOALS.rss_growth_mb_100k_authors})`,
    "",
    `Policy parsing, hostile ${r.policy_parse.bytes / 1024} KiB files (median of 5, this thread; load average ${r.policy_parse.load_average_1m} on ${r.policy_parse.cpus} cores)`,
    `  [${mark("policy_parse_worst_cpu_ms")}] worst case ${r.policy_parse.worst_cpu_ms} ms CPU (${r.policy_parse.worst_wall_ms} ms wall): ${r.policy_parse.worst_case} (goal ≤ ${GOALS.policy_parse_worst_cpu_ms})`,
    `  [${mark("policy_parse_event_loop_stall_ms")}] longest event-loop stall while the app parses them all off the thread: ${r.policy_parse.event_loop_max_stall_ms} ms (goal ≤ ${GOALS.policy_parse_event_loop_stall_ms})`,
    "Command line start-up (medians of " + r.cli_startup.runs + " alternating runs)",
    `  [${mark("cli_validate_vs_node")}] ethics-policy validate on a small policy: ${r.cli_startup.validate_ms} ms vs ${r.cli_startup.node_e0_ms} ms for node -e 0: ratio ${r.cli_startup.ratio} (goal ≤ ${GOALS.cli_validate_vs_node})`,
    "Hostile input (worst shapes, best of three runs each)",
    `  [${mark("hostile_policy_parse_ms")}] slowest hostile policy rejected in ${r.hostile_input.policy_parse_worst_ms} ms (${r.hostile_input.policy_parse_worst_case}; goal ≤ ${GOALS.hostile_policy_parse_ms})`,
    `  [${mark("hostile_trailers_ms")}] whitespace floods: trailers ${r.hostile_input.trailers_whitespace_ms} ms, co-authors ${r.hostile_input.coauthors_whitespace_ms} ms (goal ≤ ${GOALS.hostile_trailers_ms})`,
    `  [${mark("hostile_evaluate_ms")}] evidence with huge fields evaluated in ${r.hostile_input.evaluate_huge_fields_ms} ms (goal ≤ ${GOALS.hostile_evaluate_ms})`,
    `  [${mark("hostile_glob_lookup_ms")}] eight-star glob against a 240-character near-miss: ${r.hostile_input.glob_worst_lookup_ms} ms (goal ≤ ${GOALS.hostile_glob_lookup_ms})`,
    "",
    ...durableWorkLines(r.durable_work, mark),
  ];
  process.stdout.write(`${lines.join("\n")}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`bench: failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 2;
});
