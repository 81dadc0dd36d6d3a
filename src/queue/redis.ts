// The durable queue, used when REDIS_URL is set: BullMQ. Jobs survive restarts of the app and of
// Redis (when Redis persists: appendonly yes); a worker killed mid-job loses its BullMQ lock and
// the job is taken over by another worker (stalled-job recovery). BullMQ provides the delivery
// dedupe (a command's job id is its delivery id, kept a day), the coalescing of reviews
// (deduplication with keepLastIfActive: at most one running and one waiting per pull request),
// retries with a backoff that honours GitHub's rate-limit headers, and the dead-letter list (its
// failed set). What open-source BullMQ lacks — a lock per pull request across job kinds and an
// installation-wide pause — are two Redis keys here (see gate.ts for how jobs use them).
import { DelayedError, Queue, UnrecoverableError, Worker, type Job, type JobsOptions } from "bullmq";
import { Redis, type RedisOptions } from "ioredis";
import { runGated, type Gates } from "./gate.js";
import { describeError } from "./memory.js";
import { DEFAULT_ATTEMPTS, isPermanent, retryDelay } from "./retry.js";
import {
  jobKey,
  type AddResult,
  type JobData,
  type JobRunner,
  type QueueLogger,
  type QueueStats,
  type WorkQueue,
} from "./types.js";

export const QUEUE_NAME = "ethics-policy";

export interface RedisQueueOptions {
  url: string;
  /** Key prefix; every replica and worker of one app must share it. Default "ethics-policy". */
  prefix?: string;
  /** Jobs one worker process runs at once. Default 4. */
  concurrency?: number;
  attempts?: number;
  /** How long a worker's claim on a job lasts without renewal: a killed worker's job is taken over after it. Default 30 s. */
  lockDurationMs?: number;
  /** How often workers look for stalled jobs. Default 15 s. */
  stalledIntervalMs?: number;
}

/** Takes a pull request for a job, or renews it for the same job (taken over after a crash). */
const ACQUIRE = `local v = redis.call("get", KEYS[1])
if v == false or v == ARGV[1] then redis.call("set", KEYS[1], ARGV[1], "PX", ARGV[2]) return 1 end
return 0`;
const RELEASE = `if redis.call("get", KEYS[1]) == ARGV[1] then return redis.call("del", KEYS[1]) else return 0 end`;
/** Keeps the later of two pause deadlines. */
const PAUSE = `local v = tonumber(redis.call("get", KEYS[1]) or "0")
if tonumber(ARGV[1]) > v then redis.call("set", KEYS[1], ARGV[1], "PX", ARGV[2]) end
return 1`;

/** Fail fast while Redis is away, so a delivery fails (and is redelivered) instead of hanging. */
const FAST_FAIL: RedisOptions = {
  enableOfflineQueue: false,
  maxRetriesPerRequest: 1,
  connectTimeout: 2000,
  commandTimeout: 5000,
};

class RedisGates implements Gates {
  readonly #renewals = new Map<string, NodeJS.Timeout>();
  constructor(
    private readonly client: Redis,
    private readonly prefix: string,
    private readonly ttlMs: number,
  ) {}

  async tryLock(key: string, owner: string): Promise<boolean> {
    const lockKey = `${this.prefix}:pull:${key}`;
    const taken = (await this.client.eval(ACQUIRE, 1, lockKey, owner, String(this.ttlMs))) === 1;
    if (taken && !this.#renewals.has(`${lockKey}|${owner}`)) {
      const renew = setInterval(
        () => void this.client.eval(ACQUIRE, 1, lockKey, owner, String(this.ttlMs)).catch(() => undefined),
        Math.max(100, Math.floor(this.ttlMs / 3)),
      );
      renew.unref();
      this.#renewals.set(`${lockKey}|${owner}`, renew);
    }
    return taken;
  }

  async unlock(key: string, owner: string): Promise<void> {
    const lockKey = `${this.prefix}:pull:${key}`;
    clearInterval(this.#renewals.get(`${lockKey}|${owner}`));
    this.#renewals.delete(`${lockKey}|${owner}`);
    // Not released (Redis away): it expires on its own within the lock's lifetime.
    await this.client.eval(RELEASE, 1, lockKey, owner).catch(() => undefined);
  }

  async pausedUntil(installationId: number): Promise<number> {
    return Number((await this.client.get(`${this.prefix}:paused:${installationId}`)) ?? 0);
  }

  async pause(installationId: number, until: number): Promise<void> {
    const ttl = Math.max(1, until - Date.now());
    await this.client.eval(PAUSE, 1, `${this.prefix}:paused:${installationId}`, String(until), String(ttl));
  }

  stop(): void {
    for (const timer of this.#renewals.values()) clearInterval(timer);
    this.#renewals.clear();
  }
}

/** Longest wait to store a job: GitHub gives a delivery 10 s, and a failed one can be redelivered. */
const ADD_TIMEOUT_MS = 3000;

function within<T>(ms: number, what: string, work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: Redis did not answer within ${ms} ms`)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

export class RedisQueue implements WorkQueue {
  readonly kind = "redis";
  readonly #queue: Queue<JobData>;
  readonly #client: Redis;
  readonly #gates: RedisGates;
  readonly #options: RedisQueueOptions;
  readonly #attempts: number;
  #worker: Worker<JobData> | null = null;
  #workerConnection: Redis | null = null;
  #retries = 0;

  constructor(options: RedisQueueOptions) {
    this.#options = options;
    this.#attempts = options.attempts ?? DEFAULT_ATTEMPTS;
    const prefix = options.prefix ?? "ethics-policy";
    this.#client = new Redis(options.url, FAST_FAIL);
    // An "error" event without a listener would crash the process; failures surface where used.
    this.#client.on("error", () => undefined);
    this.#queue = new Queue<JobData>(QUEUE_NAME, { connection: this.#client, prefix });
    this.#queue.on("error", () => undefined);
    this.#gates = new RedisGates(this.#client, prefix, options.lockDurationMs ?? 30_000);
  }

  add(job: JobData): Promise<AddResult> {
    return within(ADD_TIMEOUT_MS, "queueing a job", this.#add(job));
  }

  async #add(job: JobData): Promise<AddResult> {
    const key = jobKey(job);
    const common: JobsOptions = {
      attempts: this.#attempts,
      backoff: { type: "github" },
      // Kept a day after completion: the job id is what makes a redelivery a duplicate.
      removeOnComplete: { age: 24 * 60 * 60 },
      removeOnFail: false,
    };
    // A redelivery of a delivery whose job failed every try runs it again; any other is a duplicate.
    const existing = await this.#queue.getJob(key.jobId);
    if (existing) {
      if (!(await existing.isFailed())) return "duplicate";
      await existing.retry("failed");
      return "queued";
    }
    const added = await this.#queue.add(job.kind, job, {
      ...common,
      jobId: key.jobId,
      ...(key.coalesce ? { deduplication: { id: key.coalesce, keepLastIfActive: true } } : {}),
    });
    // Deduplicated: BullMQ answers with the review already waiting (or the one to follow the running one).
    return added.id === key.jobId ? "queued" : "coalesced";
  }

  work(run: JobRunner, log?: QueueLogger): void {
    const connection = new Redis(this.#options.url, { maxRetriesPerRequest: null });
    connection.on("error", () => undefined);
    this.#workerConnection = connection;
    const worker = new Worker<JobData>(
      QUEUE_NAME,
      async (job: Job<JobData>, token?: string) => {
        const attempt = job.attemptsMade + 1;
        try {
          const gated = await runGated(job.data, job.id ?? "", attempt, this.#gates, run);
          if (!gated) return;
          await job.moveToDelayed(gated.delayUntil, token);
        } catch (error) {
          if (isPermanent(error)) throw new UnrecoverableError(describeError(error).message);
          throw error;
        }
        throw new DelayedError();
      },
      {
        connection,
        prefix: this.#options.prefix ?? "ethics-policy",
        concurrency: this.#options.concurrency ?? 4,
        lockDuration: this.#options.lockDurationMs ?? 30_000,
        stalledInterval: this.#options.stalledIntervalMs ?? 15_000,
        maxStalledCount: 3,
        settings: { backoffStrategy: (attemptsMade, _type, err) => retryDelay(attemptsMade, err, Date.now()) },
      },
    );
    worker.on("failed", (job, error) => {
      if (!job) return;
      const record = {
        decision_id: job.data.deliveryId,
        job: job.data.kind,
        attempt: job.attemptsMade,
        err: describeError(error),
      };
      if (error instanceof UnrecoverableError || job.attemptsMade >= (job.opts.attempts ?? 1)) {
        log?.error(record, "job failed every try: moved to the dead-letter list");
      } else {
        this.#retries++;
        log?.warn(record, "job failed: will retry");
      }
    });
    worker.on("stalled", (id) => log?.warn({ job: id }, "a worker stopped mid-job: another takes the job over"));
    worker.on("error", (error) => log?.warn({ err: describeError(error) }, "queue worker error"));
    this.#worker = worker;
  }

  async stats(): Promise<QueueStats> {
    const counts = await this.#queue.getJobCounts("wait", "prioritized", "delayed", "active", "failed");
    const ends = [...(await this.#queue.getJobs(["wait"], 0, 0, true)), ...(await this.#queue.getJobs(["wait"], 0, 0))];
    const oldest = Math.min(...ends.map((j) => j.timestamp));
    return {
      waiting: (counts.wait ?? 0) + (counts.prioritized ?? 0) + (counts.delayed ?? 0),
      active: counts.active ?? 0,
      oldestWaitingSeconds: ends.length ? Math.max(0, (Date.now() - oldest) / 1000) : 0,
      retries: this.#retries,
      deadLetters: counts.failed ?? 0,
    };
  }

  /** The jobs that failed every try, newest first. */
  async deadLetters(): Promise<{ job: JobData; error: string; attempts: number }[]> {
    const failed = await this.#queue.getFailed(0, 99);
    return failed.map((j) => ({ job: j.data, error: j.failedReason, attempts: j.attemptsMade }));
  }

  async idle(): Promise<void> {
    for (;;) {
      // While Redis is away (restarting), the counts are unknown: ask again.
      const c = await this.#queue
        .getJobCounts("wait", "prioritized", "delayed", "active", "waiting-children")
        .catch(() => null);
      if (c && Object.values(c).every((n) => n === 0)) return;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }

  async close(): Promise<void> {
    this.#gates.stop();
    // Running jobs finish first (bounded: with Redis away nothing can finish anyway).
    await within(30_000, "closing the worker", this.#worker?.close() ?? Promise.resolve()).catch(() => undefined);
    await within(5_000, "closing the queue", this.#queue.close()).catch(() => undefined);
    this.#workerConnection?.disconnect();
    this.#client.disconnect();
  }
}
