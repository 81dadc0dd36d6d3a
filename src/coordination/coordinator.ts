// Coordination between deliveries, and between replicas: which deliveries were already handled,
// and one review at a time per pull request. GitHub stays the only store of what the app decided;
// a Coordinator only keeps short-lived bookkeeping (delivery ids, locks) that may be lost at any
// time without losing anything but a little duplicated work, which reconcile makes harmless.

export interface Coordinator {
  /**
   * Claims a delivery (X-GitHub-Delivery id): true the first time, false while a claim stands.
   * A claim lasts a bounded time (a day by default).
   */
  firstDelivery(id: string): Promise<boolean>;
  /** Gives up a claim, so a redelivery of a delivery that failed is handled again. */
  forgetDelivery(id: string): Promise<void>;
  /** Runs `fn` while no other holder of `key` runs, here or (with Redis) in another replica. */
  withLock<T>(key: string, fn: () => Promise<T>): Promise<T>;
  /** Releases connections; pending locks finish first. */
  close(): Promise<void>;
}

export interface CoordinatorLogger {
  warn(obj: object, msg?: string): void;
}

/** How long a delivery id is remembered: GitHub redelivers automatically within minutes, by hand within days. */
export const DELIVERY_TTL_MS = 24 * 60 * 60 * 1000;
/** The most delivery ids one process remembers (about 1 MB). */
export const MAX_REMEMBERED_DELIVERIES = 10_000;

/** The lock key for one pull request: owner/repo#number, case-insensitive as GitHub names are. */
export function pullRequestKey(owner: string, repo: string, number: number): string {
  return `${owner}/${repo}#${number}`.toLowerCase();
}
