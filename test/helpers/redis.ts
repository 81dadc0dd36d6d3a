// Tests that need a real Redis: they run when REDIS_URL is set (.ci/run starts redis-server and
// sets it), skip with a message locally when it is not, and fail in CI when it is not.
import { describe, it } from "@jest/globals";
import { randomUUID } from "node:crypto";
import { Redis } from "ioredis";

/** test/setup.ts moves REDIS_URL here, so that only these tests use it. */
export const REDIS_URL = (process.env.TEST_REDIS_URL ?? process.env.REDIS_URL)?.trim() || undefined;

/** `describe` when Redis is available; otherwise one skipped (locally) or failing (CI) test saying why. */
export function describeWithRedis(name: string, body: (url: string) => void): void {
  if (REDIS_URL) {
    describe(name, () => body(REDIS_URL));
    return;
  }
  const why = "REDIS_URL is not set: start redis-server and set REDIS_URL=redis://127.0.0.1:PORT (bash .ci/run does)";
  if (process.env.CI) {
    describe(name, () => {
      it("needs Redis in CI", () => {
        throw new Error(`${why}. CI must run the Redis tests.`);
      });
    });
    return;
  }
  console.warn(`skipped "${name}": ${why}`);
  describe.skip(name, () => it("needs Redis", () => undefined));
}

/** A key prefix no other test run shares. */
export function uniquePrefix(what: string): string {
  return `ethics-policy-test:${what}:${randomUUID()}:`;
}

/** Deletes a test run's keys (delivery claims would otherwise linger for their day). */
export async function forgetKeys(url: string, prefix: string): Promise<void> {
  const client = new Redis(url);
  try {
    const keys = await client.keys(`${prefix}*`);
    if (keys.length) await client.del(...keys);
  } finally {
    await client.quit();
  }
}
