// Every webhook goes through here before its handler: a delivery already handled (same
// X-GitHub-Delivery id, here or in another replica) is skipped, and every GitHub request the
// handler makes gets a time limit. A delivery whose handler fails is forgotten again, so GitHub's
// redelivery of it is handled: its work is incomplete, and reconcile finishes it.
import type { Coordinator } from "./coordinator.js";
import { httpStatusOf } from "../github/http-status.js";

/** The slice of a Probot context used here. */
export interface DeliveryContext {
  id: string;
  name: string;
  octokit: unknown;
  log: { info(obj: object, msg?: string): void };
}

export interface DeliveryOptions {
  coordinator: Coordinator;
  /** Longest wait for one GitHub request, in ms; 0 for none. */
  requestTimeoutMs: number;
}

export function handleOnce<C extends DeliveryContext>(
  options: DeliveryOptions,
  handler: (context: C) => Promise<void>,
): (context: C) => Promise<void> {
  return async (context) => {
    if (!(await options.coordinator.firstDelivery(context.id))) {
      context.log.info({ delivery: context.id, event: context.name }, "delivery already handled: skipped");
      return;
    }
    if (options.requestTimeoutMs > 0) limitRequestTime(context.octokit, options.requestTimeoutMs);
    try {
      await handler(context);
    } catch (error) {
      await options.coordinator.forgetDelivery(context.id);
      throw new HandlerError(error);
    }
  };
}

/**
 * What a failed handler throws on to Probot, which logs it and answers 500. Only the error's name,
 * status and message go through: an Octokit error carries the request it made (a comment body
 * with evidence in it) and the response, and @octokit/webhooks attaches the whole webhook payload
 * (commit emails, comment text) as `event` — all of which Probot's logger would otherwise print.
 */
export class HandlerError extends Error {
  /** The status GitHub answered, if any. Not `status`: the webhook server would answer the delivery with it. */
  readonly upstreamStatus: number | undefined;
  #event: { id?: unknown; name?: unknown } | undefined;

  constructor(cause: unknown) {
    const status = httpStatusOf(cause);
    const name = cause instanceof Error ? cause.name : typeof cause;
    const message = cause instanceof Error ? cause.message : String(cause);
    super(`${name}${status ? ` (HTTP ${status})` : ""}: ${message.slice(0, 300)}`);
    this.name = "HandlerError";
    this.upstreamStatus = status;
  }

  /** @octokit/webhooks sets this to the whole event; only its id and name are kept, unlisted. */
  get event(): { id?: unknown; name?: unknown } | undefined {
    return this.#event;
  }

  set event(event: { id?: unknown; name?: unknown } | undefined) {
    this.#event = event ? { id: event.id, name: event.name } : undefined;
  }
}

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
    if (typeof e !== "object" || e === null || e instanceof HandlerError || !("event" in e)) continue;
    const event = (e as { event?: { id?: unknown; name?: unknown } }).event;
    Object.defineProperty(e, "event", {
      value: event ? { id: event.id, name: event.name } : undefined,
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
}
