// Instruments the app's webhook handlers without touching what they do:
// - every log line a handler writes carries `decision_id` (the webhook's delivery id, so a
//   decision can be traced from GitHub's "Recent deliveries" page to the logs and back);
// - every request its Octokit makes is counted by method and status;
// - a handler that throws is counted;
// - each decision it reaches is counted by outcome and timed from the event's arrival.
import { AsyncLocalStorage } from "node:async_hooks";
import type { ReviewOutcome } from "../review.js";
import { outcomeOf, type Metrics } from "./metrics.js";
import { httpStatusOf } from "../github/http-status.js";

/** The part of a Probot Context the instrumentation uses. */
export interface InstrumentedContext {
  name: string;
  id: string;
  log: { child(bindings: Record<string, unknown>): unknown };
  octokit: unknown;
}

interface HookedOctokit {
  hook: {
    after(name: "request", hook: (response: { status: number }, options: { method?: string }) => void): void;
    error(name: "request", hook: (error: unknown, options: { method?: string }) => unknown): void;
  };
}

interface EventScope {
  event: string;
  /** process.hrtime.bigint() when the handler received the event. */
  receivedAt: bigint;
}

const scope = new AsyncLocalStorage<EventScope>();
/** Octokits already counting: Probot gives each event its own, except with a plain token, which is shared. */
const counting = new WeakSet<object>();

export interface Instrumentation {
  /** Wraps a webhook handler. */
  handler<C extends InstrumentedContext>(fn: (context: C) => Promise<void>): (context: C) => Promise<void>;
  /** For `ReviewDeps.observe`: counts and times one decision of the current event. */
  observe(outcome: ReviewOutcome): void;
}

export function instrument(metrics: Metrics): Instrumentation {
  return {
    handler(fn) {
      return async (context) => {
        context.log = context.log.child({ decision_id: context.id }) as typeof context.log;
        countRequests(metrics, context.octokit);
        await scope.run({ event: context.name, receivedAt: process.hrtime.bigint() }, async () => {
          try {
            await fn(context);
          } catch (error) {
            metrics.error(context.name);
            throw error;
          }
        });
      };
    },
    observe(outcome) {
      const current = scope.getStore();
      const seconds = current ? Number(process.hrtime.bigint() - current.receivedAt) / 1e9 : null;
      metrics.decision(outcomeOf(outcome), current?.event ?? "unknown", seconds);
    },
  };
}

/** Counts every request an Octokit makes, once per Octokit however many events share it. */
export function countRequests(metrics: Metrics, octokit: unknown): void {
  if (!isHookable(octokit) || counting.has(octokit)) return;
  counting.add(octokit);
  octokit.hook.after("request", (response, options) => metrics.githubRequest(options.method ?? "GET", response.status));
  octokit.hook.error("request", (error, options) => {
    metrics.githubRequest(options.method ?? "GET", httpStatusOf(error) ?? "error");
    throw error;
  });
}

function isHookable(octokit: unknown): octokit is HookedOctokit & object {
  const hook = (octokit as { hook?: { after?: unknown; error?: unknown } } | null)?.hook;
  return typeof hook?.after === "function" && typeof hook.error === "function";
}
