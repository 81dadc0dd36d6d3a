// A process that runs jobs and serves no webhooks (`npm run worker`, entry src/worker.ts): it
// shares REDIS_URL (and REDIS_KEY_PREFIX) with the app, which then runs with
// ETHICS_POLICY_WORKERS=0 or keeps its own workers too. It reads the same environment as
// `npm start` (APP_ID, PRIVATE_KEY, GHE_HOST, …) to act as the app; with
// ETHICS_POLICY_METRICS_PORT it also serves /health and /metrics there (HOST as for `npm start`).
// I/O: Redis, GitHub, and that port.
import { createProbot, type Probot } from "probot";
import { startWorkers } from "./app.js";
import { guardProcess } from "./coordination/process-guards.js";
import { createMetrics } from "./observability/index.js";
import { instrument } from "./observability/instrument.js";
import { serveObservability, type StandaloneServer } from "./observability/standalone-server.js";
import { createQueue } from "./queue/create.js";
import type { WorkQueue } from "./queue/types.js";

/** Probot options that replace the environment's; the benchmark passes its loopback Octokit. */
export type WorkerOverrides = NonNullable<Parameters<typeof createProbot>[0]>["overrides"];

/** ETHICS_POLICY_METRICS_PORT: null when unset, a port number, or an error for anything else. */
export function metricsPortFrom(env: NodeJS.ProcessEnv): number | null | Error {
  const raw = env.ETHICS_POLICY_METRICS_PORT?.trim();
  if (!raw) return null;
  const port = Number(raw);
  if (!/^\d+$/.test(raw) || port > 65535)
    return new Error("ETHICS_POLICY_METRICS_PORT must be a port number (0–65535)");
  return port;
}

export async function runWorkerProcess(overrides: WorkerOverrides = {}): Promise<void> {
  let queue: WorkQueue | null = null;
  let server: StandaloneServer | null = null;
  const metrics = createMetrics({ processMetrics: true });
  // Probot sets up its logger and authentication when an app is loaded; no webhook is subscribed.
  const probot: Probot = createProbot({ overrides });
  await probot.load(async (app) => {
    if (!process.env.REDIS_URL?.trim()) {
      app.log.error("npm run worker needs REDIS_URL: workers take their jobs from the app's Redis queue");
      process.exit(2);
    }
    const port = metricsPortFrom(process.env);
    if (port instanceof Error) {
      app.log.error(port.message);
      process.exit(2);
    }
    guardProcess(app.log);
    const jobs = createQueue(process.env);
    queue = jobs;
    metrics.watchQueue(() => jobs.stats());
    startWorkers(app, jobs, instrument(metrics), {});
    if (port !== null) {
      const details = async () => ({ queue: { kind: jobs.kind, ...(await jobs.stats()) } });
      server = await serveObservability(metrics, details, port, process.env.HOST?.trim() || undefined);
      app.log.info({ port: server.port }, "serving /health and /metrics");
    }
    app.log.info({ pid: process.pid }, "worker started: running jobs from the queue");
  });

  let stopping = false;
  for (const signal of ["SIGTERM", "SIGINT"] as const) {
    process.on(signal, () => {
      if (stopping) return;
      stopping = true;
      // Running jobs finish first; waiting ones stay in Redis for the other workers.
      void Promise.all([queue?.close(), server?.close()]).finally(() => process.exit(0));
    });
  }
}
