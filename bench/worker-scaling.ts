// Events per second with 1, 2 and 4 worker processes sharing one Redis: the web process takes
// signed pull_request deliveries (ETHICS_POLICY_WORKERS=0, so it only queues them) and the worker
// processes do the reviews against the GitHub stand-in. Each round queues a backlog while the queue
// is held (BullMQ's pause), then times the workers draining it: an event counts once its review is
// written at the stand-in. The web process's intake rate is reported beside it. The machine's cores and load are reported beside the figures: every process
// here — the stand-in and this benchmark included — shares them, so on 2 cores 4 workers cannot
// be 4 times 1. Run alone: `node lib-bench/bench/worker-scaling.js`, which prints JSON.
import { cpus } from "node:os";
import { fileURLToPath } from "node:url";
import {
  cpuSnapshot,
  deliverOk,
  machineLoad,
  startCluster,
  untilReviewed,
  type BenchProcess,
  type Cluster,
} from "./cluster.js";
import { auditReviews } from "./review-audit.js";
import { BENCH_POLICY, openPullRequest } from "./harness.js";

const OWNER = "bench";
export const SCALING_EVENTS = 300;
/** Backlogs drained per worker count; the figure is their mean. */
const ROUNDS = 2;
export const SCALING_WORKERS = [1, 2, 4] as const;
const WARM_UP_EVENTS = 20;
/** Deliveries in flight at once, as GitHub sends them to a busy install. */
const DELIVERY_CONCURRENCY = 8;
const flagged = (number: number) => number % 2 === 1;
const RUN_TIMEOUT_MS = 5 * 60_000;

export interface ScalingRound {
  /** Seconds from resuming the queue to the last of the backlog's reviews written at the stand-in. */
  drain_seconds: number;
  events_per_s: number;
  /** Deliveries the web process answered (queued) per second while the queue was held. */
  intake_events_per_s: number;
}

export interface ScalingRun {
  workers: number;
  events: number;
  /** Mean over the rounds: the backlog's events reviewed per second. */
  events_per_s: number;
  intake_events_per_s: number;
  rounds: ScalingRound[];
  reviewed: number;
  duplicate_writes: number;
  /** CPU seconds while the backlogs drained, over all rounds. */
  cpu_seconds: { bench_and_standin: number; workers: number | null };
  /** Worker CPU per review: the same work whatever the number of processes. */
  worker_cpu_ms_per_event: number | null;
  load_before: number[];
  load_after: number[];
}

export interface ScalingFigures {
  runs: ScalingRun[];
  /** events/s with 2 workers ÷ with 1, and with 4 ÷ with 1. */
  ratio_2_vs_1: number;
  ratio_4_vs_1: number;
  cpus: number;
  /** Jobs one worker process runs at once (ETHICS_POLICY_CONCURRENCY, unset: RedisQueue's default). */
  worker_concurrency: number;
}

const round = (x: number, digits = 2) => Math.round(x * 10 ** digits) / 10 ** digits;
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const progress = (message: string) => process.stderr.write(`bench: ${message}\n`);

/** Seeds `count` fresh pull requests in `repo` and delivers their pull_request.opened events, DELIVERY_CONCURRENCY at a time. */
async function deliverBurst(cluster: Cluster, repo: string, count: number) {
  const { standin } = cluster;
  standin.addRepo({
    owner: OWNER,
    name: repo,
    files: { ".github/ethics-policy.yml": BENCH_POLICY, "ETHICS.md": "# Ethics\n" },
    labels: ["ethics-review"],
  });
  const numbers = Array.from({ length: count }, (_, i) => i + 1);
  const payloads = numbers.map((n) => openPullRequest(standin, OWNER, repo, n, flagged(n) ? "pat" : "casey"));
  const start = process.hrtime.bigint();
  let next = 0;
  await Promise.all(
    Array.from({ length: DELIVERY_CONCURRENCY }, async () => {
      for (let i = next++; i < payloads.length; i = next++) await deliverOk(cluster, "pull_request", payloads[i]);
    }),
  );
  return {
    intakeSeconds: Number(process.hrtime.bigint() - start) / 1e9,
    reviewed: () =>
      untilReviewed(
        standin,
        OWNER,
        repo,
        () => auditReviews(standin, OWNER, repo, numbers, flagged),
        count,
        RUN_TIMEOUT_MS,
      ),
  };
}

async function runWith(cluster: Cluster, n: number, events: number): Promise<ScalingRun> {
  const workers: BenchProcess[] = await cluster.startWorkers(n);
  try {
    // Token, bot login, policy parse and JIT warm-up in every worker, not timed.
    await (await deliverBurst(cluster, `scale-${n}-warm-up`, WARM_UP_EVENTS * n)).reviewed();
    const loadBefore = machineLoad();
    const rounds: ScalingRound[] = [];
    let reviewed = 0;
    let duplicates = 0;
    let standinCpu = 0;
    let workerCpu: number | null = 0;
    for (let r = 0; r < ROUNDS; r++) {
      // The backlog is queued while the queue is held, then drained: the timing is the workers',
      // not the deliveries' (intake is reported beside it).
      await cluster.pauseQueue();
      const burst = await deliverBurst(cluster, `scale-${n}-${r}`, events);
      const before = cpuSnapshot(workers);
      const start = process.hrtime.bigint();
      await cluster.resumeQueue();
      const final = await burst.reviewed();
      const seconds = Number(process.hrtime.bigint() - start) / 1e9;
      const after = cpuSnapshot(workers);
      standinCpu += after.bench - before.bench;
      const used = after.processes.map((b, i) =>
        b === null || before.processes[i] === null ? null : b - (before.processes[i] ?? 0),
      );
      workerCpu =
        workerCpu === null || used.some((u) => u === null)
          ? null
          : workerCpu + used.reduce((a: number, u) => a + (u ?? 0), 0);
      reviewed += final.reviewed;
      duplicates += final.duplicateWrites;
      rounds.push({
        drain_seconds: round(seconds),
        events_per_s: round(events / seconds, 1),
        intake_events_per_s: round(events / burst.intakeSeconds, 1),
      });
    }
    return {
      workers: n,
      events,
      events_per_s: round(mean(rounds.map((r) => r.events_per_s)), 1),
      intake_events_per_s: round(mean(rounds.map((r) => r.intake_events_per_s)), 1),
      rounds,
      reviewed,
      duplicate_writes: duplicates,
      cpu_seconds: { bench_and_standin: round(standinCpu), workers: workerCpu === null ? null : round(workerCpu) },
      worker_cpu_ms_per_event: workerCpu === null ? null : round((workerCpu * 1000) / (events * ROUNDS), 1),
      load_before: loadBefore,
      load_after: machineLoad(),
    };
  } finally {
    await cluster.resumeQueue();
    await Promise.all(workers.map((w) => w.stop()));
  }
}

export async function measureWorkerScaling(cluster: Cluster, events = SCALING_EVENTS): Promise<ScalingFigures> {
  const runs: ScalingRun[] = [];
  for (const n of SCALING_WORKERS) {
    progress(
      `events per second: ${ROUNDS} backlogs of ${events} pull_request events, ${n} worker process${n === 1 ? "" : "es"}`,
    );
    runs.push(await runWith(cluster, n, events));
  }
  const rate = (n: number) => runs.find((r) => r.workers === n)?.events_per_s ?? Number.NaN;
  return {
    runs,
    ratio_2_vs_1: round(rate(2) / rate(1)),
    ratio_4_vs_1: round(rate(4) / rate(1)),
    cpus: cpus().length,
    worker_concurrency: 4,
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const cluster = await startCluster();
  if ("skipped" in cluster) {
    process.stdout.write(`${JSON.stringify({ skipped: cluster.skipped })}\n`);
  } else {
    try {
      const figures = await measureWorkerScaling(cluster, Number(process.env.BENCH_SCALING_EVENTS) || SCALING_EVENTS);
      process.stdout.write(`${JSON.stringify(figures, null, 2)}\n`);
    } finally {
      await cluster.stop();
    }
  }
}
