// Durable work with Redis (BullMQ), end to end through the real server and the GitHub stand-in:
// a worker process killed mid-job, Redis restarted during a policy push's fan-out, a GitHub 502,
// a slow GitHub, Redis unreachable, a job that fails every try, and a rate-limited installation.
// Races are sequenced by holding a request in the stand-in (standin.hold), never by sleeping.
import { afterAll, afterEach, beforeAll, beforeEach, expect, it } from "@jest/globals";
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Redis } from "ioredis";
import { MUTATION_NAME } from "../../src/reconcile/mutation.js";
import { claimedState as decodeState } from "../helpers/state.js";
import { RedisQueue } from "../../src/queue/redis.js";
import { startGitHubStandin, type FaultMatch, type GitHubStandin } from "../../src/standin/github-standin.js";
import { freePort } from "../../src/standin/loopback.js";
import { buildEntry, startWorkerProcess, type WorkerProcess } from "../helpers/app-process.js";
import { deliver, eventually, INSTALLATION_ID, startApp } from "../helpers/e2e.js";
import { auditJobs } from "../helpers/queue.js";
import { describeWithRedis, forgetKeys, uniquePrefix } from "../helpers/redis.js";
import {
  appChecks,
  appComments,
  audit,
  CLEAN,
  commentPayload,
  MAINTAINER,
  OWNER,
  recordFaults,
  REPO,
  seedPull,
  pushPayload,
} from "../helpers/reliability.js";

const READ: FaultMatch = { operationName: "EthicsPolicyPullRequest" };
const PERMISSION: FaultMatch = { method: "GET", path: /\/collaborators\/[^/]+\/permission$/ };
const SLOW = 90_000;
/** A guard against a hang, not a speed limit. */
const WATCHDOG_MS = 60_000;

const SECONDARY_LIMIT = {
  status: 403,
  headers: { "retry-after": "1" },
  body: {
    message: "You have exceeded a secondary rate limit. Please wait a few minutes before you try again.",
    documentation_url: "https://docs.github.com/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits",
  },
};

const reads = (standin: GitHubStandin, number?: number) =>
  standin.requests.filter(
    (r) =>
      r.operationName === READ.operationName &&
      (number === undefined || (r.body as { number?: number }).number === number),
  );

describeWithRedis("durable jobs with Redis (BullMQ)", (url) => {
  let standin: GitHubStandin;
  let build: Awaited<ReturnType<typeof buildEntry>>;
  const cleanups: (() => Promise<void>)[] = [];
  beforeAll(async () => {
    standin = await startGitHubStandin({ appId: 123 });
    // The entries `npm start` and `npm run worker` run, compiled for the worker processes.
    build = await buildEntry();
  }, SLOW);
  afterAll(async () => {
    build?.remove();
    await standin?.close();
  });
  beforeEach(() => standin.reset());
  afterEach(async () => {
    recordFaults(standin);
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  }, SLOW);

  /** The app with a BullMQ queue of its own prefix, its workers in-process unless `workers: false`. */
  async function appWithRedis(options: { workers?: boolean; redisUrl?: string; attempts?: number } = {}) {
    const prefix = uniquePrefix("queue").replace(/:+$/, "");
    const redisUrl = options.redisUrl ?? url;
    const queue = new RedisQueue({
      url: redisUrl,
      prefix,
      attempts: options.attempts ?? 4,
      lockDurationMs: 2000,
      stalledIntervalMs: 500,
    });
    const app = await startApp(standin, { queue, ...(options.workers === false ? { workers: false } : {}) });
    cleanups.push(async () => {
      await app.stop();
      if (redisUrl === url) await forgetKeys(url, prefix);
    });
    return { app, prefix };
  }

  it(
    "a worker process killed (SIGKILL) mid-job: another worker process takes the job over and completes it",
    async () => {
      // The app only takes deliveries; two `npm run worker` processes run the jobs.
      const { app, prefix } = await appWithRedis({ workers: false });
      const env = {
        REDIS_URL: url,
        REDIS_KEY_PREFIX: prefix,
        ETHICS_POLICY_JOB_LOCK_MS: "2000",
        ETHICS_POLICY_STALLED_CHECK_MS: "500",
      };
      const worker = (): Promise<WorkerProcess> =>
        startWorkerProcess(build.entry, { standinUrl: standin.url, appId: standin.appId, env }).then((w) => {
          cleanups.push(() => w.stop());
          return w;
        });
      const pull = seedPull(standin, { number: 1 });
      const held = standin.hold(READ);
      const first = await worker();

      const answer = await deliver(app, { event: "pull_request", payload: pull.payload(), settle: false });
      expect(answer.status).toBe(200);
      await held.reached; // the first worker is mid-job: its read is in the stand-in's hands
      first.child.kill("SIGKILL");
      await first.exited;
      const second = await worker();
      held.release();

      await app.idle();
      expect(second.logs.some((l) => typeof l.flagged === "boolean" && l.pull === 1)).toBe(true);
      expect(reads(standin, 1).length).toBeGreaterThanOrEqual(2);
      expect(standin.pullRequest(OWNER, REPO, 1).labels).toEqual(["ethics-review"]);
      expect(auditJobs(standin, [pull])).toEqual({ lost: 0, duplicateWrites: 0 });
    },
    SLOW,
  );

  it(
    "a worker process serves /health and /metrics on ETHICS_POLICY_METRICS_PORT: the shared queue and its own decisions",
    async () => {
      const { app, prefix } = await appWithRedis({ workers: false });
      const port = await freePort();
      const worker = await startWorkerProcess(build.entry, {
        standinUrl: standin.url,
        appId: standin.appId,
        env: { REDIS_URL: url, REDIS_KEY_PREFIX: prefix, ETHICS_POLICY_METRICS_PORT: String(port), HOST: "127.0.0.1" },
      });
      cleanups.push(() => worker.stop());
      const metrics = async () => (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
      const pull = seedPull(standin, { number: 1 });
      const held = standin.hold(READ);

      await deliver(app, { event: "pull_request", payload: pull.payload(), settle: false });
      await held.reached; // the worker is running the job
      expect(await metrics()).toMatch(/^ethics_policy_queue_active_jobs 1$/m);
      const health = (await (await fetch(`http://127.0.0.1:${port}/health`)).json()) as Record<string, unknown>;
      expect(health).toMatchObject({ status: "ok", queue: { kind: "redis", active: 1 } });
      held.release();
      await app.idle();

      const after = await metrics();
      expect(after).toMatch(/^ethics_policy_decisions_total\{outcome="flagged"\} 1$/m);
      expect(after).toMatch(/^ethics_policy_queue_active_jobs 0$/m);
      expect(after).toMatch(/^ethics_policy_process_cpu_seconds_total /m);
      expect(standin.pullRequest(OWNER, REPO, 1).labels).toEqual(["ethics-review"]);
    },
    SLOW,
  );

  it(
    "Redis restarted during a policy push's fan-out: every open pull request is still reviewed",
    async () => {
      // A Redis of this test's own, persisting every write (appendonly), as durable jobs need.
      const dir = mkdtempSync(join(tmpdir(), "ethics-policy-redis-"));
      const port = await freePort();
      const start = () =>
        spawn(
          "redis-server",
          [
            "--port",
            String(port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "yes",
            "--appendfsync",
            "always",
            "--dir",
            dir,
          ],
          {
            stdio: "ignore",
          },
        );
      let server: ChildProcess = start();
      cleanups.push(async () => {
        server.kill("SIGKILL");
        rmSync(dir, { recursive: true, force: true });
      });
      const ownUrl = `redis://127.0.0.1:${port}`;
      await untilPing(ownUrl);
      const { app } = await appWithRedis({ redisUrl: ownUrl });
      const pulls = Array.from({ length: 24 }, (_, i) => seedPull(standin, { number: 200 + i }));

      const held = standin.hold(READ);
      expect((await deliver(app, { event: "push", payload: pushPayload(), settle: false })).status).toBe(200);
      await held.reached; // the fan-out has queued reviews and one is under way

      const stopped = new Promise<void>((done) => server.once("exit", () => done()));
      const admin = new Redis(ownUrl);
      await admin.call("shutdown").catch(() => undefined); // SHUTDOWN flushes the append-only file
      admin.disconnect();
      await stopped;
      server = start();
      await untilPing(ownUrl);
      held.release();

      await app.idle();
      expect(auditJobs(standin, pulls)).toEqual({ lost: 0, duplicateWrites: 0 });
      for (const p of pulls) expect(standin.pullRequest(OWNER, REPO, p.number).labels).toEqual(["ethics-review"]);
    },
    SLOW,
  );

  it(
    "a GitHub 502 during a review: the job is retried and completes without a new event",
    async () => {
      const { app } = await appWithRedis();
      const pull = seedPull(standin, { number: 3 });
      standin.failNext(READ, { status: 502, body: { message: "Server Error" } });

      await deliver(app, { event: "pull_request", payload: pull.payload() });

      expect(reads(standin, 3)).toHaveLength(2);
      expect(app.logs.some((l) => l.msg === "job failed: will retry" && l.decision_id)).toBe(true);
      expect(standin.pullRequest(OWNER, REPO, 3).labels).toEqual(["ethics-review"]);
      expect(auditJobs(standin, [pull])).toEqual({ lost: 0, duplicateWrites: 0 });
    },
    SLOW,
  );

  it(
    "a slow GitHub: the approval's delivery is answered at once, and the approval then completes with its reply",
    async () => {
      const { app } = await appWithRedis();
      const pull = seedPull(standin, { number: 4 });
      await deliver(app, { event: "pull_request", payload: pull.payload() });
      const held = standin.hold(PERMISSION);

      // Were the work inside the request, this answer could not come before the release below.
      const answer = await deliver(app, {
        event: "issue_comment",
        payload: commentPayload(standin, pull, "/ethics-policy approve known contributor", MAINTAINER),
        settle: false,
      });
      expect(answer.status).toBe(200);
      await held.reached;
      expect(appChecks(standin, pull.headSha)).toEqual([expect.objectContaining({ conclusion: "neutral" })]);
      held.release();

      await app.idle();
      const replies = standin
        .pullRequest(OWNER, REPO, 4)
        .comments.filter((c) => c.viaApp && /^(<!--[^\n]*-->\n)?Recorded/.test(c.body));
      expect(replies).toHaveLength(1);
      expect(decodeState(appComments(standin, 4)[0]?.body)?.approvals.map((a) => a.by)).toEqual([MAINTAINER]);
      expect(audit(standin, pull, { approvedBy: [MAINTAINER] })).toEqual(CLEAN);
    },
    SLOW,
  );

  it(
    "Redis unreachable: no review runs, the maintainer is told the approval was not recorded, and the delivery fails",
    async () => {
      const nowhere = `redis://127.0.0.1:${await freePort()}`;
      // Intake only: what is tested is the delivery's answer when its job cannot be stored.
      const { app } = await appWithRedis({ redisUrl: nowhere, workers: false });
      const pull = seedPull(standin, { number: 5 });

      const answer = await deliver(app, {
        event: "issue_comment",
        payload: commentPayload(standin, pull, "/ethics-policy approve known contributor", MAINTAINER),
        settle: false,
      });

      expect(answer.status).toBeGreaterThanOrEqual(500);
      expect(reads(standin)).toEqual([]);
      const replies = standin.pullRequest(OWNER, REPO, 5).comments.filter((c) => c.viaApp);
      expect(replies.map((c) => c.body)).toEqual([expect.stringContaining("was **not recorded**")]);
    },
    SLOW,
  );

  it(
    "a job that fails every try goes to the dead-letter list: in /metrics, /health and the log with its decision id",
    async () => {
      const { app } = await appWithRedis({ attempts: 2 });
      const pull = seedPull(standin, { number: 6 });
      standin.failNext(READ, { status: 502, body: { message: "Server Error" } }, 2);

      await deliver(app, { event: "pull_request", payload: pull.payload(), id: "dead-letter-6" });

      // BullMQ reports the failure in an event after the job has left the queue: wait for the line.
      const dead = await eventually(() => {
        const line = app.logs.find((l) => l.msg === "job failed every try: moved to the dead-letter list");
        expect(line).toBeDefined();
        return line;
      }, 20_000);
      expect(dead).toMatchObject({ decision_id: "dead-letter-6", job: "review", attempt: 2 });
      const metrics = await (await fetch(`${app.url}/metrics`)).text();
      expect(metrics).toMatch(/^ethics_policy_dead_letter_jobs 1$/m);
      expect(metrics).toMatch(/^ethics_policy_job_retries 1$/m);
      const health = (await (await fetch(`${app.url}/health`)).json()) as { queue: Record<string, unknown> };
      expect(health.queue).toMatchObject({ kind: "redis", deadLetters: 1, waiting: 0 });

      // GitHub's redelivery of the same delivery runs the job again, and it completes.
      await deliver(app, { event: "pull_request", payload: pull.payload(), id: "dead-letter-6" });
      expect(standin.pullRequest(OWNER, REPO, 6).labels).toEqual(["ethics-review"]);
      expect(auditJobs(standin, [pull])).toEqual({ lost: 0, duplicateWrites: 0 });
    },
    SLOW,
  );

  it(
    "a secondary rate limit on the GraphQL write pauses that installation as GitHub asks; another installation carries on",
    async () => {
      const { app } = await appWithRedis();
      const limited = seedPull(standin, { number: 7 });
      const other = seedPull(standin, { number: 8 });
      // Longer than the test may take: if the pause held up every installation, the other review
      // could not finish before it, however fast or slow the machine is.
      standin.failNext({ operationName: MUTATION_NAME }, { ...SECONDARY_LIMIT, headers: { "retry-after": "600" } });

      await deliver(app, { event: "pull_request", payload: limited.payload(), settle: false });
      await eventually(() => {
        if (!app.logs.some((l) => l.msg === "job failed: will retry" && l.attempt === 1))
          throw new Error("no retry yet");
      }, WATCHDOG_MS);
      await deliver(app, {
        event: "pull_request",
        payload: {
          ...other.payload(),
          installation: { id: INSTALLATION_ID + 1, node_id: "MDIzOkludGVncmF0aW9uSW5zdGFsbGF0aW9uNDI0Mw==" },
        },
        settle: false,
      });
      const done = (number: number) => app.logs.some((l) => l.pull === number && typeof l.flagged === "boolean");
      await eventually(() => {
        if (!done(8)) throw new Error("the other installation's review has not finished");
      }, WATCHDOG_MS);

      // The limited installation is still waiting out GitHub's retry-after; its job is kept, not lost.
      expect(done(7)).toBe(false);
      const writes = standin.requests.filter((r) => r.operationName === MUTATION_NAME);
      expect(writes.map((r) => r.status)).toEqual([403, 200]);
      expect(auditJobs(standin, [other])).toEqual({ lost: 0, duplicateWrites: 0 });
      const health = (await (await fetch(`${app.url}/health`)).json()) as { queue: { waiting: number } };
      expect(health.queue.waiting).toBe(1);
    },
    SLOW,
  );
});

/** Waits for a Redis server to answer PING. */
async function untilPing(redisUrl: string): Promise<void> {
  for (;;) {
    const client = new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
    client.on("error", () => undefined);
    try {
      await client.connect();
      if ((await client.ping()) === "PONG") return;
    } catch {
      // not up yet
    } finally {
      client.disconnect();
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
