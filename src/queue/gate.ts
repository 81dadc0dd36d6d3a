// What every job goes through, whichever queue runs it: an installation GitHub rate-limited waits
// until the limit resets (other installations carry on); a job holds its pull request while it
// runs, and when another job holds it the job is put back for later instead of waiting in a
// worker slot; a rate-limit error pauses the installation for as long as GitHub asked.
import { rateLimitWait } from "./retry.js";
import { BUSY_RETRY_MS, pullOf, PullRequestBusy, type JobData, type JobRunner } from "./types.js";

/** Per-pull-request locks and per-installation pauses: Redis with BullMQ, a Map in memory. */
export interface Gates {
  /** Takes `key` for `owner` (a job id) unless another owner holds it. Rejects when the store is unreachable. */
  tryLock(key: string, owner: string): Promise<boolean>;
  unlock(key: string, owner: string): Promise<void>;
  /** When the installation may call GitHub again (ms since the epoch); 0 when it is not paused. */
  pausedUntil(installationId: number): Promise<number>;
  pause(installationId: number, until: number): Promise<void>;
}

/** The job ran (null), or must run again at `delayUntil` without counting as a try. */
export type GateResult = null | { delayUntil: number; reason: "busy" | "rate_limited" };

export async function runGated(
  job: JobData,
  owner: string,
  attempt: number,
  gates: Gates,
  run: JobRunner,
  now: () => number = Date.now,
): Promise<GateResult> {
  const paused = await gates.pausedUntil(job.installationId);
  if (paused > now()) return { delayUntil: paused, reason: "rate_limited" };
  const held = new Set<string>();
  const take = async (key: string) => {
    if (!(await gates.tryLock(key, owner))) throw new PullRequestBusy(key);
    held.add(key);
  };
  try {
    const own = pullOf(job);
    if (own) await take(own);
    await run(job, {
      attempt,
      lock: async (key, fn) => {
        if (!held.has(key)) await take(key);
        return fn();
      },
    });
    return null;
  } catch (error) {
    if (error instanceof PullRequestBusy) return { delayUntil: now() + BUSY_RETRY_MS, reason: "busy" };
    const wait = rateLimitWait(error, now());
    if (wait !== null) await gates.pause(job.installationId, now() + wait);
    throw error;
  } finally {
    for (const key of held) await gates.unlock(key, owner);
  }
}
