// The embedded queue, used when no REDIS_URL is set: the same semantics as the Redis one —
// coalesced reviews, commands once per delivery, one job per pull request at a time, retries with
// backoff, installation pauses, a dead-letter list — except durability: jobs live in this
// process's memory and a restart loses those not yet done.
import { LRUCache } from "lru-cache";
import { runGated, type Gates } from "./gate.js";
import { DEFAULT_ATTEMPTS, isPermanent, retryDelay } from "./retry.js";
import {
  jobKey,
  pullOf,
  type AddResult,
  type DeadLetter,
  type JobData,
  type JobRunner,
  type QueueLogger,
  type QueueStats,
  type WorkQueue,
} from "./types.js";

export type { QueueLogger };

export interface MemoryQueueOptions {
  /** Jobs run at once in this process. Default 4. */
  concurrency?: number;
  attempts?: number;
  /** Delay before retry `attempt` after `error` (default: retry.ts). */
  retryDelay?: (attempt: number, error: unknown) => number;
  now?: () => number;
}

interface Pending {
  id: string;
  job: JobData;
  coalesce: string | null;
  readyAt: number;
  queuedAt: number;
  attempts: number;
}

/** A delivery's command is remembered this long (GitHub redelivers within days at most). */
const REMEMBERED_JOB_IDS = 10_000;
const JOB_ID_TTL_MS = 24 * 60 * 60 * 1000;

export class MemoryGates implements Gates {
  readonly #locks = new Map<string, string>();
  readonly #paused = new Map<number, number>();

  async tryLock(key: string, owner: string): Promise<boolean> {
    const holder = this.#locks.get(key);
    if (holder !== undefined && holder !== owner) return false;
    this.#locks.set(key, owner);
    return true;
  }
  async unlock(key: string, owner: string): Promise<void> {
    if (this.#locks.get(key) === owner) this.#locks.delete(key);
  }
  async pausedUntil(installationId: number): Promise<number> {
    return this.#paused.get(installationId) ?? 0;
  }
  async pause(installationId: number, until: number): Promise<void> {
    this.#paused.set(installationId, Math.max(until, this.#paused.get(installationId) ?? 0));
  }
}

export class MemoryQueue implements WorkQueue {
  readonly kind = "memory";
  readonly #pending: Pending[] = [];
  readonly #seen = new LRUCache<string, true>({ max: REMEMBERED_JOB_IDS, ttl: JOB_ID_TTL_MS });
  readonly #gates = new MemoryGates();
  readonly #deadLetters: DeadLetter[] = [];
  readonly #idle: (() => void)[] = [];
  readonly #options: Required<MemoryQueueOptions>;
  #log: QueueLogger | undefined;
  #active = 0;
  /** Pull requests a job of this queue is running on: their other jobs wait rather than bounce off the lock. */
  readonly #busy = new Set<string>();
  #retries = 0;
  #run: JobRunner | null = null;
  #timer: NodeJS.Timeout | null = null;
  #closed = false;

  constructor(options: MemoryQueueOptions = {}) {
    this.#options = {
      concurrency: options.concurrency ?? 4,
      attempts: options.attempts ?? DEFAULT_ATTEMPTS,
      retryDelay: options.retryDelay ?? ((attempt, error) => retryDelay(attempt, error, Date.now())),
      now: options.now ?? Date.now,
    };
  }

  async add(job: JobData): Promise<AddResult> {
    const key = jobKey(job);
    const now = this.#options.now();
    if (this.#seen.has(key.jobId)) return "duplicate";
    this.#seen.set(key.jobId, true);
    // A review not started yet covers this event too: it reads GitHub's state when it runs.
    const waiting = key.coalesce === null ? undefined : this.#pending.find((p) => p.coalesce === key.coalesce);
    if (waiting) {
      waiting.job = job;
      return "coalesced";
    }
    this.#pending.push({ id: key.jobId, job, coalesce: key.coalesce, readyAt: now, queuedAt: now, attempts: 0 });
    this.#pump();
    return "queued";
  }

  work(run: JobRunner, log?: QueueLogger): void {
    this.#run = run;
    this.#log = log;
    this.#pump();
  }

  async stats(): Promise<QueueStats> {
    const now = this.#options.now();
    const ready = this.#pending.filter((p) => p.readyAt <= now);
    const oldest = Math.min(...ready.map((p) => p.queuedAt));
    return {
      waiting: this.#pending.length,
      active: this.#active,
      oldestWaitingSeconds: ready.length ? Math.max(0, (now - oldest) / 1000) : 0,
      retries: this.#retries,
      deadLetters: this.#deadLetters.length,
    };
  }

  /** The jobs that failed every try, oldest first. */
  deadLetters(): readonly DeadLetter[] {
    return this.#deadLetters;
  }

  idle(): Promise<void> {
    if (this.#isIdle()) return Promise.resolve();
    return new Promise((resolve) => this.#idle.push(resolve));
  }

  async close(): Promise<void> {
    this.#closed = true;
    if (this.#timer) clearTimeout(this.#timer);
    // Running jobs finish; waiting ones are dropped (this queue is not durable).
    while (this.#active > 0) await new Promise((resolve) => setTimeout(resolve, 10));
  }

  #isIdle(): boolean {
    return this.#pending.length === 0 && this.#active === 0;
  }

  #pump(): void {
    if (!this.#run || this.#closed) return;
    if (this.#timer) {
      clearTimeout(this.#timer);
      this.#timer = null;
    }
    const now = this.#options.now();
    while (this.#active < this.#options.concurrency) {
      const next = this.#pending.find((p) => p.readyAt <= now && !this.#busy.has(pullOf(p.job) ?? ""));
      if (!next) break;
      this.#pending.splice(this.#pending.indexOf(next), 1);
      const pull = pullOf(next.job);
      if (pull) this.#busy.add(pull);
      this.#active++;
      void this.#execute(next, this.#run).finally(() => {
        if (pull) this.#busy.delete(pull);
        this.#active--;
        this.#pump();
      });
    }
    const later = this.#pending.filter((p) => p.readyAt > now);
    if (later.length > 0 && this.#active < this.#options.concurrency) {
      const soonest = Math.min(...later.map((p) => p.readyAt));
      this.#timer = setTimeout(() => this.#pump(), Math.max(1, soonest - now));
      // A delayed retry does not keep the process alive on its own (tests, a stopping app).
      this.#timer.unref();
    }
    if (this.#isIdle()) for (const resolve of this.#idle.splice(0)) resolve();
  }

  async #execute(entry: Pending, run: JobRunner): Promise<void> {
    const attempt = entry.attempts + 1;
    try {
      const gated = await runGated(entry.job, entry.id, attempt, this.#gates, run, this.#options.now);
      if (gated) this.#requeue(entry, gated.delayUntil);
    } catch (error) {
      entry.attempts = attempt;
      const log = { decision_id: entry.job.deliveryId, job: entry.job.kind, attempt, err: describeError(error) };
      if (isPermanent(error) || attempt >= this.#options.attempts) {
        // A redelivery of its delivery runs it again, as BullMQ's retry of a failed job does.
        this.#seen.delete(entry.id);
        this.#deadLetters.push({ job: entry.job, error: describeError(error).message, attempts: attempt });
        this.#log?.error(log, "job failed every try: moved to the dead-letter list");
        return;
      }
      this.#retries++;
      const delay = this.#options.retryDelay(attempt, error);
      this.#log?.warn({ ...log, retry_in_ms: delay }, "job failed: will retry");
      this.#requeue(entry, this.#options.now() + delay);
    }
  }

  #requeue(entry: Pending, readyAt: number): void {
    // A review queued meanwhile for the same pull request is the same work: keep one.
    if (entry.coalesce && this.#pending.some((p) => p.coalesce === entry.coalesce)) return;
    this.#pending.push({ ...entry, readyAt });
  }
}

/** Runs each job inside `add`, once, failing the add when it fails: for serverless entries (Lambda). */
export class InlineQueue implements WorkQueue {
  readonly kind = "inline";
  readonly #gates = new MemoryGates();
  #run: JobRunner | null = null;
  #ids = 0;

  async add(job: JobData): Promise<AddResult> {
    if (!this.#run) throw new Error("the inline queue has no worker");
    const owner = `inline:${++this.#ids}`;
    for (;;) {
      const gated = await runGated(job, owner, 1, this.#gates, this.#run);
      if (!gated) return "queued";
      // Another delivery for the pull request runs in this process: wait for it, as a lock would.
      if (gated.reason === "rate_limited") throw new Error("the installation is rate-limited; redeliver later");
      await new Promise((resolve) => setTimeout(resolve, Math.max(1, gated.delayUntil - Date.now())));
    }
  }
  work(run: JobRunner): void {
    this.#run = run;
  }
  async stats(): Promise<QueueStats> {
    return { waiting: 0, active: 0, oldestWaitingSeconds: 0, retries: 0, deadLetters: 0 };
  }
  async idle(): Promise<void> {}
  async close(): Promise<void> {}
}

/** Name, status and message only: an Octokit error carries the request (comment bodies) and response. */
export function describeError(error: unknown): { type: string; status?: number; message: string } {
  const status = (error as { status?: unknown } | null)?.status;
  return {
    type: error instanceof Error ? error.name : typeof error,
    ...(typeof status === "number" ? { status } : {}),
    message: (error instanceof Error ? error.message : String(error)).slice(0, 300),
  };
}
