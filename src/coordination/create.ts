// The default coordinator: Redis when REDIS_URL is set (replicas share it), memory otherwise.
import type { Coordinator, CoordinatorLogger } from "./coordinator.js";
import { MemoryCoordinator } from "./memory.js";
import { RedisCoordinator } from "./redis.js";

export function createCoordinator(env: NodeJS.ProcessEnv = process.env, log?: CoordinatorLogger): Coordinator {
  const url = env.REDIS_URL?.trim();
  if (!url) return new MemoryCoordinator();
  return new RedisCoordinator({
    url,
    ...(log ? { log } : {}),
    ...(env.REDIS_KEY_PREFIX ? { prefix: env.REDIS_KEY_PREFIX } : {}),
  });
}
