// The queue the environment asks for: BullMQ when REDIS_URL is set (durable, shared by replicas
// and `npm run worker` processes), otherwise the embedded in-process queue (not durable).
import { InlineQueue, MemoryQueue } from "./memory.js";
import { RedisQueue } from "./redis.js";
import type { WorkQueue } from "./types.js";

const positive = (value: string | undefined): number | undefined => {
  const n = Number(value);
  return value && Number.isFinite(n) && n > 0 ? n : undefined;
};

export function createQueue(env: NodeJS.ProcessEnv = process.env): WorkQueue {
  if (env.ETHICS_POLICY_QUEUE === "inline") return new InlineQueue();
  const concurrency = positive(env.ETHICS_POLICY_CONCURRENCY);
  const attempts = positive(env.ETHICS_POLICY_JOB_ATTEMPTS);
  const common = { ...(concurrency ? { concurrency } : {}), ...(attempts ? { attempts } : {}) };
  const url = env.REDIS_URL?.trim();
  if (!url) return new MemoryQueue(common);
  const lockDurationMs = positive(env.ETHICS_POLICY_JOB_LOCK_MS);
  const stalledIntervalMs = positive(env.ETHICS_POLICY_STALLED_CHECK_MS);
  const prefix = env.REDIS_KEY_PREFIX?.replace(/:+$/, "");
  return new RedisQueue({
    url,
    ...common,
    ...(prefix ? { prefix } : {}),
    ...(lockDurationMs ? { lockDurationMs } : {}),
    ...(stalledIntervalMs ? { stalledIntervalMs } : {}),
  });
}

/** Whether this process runs jobs: yes unless ETHICS_POLICY_WORKERS=0 (then `npm run worker` processes do). */
export function runsWorkers(env: NodeJS.ProcessEnv = process.env): boolean {
  return env.ETHICS_POLICY_WORKERS?.trim() !== "0";
}
