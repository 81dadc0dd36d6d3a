// A process that runs jobs and serves no webhooks (`npm run worker`, entry src/worker.ts): it
// shares REDIS_URL (and REDIS_KEY_PREFIX) with the app, which then runs with
// ETHICS_POLICY_WORKERS=0 or keeps its own workers too. It reads the same environment as
// `npm start` (APP_ID, PRIVATE_KEY, GHE_HOST, …) to act as the app. I/O: Redis and GitHub.
import { createProbot, type Probot } from "probot";
import { startWorkers } from "./app.js";
import { guardProcess } from "./coordination/process-guards.js";
import { createMetrics } from "./observability/index.js";
import { instrument } from "./observability/instrument.js";
import { createQueue } from "./queue/create.js";
import type { WorkQueue } from "./queue/types.js";

/** Probot options that replace the environment's; the benchmark passes its loopback Octokit. */
export type WorkerOverrides = NonNullable<Parameters<typeof createProbot>[0]>["overrides"];

export async function runWorkerProcess(overrides: WorkerOverrides = {}): Promise<void> {
  let queue: WorkQueue | null = null;
  // Probot sets up its logger and authentication when an app is loaded; no webhook is subscribed.
  const probot: Probot = createProbot({ overrides });
  await probot.load((app) => {
    if (!process.env.REDIS_URL?.trim()) {
      app.log.error("npm run worker needs REDIS_URL: workers take their jobs from the app's Redis queue");
      process.exit(2);
    }
    guardProcess(app.log);
    queue = createQueue(process.env);
    startWorkers(app, queue, instrument(createMetrics()), {});
    app.log.info({ pid: process.pid }, "worker started: running jobs from the queue");
  });

  let stopping = false;
  for (const signal of ["SIGTERM", "SIGINT"] as const) {
    process.on(signal, () => {
      if (stopping) return;
      stopping = true;
      // Running jobs finish first; waiting ones stay in Redis for the other workers.
      void (queue?.close() ?? Promise.resolve()).finally(() => process.exit(0));
    });
  }
}
