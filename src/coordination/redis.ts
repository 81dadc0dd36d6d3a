// Several replicas: delivery ids and per-PR locks in Redis, shared by every process that uses the
// same REDIS_URL and prefix.
//
// - A delivery is claimed with SET NX EX: only the first replica to claim it handles it.
// - A lock is SET NX PX with a random token, renewed while held and released only by its holder
//   (a Lua compare-and-delete), so a lock that expired and was taken by another replica is never
//   released by the first. Waiting for a lock is bounded; on timeout the event fails, GitHub marks
//   the delivery failed, and a redelivery completes the work.
// - Work for one key is also serialized within the process first, so replicas contend only with
//   each other, not with themselves.
//
// If Redis cannot be reached, the app keeps working rather than dropping events: deliveries are
// treated as new (a duplicate review writes nothing: reconcile) and locks fall back to this
// process only. Both are logged.
import { randomUUID } from "node:crypto";
import { Redis, type RedisOptions } from "ioredis";
import { DELIVERY_TTL_MS, type Coordinator, type CoordinatorLogger } from "./coordinator.js";
import { KeyedQueue } from "./keyed-queue.js";

export interface RedisCoordinatorOptions {
  /** e.g. "redis://127.0.0.1:6379" */
  url?: string;
  /** A client to use instead of connecting to `url` (closed by `close()` all the same). */
  client?: Redis;
  /** Key prefix; replicas of one app must share it. Default "ethics-policy:". */
  prefix?: string;
  log?: CoordinatorLogger;
  deliveryTtlMs?: number;
  /** A lock's lifetime without renewal; it is renewed every third of this while held. Default 15 s. */
  lockTtlMs?: number;
  /** Longest wait for a lock before the event fails. Default 60 s. */
  lockWaitMs?: number;
}

/** Deletes the key only if it still holds our token. */
const RELEASE = `if redis.call("get", KEYS[1]) == ARGV[1] then return redis.call("del", KEYS[1]) else return 0 end`;
/** Extends the key's life only if it still holds our token. */
const RENEW = `if redis.call("get", KEYS[1]) == ARGV[1] then return redis.call("pexpire", KEYS[1], ARGV[2]) else return 0 end`;

export class LockTimeoutError extends Error {
  constructor(
    readonly key: string,
    waitedMs: number,
  ) {
    super(`waited ${waitedMs} ms for the lock on ${key}; another replica holds it`);
    this.name = "LockTimeoutError";
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export class RedisCoordinator implements Coordinator {
  readonly #client: Redis;
  readonly #prefix: string;
  readonly #log: CoordinatorLogger | undefined;
  readonly #deliveryTtlS: number;
  readonly #lockTtlMs: number;
  readonly #lockWaitMs: number;
  readonly #local = new KeyedQueue();
  #healthy = true;
  readonly #connected: Promise<void>;

  constructor(options: RedisCoordinatorOptions) {
    // Fail fast while disconnected (no offline queue): an event then coordinates within this process
    // rather than waiting for Redis to come back.
    const connection: RedisOptions = {
      maxRetriesPerRequest: 1,
      commandTimeout: 2000,
      connectTimeout: 2000,
      enableOfflineQueue: false,
    };
    this.#client = options.client ?? new Redis(options.url ?? "redis://127.0.0.1:6379", connection);
    this.#prefix = options.prefix ?? "ethics-policy:";
    this.#log = options.log;
    this.#deliveryTtlS = Math.max(1, Math.ceil((options.deliveryTtlMs ?? DELIVERY_TTL_MS) / 1000));
    this.#lockTtlMs = options.lockTtlMs ?? 15_000;
    this.#lockWaitMs = options.lockWaitMs ?? 60_000;
    // An EventEmitter "error" without a listener would crash the process.
    this.#client.on("error", (error: Error) => this.#unhealthy(error));
    this.#client.on("ready", () => {
      this.#healthy = true;
    });
    // Commands fail fast while disconnected, so the first ones wait (bounded) for the first connection.
    this.#connected = new Promise<void>((resolve) => {
      if (this.#client.status === "ready") return resolve();
      const timer = setTimeout(resolve, connection.connectTimeout);
      timer.unref();
      const done = () => {
        clearTimeout(timer);
        resolve();
      };
      this.#client.once("ready", done);
      this.#client.once("error", done);
      this.#client.once("end", done);
    });
  }

  /** The client, once it has connected or failed to (bounded by the connect timeout). */
  async #redis(): Promise<Redis> {
    await this.#connected;
    return this.#client;
  }

  #unhealthy(error: unknown): void {
    if (!this.#healthy) return;
    this.#healthy = false;
    this.#log?.warn(
      { err: { message: error instanceof Error ? error.message : String(error) } },
      "redis unavailable: coordinating within this process only",
    );
  }

  async firstDelivery(id: string): Promise<boolean> {
    try {
      const claimed = await (
        await this.#redis()
      ).set(`${this.#prefix}delivery:${id}`, "1", "EX", this.#deliveryTtlS, "NX");
      return claimed === "OK";
    } catch (error) {
      this.#unhealthy(error);
      return true;
    }
  }

  async forgetDelivery(id: string): Promise<void> {
    try {
      await (await this.#redis()).del(`${this.#prefix}delivery:${id}`);
    } catch (error) {
      this.#unhealthy(error);
    }
  }

  withLock<T>(key: string, fn: () => Promise<T>): Promise<T> {
    return this.#local.run(key, () => this.#withRedisLock(key, fn));
  }

  async #withRedisLock<T>(key: string, fn: () => Promise<T>): Promise<T> {
    const lockKey = `${this.#prefix}lock:${key}`;
    const token = await this.#acquire(lockKey, key);
    if (token === null) return fn();
    const held = { now: true };
    const renewal = setInterval(
      () => void this.#renew(lockKey, token, key, held),
      Math.max(10, Math.floor(this.#lockTtlMs / 3)),
    );
    try {
      return await fn();
    } finally {
      held.now = false;
      clearInterval(renewal);
      await this.#release(lockKey, token);
    }
  }

  /** Our token once the lock is ours; null when Redis cannot be reached (run unlocked across replicas). */
  async #acquire(lockKey: string, key: string): Promise<string | null> {
    const token = randomUUID();
    const started = Date.now();
    let pause = 20;
    for (;;) {
      try {
        if ((await (await this.#redis()).set(lockKey, token, "PX", this.#lockTtlMs, "NX")) === "OK") return token;
      } catch (error) {
        this.#unhealthy(error);
        return null;
      }
      const waited = Date.now() - started;
      if (waited >= this.#lockWaitMs) throw new LockTimeoutError(key, waited);
      await sleep(Math.min(pause + Math.random() * pause, this.#lockWaitMs - waited));
      pause = Math.min(pause * 2, 250);
    }
  }

  async #renew(lockKey: string, token: string, key: string, held: { now: boolean }): Promise<void> {
    try {
      const renewed = await this.#client.eval(RENEW, 1, lockKey, token, String(this.#lockTtlMs));
      if (renewed !== 1 && held.now)
        this.#log?.warn(
          { lock: key },
          "lost a lock while holding it; another replica may be reviewing the same pull request",
        );
    } catch (error) {
      this.#unhealthy(error);
    }
  }

  async #release(lockKey: string, token: string): Promise<void> {
    try {
      await this.#client.eval(RELEASE, 1, lockKey, token);
    } catch (error) {
      this.#unhealthy(error);
    }
  }

  async close(): Promise<void> {
    await this.#local.idle();
    if (this.#client.status !== "ready") {
      this.#client.disconnect();
      return;
    }
    try {
      await this.#client.quit();
    } catch {
      this.#client.disconnect();
    }
  }
}
