// `npm run bench`'s multi-process sections (issue 11, "Durable work"): a policy push over 1,000
// open pull requests with and without a worker SIGKILLed midway, and events per second with 1, 2
// and 4 worker processes sharing one Redis. Skipped, with the reason printed, when there is no
// Redis to run them on (REDIS_URL unset and redis-server not installed). Run alone:
// `node lib-bench/bench/durable-work.js` (add `--json` for the figures as JSON).
import { cpus, loadavg } from "node:os";
import { fileURLToPath } from "node:url";
import { startCluster } from "./cluster.js";
import { measureFanOut, type FanOutFigures } from "./fanout.js";
import { GITHUB_CONTENT_PER_HOUR, GITHUB_CONTENT_PER_MINUTE, PROBOT_WRITE_SPACING_S } from "./pacing.js";
import { measureWorkerScaling, type ScalingFigures } from "./worker-scaling.js";

export const DURABLE_GOALS = {
  /** Every pull request reviewed although a worker was SIGKILLed midway. */
  fanout_reviewed_with_worker_killed: 1000,
  fanout_duplicate_writes: 0,
  /** GitHub requests per pull request of a policy push, at most what one first-time flagged event costs. */
  fanout_requests_per_pr: 3,
};

export type DurableWork =
  | {
      redis: string;
      github_pacing: string;
      policy_push: FanOutFigures;
      worker_scaling: ScalingFigures;
      /** Requests the stand-in checked against GitHub's schemas and limits (none invalid, or the run fails). */
      requests_checked: number;
      seconds: number;
      cpus: number;
      load_before: number[];
      load_after: number[];
    }
  | { skipped: string };

const PACING_NOTE =
  `off for these figures, which measure the app's own cost: Probot's spacing of each installation's writes and GraphQL requests ` +
  `${PROBOT_WRITE_SPACING_S} s apart (off in the benchmark's workers) and the stand-in's copy of GitHub's secondary limit on ` +
  `content creation (${GITHUB_CONTENT_PER_MINUTE} a minute, ${GITHUB_CONTENT_PER_HOUR} an hour; off). What they would add is computed below.`;

const loadNow = () => loadavg().map((x) => Math.round(x * 100) / 100);

export async function measureDurableWork(redisUrl: string | undefined): Promise<DurableWork> {
  const started = Date.now();
  const loadBefore = loadNow();
  const cluster = await startCluster(redisUrl);
  if ("skipped" in cluster) return cluster;
  try {
    const policyPush = await measureFanOut(cluster);
    const workerScaling = await measureWorkerScaling(cluster);
    // Every request was checked against GitHub's published schemas and documented limits.
    const invalid = cluster.standin.invalidRequests();
    if (invalid.length)
      throw new Error(`${invalid.length} requests GitHub would refuse, e.g. ${invalid[0]?.method} ${invalid[0]?.path}`);
    const errors = cluster.errorLines();
    if (errors.length) throw new Error(`the app's processes logged errors:\n${errors.slice(0, 5).join("\n")}`);
    return {
      redis: cluster.redis.source,
      github_pacing: PACING_NOTE,
      policy_push: policyPush,
      worker_scaling: workerScaling,
      requests_checked: cluster.standin.requests.length,
      seconds: Math.round((Date.now() - started) / 100) / 10,
      cpus: cpus().length,
      load_before: loadBefore,
      load_after: loadNow(),
    };
  } finally {
    await cluster.stop();
  }
}

export function durableGoalsMet(d: DurableWork): Record<string, boolean> {
  if ("skipped" in d) return {};
  const push = d.policy_push;
  const duplicates =
    push.undisturbed.duplicate_writes +
    push.worker_killed.duplicate_writes +
    d.worker_scaling.runs.reduce((n, r) => n + r.duplicate_writes, 0);
  return {
    // All reviewed, and the killed worker's running jobs really were taken over (not merely the waiting ones).
    fanout_reviewed_with_worker_killed:
      push.worker_killed.reviewed === push.worker_killed.pulls &&
      push.worker_killed.pulls >= DURABLE_GOALS.fanout_reviewed_with_worker_killed &&
      push.worker_killed.stalled_jobs_taken_over > 0,
    fanout_duplicate_writes: duplicates <= DURABLE_GOALS.fanout_duplicate_writes,
    fanout_requests_per_pr: push.undisturbed.requests_per_pr <= DURABLE_GOALS.fanout_requests_per_pr,
  };
}

export function durableWorkLines(d: DurableWork, mark: (key: string) => string): string[] {
  if ("skipped" in d) return ["Durable work (worker processes sharing Redis)", `  skipped: ${d.skipped}`];
  const { undisturbed: u, worker_killed: k, pacing: p } = d.policy_push;
  const s = d.worker_scaling;
  const kinds = Object.entries(u.by_kind)
    .map(([kind, n]) => `${n} × ${kind}`)
    .join(", ");
  return [
    `Durable work: worker processes sharing Redis (${d.redis}), a web process taking deliveries; ${d.cpus} CPUs, load ${d.load_before.join(" ")} → ${d.load_after.join(" ")}; ${d.seconds} s`,
    `  GitHub's pacing is ${d.github_pacing}`,
    `  Policy push over ${u.pulls.toLocaleString("en")} open pull requests, ${u.workers} workers: all reviewed in ${u.seconds} s`,
    `  [${mark("fanout_requests_per_pr")}] ${u.requests_per_pr} GitHub requests per pull request (goal ≤ ${DURABLE_GOALS.fanout_requests_per_pr}): ${kinds}; the fan-out's own pagination is ${u.pagination_requests} request${u.pagination_requests === 1 ? "" : "s"} (${(u.pagination_requests / u.pulls).toFixed(3)} per pull request)`,
    `  [${mark("fanout_reviewed_with_worker_killed")}] one of ${k.workers} workers SIGKILLed after ${k.killed_after_reviews} reviews: ${k.reviewed} of ${k.pulls} reviewed in ${k.seconds} s; ${k.stalled_jobs_taken_over} running jobs taken over by stalled-job recovery (job lock ${k.job_lock_ms / 1000} s, stalled check every ${k.stalled_check_ms / 1000} s)`,
    `  [${mark("fanout_duplicate_writes")}] duplicate writes (second comment, label or check run on a pull request): ${u.duplicate_writes} undisturbed, ${k.duplicate_writes} with the kill, ${s.runs.reduce((n, r) => n + r.duplicate_writes, 0)} in the runs below (goal 0)`,
    `  With GitHub's pacing, for one installation (computed): Probot's 1 s spacing of ${p.paced_requests_per_pr} paced requests per pull request ≥ ${p.probot_pacing_floor_minutes} min whatever the number of workers; GitHub's ${GITHUB_CONTENT_PER_MINUTE} content-creating requests a minute ≥ ${p.github_per_minute_floor_minutes} min for ${p.content_creating_requests}, and ${GITHUB_CONTENT_PER_HOUR} an hour ≥ ${p.github_per_hour_floor_hours} h`,
    `  Events per second, worker processes draining a backlog of ${s.runs[0]?.events ?? 0} pull_request events (mean of ${s.runs[0]?.rounds.length ?? 0} rounds), each worker ${s.worker_concurrency} jobs at a time:`,
    ...s.runs.map(
      (r) =>
        `    ${r.workers} worker${r.workers === 1 ? " " : "s"}: ${r.events_per_s} events/s (rounds ${r.rounds.map((x) => x.events_per_s).join(", ")}; worker CPU ${r.worker_cpu_ms_per_event ?? "?"} ms per event; load ${r.load_before[0]} → ${r.load_after[0]}); the web process queued ${r.intake_events_per_s} deliveries/s`,
    ),
    `  scaling: 2 workers ÷ 1 = ${s.ratio_2_vs_1}, 4 ÷ 1 = ${s.ratio_4_vs_1}, on ${s.cpus} cores shared with the stand-in, Redis, the web process and whatever else runs (measured, not tuned)`,
  ];
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const figures = await measureDurableWork(process.env.REDIS_URL);
  const met = durableGoalsMet(figures);
  if (process.argv.includes("--json"))
    process.stdout.write(`${JSON.stringify({ ...figures, goals_met: met }, null, 2)}\n`);
  else process.stdout.write(`${durableWorkLines(figures, (key) => (met[key] ? "ok " : "MISS")).join("\n")}\n`);
  if (Object.values(met).some((ok) => !ok)) process.exitCode = 1;
}
