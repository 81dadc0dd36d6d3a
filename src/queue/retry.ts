// When a failed job runs again, from what GitHub said: a rate limit's `retry-after` or
// `x-ratelimit-reset` is honoured (and pauses the whole installation), anything else backs off
// exponentially. Pure: the error and the clock in, milliseconds out.

/** First retry after about this long; each further one waits twice as long, up to MAX_BACKOFF_MS. */
export const BASE_BACKOFF_MS = 1_000;
export const MAX_BACKOFF_MS = 10 * 60_000;
/** GitHub: after a secondary rate limit without `retry-after`, "wait at least one minute". */
export const SECONDARY_LIMIT_MIN_WAIT_MS = 60_000;
/** Tries before a job goes to the dead-letter list. */
export const DEFAULT_ATTEMPTS = 8;

interface ErrorShape {
  status?: unknown;
  response?: { headers?: Record<string, unknown>; data?: unknown };
  headers?: Record<string, unknown>;
  errors?: { type?: unknown }[];
  message?: unknown;
}

function headersOf(error: ErrorShape): Record<string, unknown> {
  return { ...(error.headers ?? {}), ...(error.response?.headers ?? {}) };
}

function header(headers: Record<string, unknown>, name: string): string | undefined {
  const value = headers[name] ?? headers[name.toLowerCase()];
  return typeof value === "string" ? value : typeof value === "number" ? String(value) : undefined;
}

/**
 * How long GitHub asked us to wait, in ms, if the error is a rate limit (primary or secondary,
 * REST or GraphQL); null when it is not one. `now` is the current time in ms.
 */
export function rateLimitWait(error: unknown, now: number): number | null {
  if (typeof error !== "object" || error === null) return null;
  const e = error as ErrorShape;
  const headers = headersOf(e);
  const status = typeof e.status === "number" ? e.status : undefined;
  const graphqlLimited = Array.isArray(e.errors) && e.errors.some((x) => x?.type === "RATE_LIMITED");
  const message = typeof e.message === "string" ? e.message : "";
  const limited =
    graphqlLimited ||
    ((status === 403 || status === 429) &&
      (header(headers, "retry-after") !== undefined ||
        header(headers, "x-ratelimit-remaining") === "0" ||
        /rate limit/i.test(message)));
  if (!limited) return null;
  const retryAfter = Number(header(headers, "retry-after"));
  if (Number.isFinite(retryAfter) && retryAfter >= 0) return Math.max(1_000, retryAfter * 1000);
  const reset = Number(header(headers, "x-ratelimit-reset"));
  if (header(headers, "x-ratelimit-remaining") === "0" && Number.isFinite(reset) && reset > 0)
    return Math.max(1_000, reset * 1000 - now);
  return SECONDARY_LIMIT_MIN_WAIT_MS;
}

/** Exponential backoff for the `attempt`th retry (1-based), with up to 20% jitter from `random`. */
export function backoff(attempt: number, random: () => number = Math.random): number {
  const base = Math.min(MAX_BACKOFF_MS, BASE_BACKOFF_MS * 2 ** Math.max(0, attempt - 1));
  return Math.round(base * (1 + 0.2 * random()));
}

/** The delay before retry number `attempt` of a job that failed with `error`. */
export function retryDelay(attempt: number, error: unknown, now: number, random: () => number = Math.random): number {
  return Math.max(backoff(attempt, random), rateLimitWait(error, now) ?? 0);
}

/**
 * Errors that no retry can fix: GitHub rejected what was sent (400, 422). Anything else (5xx,
 * timeouts, resets, rate limits, even a 404 that may be replication lag) is worth retrying.
 */
export function isPermanent(error: unknown): boolean {
  const status = (error as ErrorShape | null)?.status;
  return status === 400 || status === 422;
}
