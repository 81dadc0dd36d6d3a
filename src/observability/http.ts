// The two HTTP routes operators need, as a Probot v14 server handler (`addHandler`):
//   GET /health   200 {"status":"ok","version":"…","queue":{…}}: the process is up and serving HTTP,
//                 with the job queue's depth, oldest waiting job, retries and dead letters
//   GET /metrics  Prometheus text format, from the app's own registry
// Any other request is left to the next handler (Probot's 404). /health answers are not logged:
// a container's health check asks every few seconds, and a log line each time buries the rest.
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Metrics } from "./metrics.js";
import { appVersion } from "./version.js";

export const HEALTH_PATH = "/health";
export const METRICS_PATH = "/metrics";

export function healthBody(extra: Record<string, unknown> = {}): string {
  return JSON.stringify({ status: "ok", version: appVersion(), ...extra });
}

/** Extra fields for /health (the job queue's figures), read per request. */
export type HealthDetails = () => Promise<Record<string, unknown>>;

export function observabilityRoutes(metrics: Metrics, details?: HealthDetails) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<boolean> => {
    if (req.method !== "GET" && req.method !== "HEAD") return false;
    const path = (req.url ?? "/").split("?")[0];
    if (path === HEALTH_PATH) {
      skipRequestLog(res);
      res
        .writeHead(200, { "content-type": "application/json; charset=utf-8", "cache-control": "no-store" })
        .end(req.method === "HEAD" ? undefined : healthBody(await details?.().catch(() => ({ queue: "unreachable" }))));
      return true;
    }
    if (path === METRICS_PATH) {
      const text = await metrics.registry.metrics();
      res
        .writeHead(200, { "content-type": metrics.registry.contentType, "cache-control": "no-store" })
        .end(req.method === "HEAD" ? undefined : text);
      return true;
    }
    return false;
  };
}

/**
 * Probot's request log (pino-http) writes each response through `res.log`, a pino child logger it
 * makes for that request, when the response finishes; silencing that one child drops this
 * request's line and nothing else. (Probot 14's Server does not pass pino-http's
 * `autoLogging.ignore` through, which would be the direct way.)
 */
function skipRequestLog(res: ServerResponse): void {
  const log = (res as ServerResponse & { log?: { level?: unknown } }).log;
  if (log !== undefined && typeof log.level === "string") log.level = "silent";
}
