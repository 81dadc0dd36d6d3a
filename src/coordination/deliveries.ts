// Safety for what webhooks and jobs do with GitHub: every request a job makes is time-limited,
// and a failed delivery is logged without its payload.

type Fetch = typeof fetch;
interface RequestOptions {
  request?: { fetch?: Fetch } & Record<string, unknown>;
}
interface Hookable {
  hook?: { before(name: "request", fn: (options: RequestOptions) => void): void };
}

const TIMED = new WeakSet<Fetch>();

/**
 * Aborts any HTTP attempt (REST or GraphQL) that takes longer than `ms`: Octokit has no timeout of
 * its own, and a stalled connection would otherwise hold the pull request's lock indefinitely.
 * The limit is on the fetch itself, so each attempt of a request Octokit retries gets its own.
 */
export function limitRequestTime(octokit: unknown, ms: number): void {
  const hook = (octokit as Hookable | null)?.hook;
  if (!hook) return;
  hook.before("request", (options) => {
    const base = options.request?.fetch ?? globalThis.fetch;
    if (TIMED.has(base)) return;
    const timed: Fetch = (input, init) => {
      const limit = AbortSignal.timeout(ms);
      return base(input, { ...init, signal: init?.signal ? AbortSignal.any([init.signal, limit]) : limit });
    };
    TIMED.add(timed);
    options.request = { ...options.request, fetch: timed };
  });
}

/**
 * For `app.onError`: before Probot's webhook middleware logs a failed delivery, the error that
 * @octokit/webhooks built keeps only the event's id and name, not its payload (pull request
 * text, commit emails, comment bodies). Error handlers run before the error is thrown on.
 */
export function redactWebhookError(error: unknown): void {
  const errors: unknown[] = [error, ...(error instanceof AggregateError ? (error.errors as unknown[]) : [])];
  for (const e of errors) {
    if (typeof e !== "object" || e === null || !("event" in e)) continue;
    const event = (e as { event?: { id?: unknown; name?: unknown } }).event;
    Object.defineProperty(e, "event", {
      value: event ? { id: event.id, name: event.name } : undefined,
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
}
