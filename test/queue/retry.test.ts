// When a failed job runs again: GitHub's rate-limit headers are honoured, anything else backs off.
import { describe, expect, it } from "@jest/globals";
import {
  backoff,
  BASE_BACKOFF_MS,
  isPermanent,
  MAX_BACKOFF_MS,
  rateLimitWait,
  retryDelay,
  SECONDARY_LIMIT_MIN_WAIT_MS,
} from "../../src/queue/retry.js";

const NOW = 1_700_000_000_000;
const error = (status: number, headers: Record<string, string> = {}, message = "x") =>
  Object.assign(new Error(message), { status, response: { headers } });

describe("rateLimitWait", () => {
  it("honours retry-after on a secondary rate limit (REST or a GraphQL mutation's 403)", () => {
    expect(rateLimitWait(error(403, { "retry-after": "30" }), NOW)).toBe(30_000);
    expect(rateLimitWait(error(429, { "retry-after": "0" }), NOW)).toBe(1_000);
  });
  it("waits until x-ratelimit-reset when the primary limit is used up", () => {
    const reset = String(NOW / 1000 + 120);
    expect(rateLimitWait(error(403, { "x-ratelimit-remaining": "0", "x-ratelimit-reset": reset }), NOW)).toBe(120_000);
  });
  it("waits at least a minute on a secondary limit that names no time, as GitHub's docs ask", () => {
    expect(rateLimitWait(error(403, {}, "You have exceeded a secondary rate limit"), NOW)).toBe(
      SECONDARY_LIMIT_MIN_WAIT_MS,
    );
  });
  it("recognises GraphQL's RATE_LIMITED error", () => {
    const graphql = Object.assign(new Error("limited"), { errors: [{ type: "RATE_LIMITED" }], headers: {} });
    expect(rateLimitWait(graphql, NOW)).toBe(SECONDARY_LIMIT_MIN_WAIT_MS);
  });
  it("is null for what is no rate limit", () => {
    expect(rateLimitWait(error(403, {}, "Resource not accessible by integration"), NOW)).toBeNull();
    expect(rateLimitWait(error(502), NOW)).toBeNull();
    expect(rateLimitWait("boom", NOW)).toBeNull();
    expect(rateLimitWait(null, NOW)).toBeNull();
  });
});

describe("backoff and retryDelay", () => {
  it("doubles from the base up to the cap, with bounded jitter", () => {
    expect([1, 2, 3, 4].map((n) => backoff(n, () => 0))).toEqual([1, 2, 4, 8].map((k) => k * BASE_BACKOFF_MS));
    expect(backoff(40, () => 0)).toBe(MAX_BACKOFF_MS);
    expect(backoff(1, () => 1)).toBe(BASE_BACKOFF_MS * 1.2);
  });
  it("is the longer of the backoff and what GitHub asked", () => {
    expect(retryDelay(1, error(403, { "retry-after": "30" }), NOW, () => 0)).toBe(30_000);
    expect(retryDelay(10, error(403, { "retry-after": "1" }), NOW, () => 0)).toBe(512 * BASE_BACKOFF_MS);
    expect(retryDelay(1, error(502), NOW, () => 0)).toBe(BASE_BACKOFF_MS);
  });
  it("gives up at once only on what no retry can fix", () => {
    expect(isPermanent(error(422))).toBe(true);
    expect(isPermanent(error(400))).toBe(true);
    expect([500, 502, 403, 404, 429].map((s) => isPermanent(error(s)))).toEqual([false, false, false, false, false]);
  });
});
