// A policy push over 1,000 open pull requests, through the whole install: one signed `push`
// delivery to the web process, the fan-out job (one review job per open pull request, paginated)
// and the reviews run by worker processes sharing Redis, against the GitHub stand-in. Measured
// twice: undisturbed (total time, GitHub requests per pull request) and with one of the workers
// killed with SIGKILL after about 300 reviews, its jobs taken over by the other through BullMQ's
// stalled-job recovery (pull requests reviewed, duplicate writes). Each pull request is counted by
// its final state at the stand-in. Run alone: `node lib-bench/bench/fanout.js` (after `npm run bench`
// or `tsc -p tsconfig.bench.json`), which prints the figures as JSON.
import { fileURLToPath } from "node:url";
import { fakeSha } from "../src/standin/state.js";
import type { StandinRequest } from "../src/standin/github-standin.js";
import {
  cpuSnapshot,
  deliverOk,
  machineLoad,
  pushPayload,
  queueIdle,
  startCluster,
  untilReviewed,
  type BenchProcess,
  type Cluster,
} from "./cluster.js";
import { auditReviews } from "./review-audit.js";
import { BENCH_POLICY, describeRequest, isTokenExchange, openPullRequest } from "./harness.js";
import { pacingFloor, type PacingFloor } from "./pacing.js";

const OWNER = "bench";
export const FANOUT_PULLS = 1000;
export const FANOUT_WORKERS = 2;
/** The worker is killed once this share of the pull requests is reviewed (300 of 1,000). */
export const KILL_AFTER_SHARE = 0.3;
const POLICY_PATH = ".github/ethics-policy.yml";
/** Every other pull request is by an author the new policy lists: flagged ones cost the most writes. */
const flagged = (number: number) => number % 2 === 1;
/** BullMQ's lock on a running job, and how often workers look for stalled ones (ms). */
const JOB_LOCK_MS = 30_000;
const STALLED_CHECK_MS = 15_000;
const RUN_TIMEOUT_MS = 10 * 60_000;

/** The policy before the push: Palantir not listed yet, so its people's pull requests are clear. */
const POLICY_BEFORE = BENCH_POLICY.replace(/ {2}- name: Palantir Technologies[\s\S]*?(?= {2}- name: )/, "");

export interface FanOutRun {
  pulls: number;
  workers: number;
  seconds: number;
  reviewed: number;
  duplicate_writes: number;
  /** Requests at the stand-in from the push delivery until the queue is idle, token exchanges included. */
  requests: number;
  requests_per_pr: number;
  /** The fan-out's own listing of open pull requests (pages of 100). */
  pagination_requests: number;
  token_exchanges: number;
  /** Requests by kind ("POST /graphql EthicsPolicyPullRequest", "GET /repos/:owner/:repo/pulls", …). */
  by_kind: Record<string, number>;
  content_creating_requests: number;
  cpu_seconds: { bench_and_standin: number; web: number | null; workers: (number | null)[] };
  load_before: number[];
  load_after: number[];
}

export interface FanOutKillRun extends Omit<FanOutRun, "by_kind"> {
  killed_after_reviews: number;
  /** Jobs the killed worker held, moved back to the queue by another worker's stalled-job check. */
  stalled_jobs_taken_over: number;
  job_lock_ms: number;
  stalled_check_ms: number;
}

export interface FanOutFigures {
  undisturbed: FanOutRun;
  worker_killed: FanOutKillRun;
  pacing: PacingFloor;
}

const kindOf = (r: StandinRequest): string =>
  describeRequest(r)
    .replace(/\/repos\/[^/\s]+\/[^/\s]+/, "/repos/:owner/:repo")
    .replace(/\/\d+(?=\/|\s|$)/g, "/:n");

/** Seeds `repo` with `pulls` open pull requests under POLICY_BEFORE; none reviewed yet. */
function seed(cluster: Cluster, repo: string, pulls: number): number[] {
  cluster.standin.addRepo({
    owner: OWNER,
    name: repo,
    files: { [POLICY_PATH]: POLICY_BEFORE, "ETHICS.md": "# Ethics\n" },
    labels: ["ethics-review"],
  });
  const numbers = Array.from({ length: pulls }, (_, i) => i + 1);
  for (const n of numbers) openPullRequest(cluster.standin, OWNER, repo, n, flagged(n) ? "pat" : "casey");
  return numbers;
}

async function runFanOut(
  cluster: Cluster,
  repo: string,
  pulls: number,
  workers: BenchProcess[],
  duringRun: (reviewed: number) => void = () => undefined,
) {
  const numbers = seed(cluster, repo, pulls);
  const { standin } = cluster;
  const audit = () => auditReviews(standin, OWNER, repo, numbers, flagged);
  if (audit().reviewed !== 0) throw new Error("pull requests were reviewed before the push");
  const loadBefore = machineLoad();
  const cpuBefore = cpuSnapshot([cluster.web, ...workers]);
  const before = standin.requests.length;
  const start = process.hrtime.bigint();
  standin.setFile(OWNER, repo, POLICY_PATH, BENCH_POLICY);
  await deliverOk(cluster, "push", pushPayload(OWNER, repo, [POLICY_PATH], fakeSha("bench-push", repo)));
  await untilReviewed(standin, OWNER, repo, audit, numbers.length, RUN_TIMEOUT_MS, duringRun);
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  // Anything still running (a job taken over late) must finish before duplicates are counted.
  await queueIdle(cluster);
  const final = audit();
  const cpuAfter = cpuSnapshot([cluster.web, ...workers]);
  const requests = standin.requests.slice(before);
  const invalid = requests.filter((r) => r.invalid);
  if (invalid.length)
    throw new Error(`${invalid.length} requests GitHub would refuse, e.g. ${describeRequest(invalid[0]!)}`);
  const byKind: Record<string, number> = {};
  for (const r of requests) byKind[kindOf(r)] = (byKind[kindOf(r)] ?? 0) + 1;
  const diff = (a: number | null, b: number | null) => (a === null || b === null ? null : round(b - a));
  return {
    pulls: numbers.length,
    workers: workers.length,
    seconds: round(seconds),
    reviewed: final.reviewed,
    duplicate_writes: final.duplicateWrites,
    requests: requests.length,
    requests_per_pr: round(requests.length / numbers.length, 3),
    pagination_requests: requests.filter(
      (r) => r.method === "GET" && /^\/repos\/[^/]+\/[^/]+\/pulls(\?|$)/.test(r.path),
    ).length,
    token_exchanges: requests.filter(isTokenExchange).length,
    by_kind: byKind,
    content_creating_requests: requests.filter(
      (r) => (r.method !== "GET" && !isTokenExchange(r) && r.path !== "/graphql") || r.mutation,
    ).length,
    cpu_seconds: {
      bench_and_standin: round(cpuAfter.bench - cpuBefore.bench),
      web: diff(cpuBefore.processes[0] ?? null, cpuAfter.processes[0] ?? null),
      workers: workers.map((_, i) => diff(cpuBefore.processes[i + 1] ?? null, cpuAfter.processes[i + 1] ?? null)),
    },
    load_before: loadBefore,
    load_after: machineLoad(),
  };
}

const round = (x: number, digits = 2) => Math.round(x * 10 ** digits) / 10 ** digits;
const progress = (message: string) => process.stderr.write(`bench: ${message}\n`);

export async function measureFanOut(cluster: Cluster, pulls = FANOUT_PULLS): Promise<FanOutFigures> {
  const killAfter = Math.round(pulls * KILL_AFTER_SHARE);
  const lockEnv = {
    ETHICS_POLICY_JOB_LOCK_MS: String(JOB_LOCK_MS),
    ETHICS_POLICY_STALLED_CHECK_MS: String(STALLED_CHECK_MS),
  };

  progress(`policy push over ${pulls} open pull requests, ${FANOUT_WORKERS} worker processes`);
  const calm = await cluster.startWorkers(FANOUT_WORKERS, lockEnv);
  const undisturbed = await runFanOut(cluster, "fanout", pulls, calm);
  await Promise.all(calm.map((w) => w.stop()));

  progress(
    `policy push over ${pulls} open pull requests, one of ${FANOUT_WORKERS} workers SIGKILLed after ${killAfter} reviews`,
  );
  const workers = await cluster.startWorkers(FANOUT_WORKERS, lockEnv);
  const [victim, ...survivors] = workers as [BenchProcess, ...BenchProcess[]];
  let killedAfter = -1;
  const { by_kind: _ignored, ...killed } = await runFanOut(cluster, "fanout-kill", pulls, workers, (reviewed) => {
    if (killedAfter < 0 && reviewed >= killAfter) {
      victim.cpuSeconds();
      victim.child.kill("SIGKILL");
      killedAfter = reviewed;
      progress(`SIGKILLed ${victim.name} (pid ${victim.child.pid}) after ${reviewed} reviews`);
    }
  });
  if (killedAfter < 0) throw new Error("the worker was not killed: the run ended first");
  const stalled = survivors.reduce((n, w) => n + w.count("a worker stopped mid-job"), 0);
  await Promise.all(survivors.map((w) => w.stop()));

  return {
    undisturbed,
    worker_killed: {
      ...killed,
      killed_after_reviews: killedAfter,
      stalled_jobs_taken_over: stalled,
      job_lock_ms: JOB_LOCK_MS,
      stalled_check_ms: STALLED_CHECK_MS,
    },
    pacing: pacingFloor(undisturbed.by_kind, pulls, undisturbed.content_creating_requests),
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const cluster = await startCluster();
  if ("skipped" in cluster) {
    process.stdout.write(`${JSON.stringify({ skipped: cluster.skipped })}\n`);
  } else {
    try {
      process.stdout.write(
        `${JSON.stringify(await measureFanOut(cluster, Number(process.env.BENCH_FANOUT_PULLS) || FANOUT_PULLS), null, 2)}\n`,
      );
    } finally {
      await cluster.stop();
    }
  }
}
