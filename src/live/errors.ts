// What went wrong talking to GitHub, classified from the error Octokit throws. Pure: the words a
// user reads are in render/live-errors.ts.

export function statusOf(error: unknown): number | undefined {
  const status = (error as { status?: unknown } | null)?.status;
  return typeof status === "number" ? status : undefined;
}

export function isAuthError(error: unknown): boolean {
  const status = statusOf(error);
  return status === 401 || status === 403;
}

export type NetworkReason = "dns" | "refused" | "timeout" | "reset" | "tls" | "other";

/** A request that never got an answer from GitHub: the URL it went to and why it failed. */
export interface NetworkFailure {
  url: string | null;
  reason: NetworkReason;
  /** The system's error code (ENOTFOUND, ECONNREFUSED, …) or message, for the curious. */
  detail: string;
}

const CODES: Record<string, NetworkReason> = {
  ENOTFOUND: "dns",
  EAI_AGAIN: "dns",
  EAI_FAIL: "dns",
  ECONNREFUSED: "refused",
  ETIMEDOUT: "timeout",
  UND_ERR_CONNECT_TIMEOUT: "timeout",
  UND_ERR_HEADERS_TIMEOUT: "timeout",
  UND_ERR_BODY_TIMEOUT: "timeout",
  ECONNRESET: "reset",
  EPIPE: "reset",
  UND_ERR_SOCKET: "reset",
  EHOSTUNREACH: "refused",
  ENETUNREACH: "refused",
};

/**
 * The network failure behind an error, or null when GitHub answered. Octokit reports a fetch
 * that failed as a RequestError with status 500 and no response, the cause chain holding the
 * system error; an aborted or timed-out request keeps its own name.
 */
export function networkFailure(error: unknown): NetworkFailure | null {
  if (typeof error !== "object" || error === null) return null;
  const e = error as { response?: unknown; request?: { url?: unknown }; name?: unknown; cause?: unknown };
  if (e.response !== undefined) return null;
  const url = typeof e.request?.url === "string" ? e.request.url : null;
  if (e.name === "AbortError" || e.name === "TimeoutError") return { url, reason: "timeout", detail: String(e.name) };
  const seen = new Set<unknown>();
  for (let c: unknown = e.cause; typeof c === "object" && c !== null && !seen.has(c);) {
    seen.add(c);
    const cause = c as { code?: unknown; message?: unknown; name?: unknown; cause?: unknown };
    if (typeof cause.code === "string") {
      const reason = CODES[cause.code] ?? (/CERT|SSL|TLS/i.test(cause.code) ? "tls" : "other");
      return { url, reason, detail: cause.code };
    }
    if (cause.name === "AbortError" || cause.name === "TimeoutError")
      return { url, reason: "timeout", detail: String(cause.name) };
    c = cause.cause;
  }
  // A failed fetch with no code ("fetch failed"): still no answer from GitHub.
  if (e.cause !== undefined && statusOf(error) === 500) {
    const message = (e.cause as { message?: unknown }).message;
    return { url, reason: "other", detail: typeof message === "string" ? message : "fetch failed" };
  }
  return null;
}
