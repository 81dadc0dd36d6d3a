// Seeing a delivery arrive at the per-pull-request lock, so a race test can release a held GitHub
// request exactly when the competing delivery is waiting for (or, without locks, past) the lock:
// the sequence is made, not hoped for with a sleep.
import { Redis } from "ioredis";
import type { Coordinator } from "../../src/coordination/coordinator.js";

/** Counts lock requests and lets a test wait for the n-th. */
class LockRequests {
  count = 0;
  readonly #waiters: { n: number; resolve: () => void }[] = [];

  add(): void {
    this.count += 1;
    for (const w of this.#waiters.filter((w) => w.n <= this.count)) {
      this.#waiters.splice(this.#waiters.indexOf(w), 1);
      w.resolve();
    }
  }

  /** Resolves once `n` locks have been asked for in all. */
  requested(n: number): Promise<void> {
    if (this.count >= n) return Promise.resolve();
    return new Promise((resolve) => this.#waiters.push({ n, resolve }));
  }
}

export interface WatchedCoordinator extends Coordinator {
  readonly locks: LockRequests;
}

/** `inner`, with every `withLock` call counted as it is made (before the lock is granted). */
export function watchLocks(inner: Coordinator): WatchedCoordinator {
  const locks = new LockRequests();
  return {
    locks,
    firstDelivery: (id) => inner.firstDelivery(id),
    forgetDelivery: (id) => inner.forgetDelivery(id),
    withLock: (key, fn) => {
      locks.add();
      return inner.withLock(key, fn);
    },
    close: () => inner.close(),
  };
}

export interface RedisLockWatch {
  readonly locks: LockRequests;
  stop(): Promise<void>;
}

/**
 * For replicas in other processes: Redis's MONITOR shows every command, so each attempt to take a
 * lock under `prefix` (SET … NX) is counted, whoever makes it. A waiting replica retries, so the
 * count goes on rising while a lock is held.
 */
export async function watchRedisLocks(url: string, prefix: string): Promise<RedisLockWatch> {
  const locks = new LockRequests();
  const client = new Redis(url);
  const monitor = await client.monitor();
  monitor.on("monitor", (_time: string, args: string[]) => {
    const [command = "", key = ""] = args;
    if (command.toLowerCase() === "set" && key.startsWith(`${prefix}lock:`) && args.some((a) => /^nx$/i.test(a)))
      locks.add();
  });
  return {
    locks,
    stop: async () => {
      monitor.disconnect();
      await client.quit();
    },
  };
}
