// Observability for the Probot app: counts every verified delivery, serves /health and /metrics
// on the app's own server, and instruments the handlers (see instrument.ts).
import type { ApplicationFunctionOptions, Probot } from "probot";
import { observabilityRoutes, type HealthDetails } from "./http.js";
import { instrument, type Instrumentation } from "./instrument.js";
import type { Metrics } from "./metrics.js";

export { createMetrics, outcomeOf, type DecisionOutcome, type Metrics } from "./metrics.js";
export { healthBody, HEALTH_PATH, METRICS_PATH } from "./http.js";
export type { Instrumentation } from "./instrument.js";

export function observeApp(
  app: Probot,
  options: Partial<ApplicationFunctionOptions> | undefined,
  metrics: Metrics,
  details?: HealthDetails,
): Instrumentation {
  app.onAny((context) => {
    const action = (context.payload as { action?: unknown }).action;
    metrics.eventReceived(context.name, typeof action === "string" ? action : undefined);
  });
  try {
    options?.addHandler?.(observabilityRoutes(metrics, details));
  } catch (error) {
    // `probot.load` with no server (tests, serverless) has nowhere to serve routes: nothing to add.
    app.log.debug({ err: error }, "no HTTP server: /health and /metrics are not served");
  }
  return instrument(metrics);
}
