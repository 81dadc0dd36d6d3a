// Prometheus metrics, on a registry of their own (never prom-client's global one), so every app
// instance — and every test — counts only what it saw. Labels are bounded sets (event names,
// outcomes, HTTP methods and statuses): no login, repository or text ever becomes a label.
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from "prom-client";
import type { QueueStats } from "../queue/types.js";
import type { ReviewOutcome } from "../review.js";

export const METRIC_PREFIX = "ethics_policy_";

/** What a decision came to, as counted in `ethics_policy_decisions_total{outcome}`. */
export type DecisionOutcome = "flagged" | "clear" | "exempt" | "approved" | "no_policy" | "invalid_policy" | "skipped";

export interface Metrics {
  readonly registry: Registry;
  /** A verified webhook delivery, by event name and action ("" when the event has none). */
  eventReceived(event: string, action: string | undefined): void;
  /** One decision, and the seconds from the event reaching the app to the decision being written. */
  decision(outcome: DecisionOutcome, event: string, seconds: number | null): void;
  /** One request to GitHub's API; `status` is the HTTP status, or "error" when none came back. */
  githubRequest(method: string, status: number | "error"): void;
  /** A webhook handler that threw. */
  error(event: string): void;
  /** Reports the job queue's depth, oldest waiting job, retries and dead letters at every scrape. */
  watchQueue(stats: () => Promise<QueueStats>): void;
}

export interface MetricsOptions {
  /** Also export Node's process metrics (CPU, memory, event loop lag, …) with the prefix. */
  processMetrics?: boolean;
}

/** Decision latency buckets, in seconds: one GraphQL read plus a few writes is usually well under 2 s. */
const LATENCY_BUCKETS = [0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60];

export function createMetrics(options: MetricsOptions = {}): Metrics {
  const registry = new Registry();
  if (options.processMetrics) collectDefaultMetrics({ register: registry, prefix: METRIC_PREFIX });
  const events = new Counter({
    name: `${METRIC_PREFIX}webhook_events_total`,
    help: "Verified webhook deliveries received, by event name and action.",
    labelNames: ["event", "action"] as const,
    registers: [registry],
  });
  const decisions = new Counter({
    name: `${METRIC_PREFIX}decisions_total`,
    help: "Pull request decisions, by outcome: flagged, clear, exempt, approved, no_policy, invalid_policy, skipped (closed or not found).",
    labelNames: ["outcome"] as const,
    registers: [registry],
  });
  const latency = new Histogram({
    name: `${METRIC_PREFIX}decision_duration_seconds`,
    help: "Seconds from a webhook event reaching the app's handler to its decision being reconciled on GitHub, by event name and outcome.",
    labelNames: ["event", "outcome"] as const,
    buckets: LATENCY_BUCKETS,
    registers: [registry],
  });
  const requests = new Counter({
    name: `${METRIC_PREFIX}github_requests_total`,
    help: 'Requests made to GitHub\'s API while handling events, by HTTP method and response status ("error" when no response came back).',
    labelNames: ["method", "status"] as const,
    registers: [registry],
  });
  const errors = new Counter({
    name: `${METRIC_PREFIX}errors_total`,
    help: "Webhook handlers that failed with an error, by event name.",
    labelNames: ["event"] as const,
    registers: [registry],
  });
  let queueStats: (() => Promise<QueueStats>) | null = null;
  // One read of the queue per scrape, shared by the gauges below.
  let reading: Promise<QueueStats | null> | null = null;
  const read = (): Promise<QueueStats | null> => {
    reading ??= (queueStats?.() ?? Promise.resolve(null))
      .catch(() => null)
      .finally(() => setImmediate(() => (reading = null)));
    return reading;
  };
  const queueGauge = (name: string, help: string, value: (s: QueueStats) => number) =>
    new Gauge({
      name: `${METRIC_PREFIX}${name}`,
      help,
      registers: [registry],
      async collect() {
        const stats = await read();
        if (stats) this.set(value(stats));
      },
    });
  queueGauge(
    "queue_waiting_jobs",
    "Jobs waiting to run, now or after a delay (retry, busy pull request, rate limit).",
    (s) => s.waiting,
  );
  queueGauge("queue_active_jobs", "Jobs running now.", (s) => s.active);
  queueGauge(
    "queue_oldest_waiting_seconds",
    "Age of the oldest job that could run now, in seconds (0 when none waits).",
    (s) => s.oldestWaitingSeconds,
  );
  queueGauge(
    "job_retries",
    "Failed job tries that will be tried again, counted by this process since it started.",
    (s) => s.retries,
  );
  queueGauge(
    "dead_letter_jobs",
    "Jobs that failed every try and wait for an operator (the dead-letter list).",
    (s) => s.deadLetters,
  );
  return {
    registry,
    watchQueue(stats) {
      queueStats = stats;
    },
    eventReceived: (event, action) => events.inc({ event, action: action ?? "" }),
    decision(outcome, event, seconds) {
      decisions.inc({ outcome });
      if (seconds !== null) latency.observe({ event, outcome }, seconds);
    },
    githubRequest: (method, status) => requests.inc({ method: method.toUpperCase(), status: String(status) }),
    error: (event) => errors.inc({ event }),
  };
}

/** The outcome label of what `reviewPullRequest` returned. */
export function outcomeOf(outcome: ReviewOutcome): DecisionOutcome {
  switch (outcome.kind) {
    case "not_found":
    case "closed":
      return "skipped";
    case "no_policy":
      return "no_policy";
    case "invalid_policy":
      return "invalid_policy";
    case "reviewed": {
      const { decision } = outcome;
      if (decision.flagged) return "flagged";
      if (decision.approved) return "approved";
      if (decision.exempt) return "exempt";
      return "clear";
    }
  }
}
