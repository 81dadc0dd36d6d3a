// /health and /metrics for a process without Probot's server: `npm run worker` serves no webhooks,
// but it is where the jobs run, so its queue figures, job outcomes and process metrics are worth
// scraping there. I/O: one HTTP server, on the port the operator chose.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { observabilityRoutes, type HealthDetails } from "./http.js";
import type { Metrics } from "./metrics.js";

export interface StandaloneServer {
  /** The port it listens on (the one asked for, or the one the system chose for 0). */
  port: number;
  close(): Promise<void>;
}

/** Serves GET /health and /metrics on `port` (`host`: all interfaces when unset); anything else is a 404. */
export function serveObservability(
  metrics: Metrics,
  details: HealthDetails,
  port: number,
  host?: string,
): Promise<StandaloneServer> {
  const routes = observabilityRoutes(metrics, details);
  const server: Server = createServer((req, res) => {
    void routes(req, res)
      .then((served) => {
        if (!served) res.writeHead(404, { "content-type": "text/plain; charset=utf-8" }).end("Not found\n");
      })
      .catch(() => {
        if (!res.headersSent) res.writeHead(500).end();
      });
  });
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolve({
        port: (server.address() as AddressInfo).port,
        close: () => new Promise<void>((done) => server.close(() => done())),
      });
    });
  });
}
