// /health and /metrics served by a worker-only process (`npm run worker` with
// ETHICS_POLICY_METRICS_PORT), where the jobs run: the server on a loopback port, the metrics
// registry and queue figures as the worker wires them.
import { afterEach, describe, expect, it } from "@jest/globals";
import { createMetrics } from "../../src/observability/index.js";
import { serveObservability, type StandaloneServer } from "../../src/observability/standalone-server.js";
import type { QueueStats } from "../../src/queue/types.js";
import { metricsPortFrom } from "../../src/worker-process.js";

const servers: StandaloneServer[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) await server.close();
});

async function start(stats: QueueStats) {
  const metrics = createMetrics({ processMetrics: true });
  metrics.watchQueue(() => Promise.resolve(stats));
  const server = await serveObservability(
    metrics,
    async () => ({ queue: { kind: "redis", ...stats } }),
    0,
    "127.0.0.1",
  );
  servers.push(server);
  return `http://127.0.0.1:${server.port}`;
}

const STATS: QueueStats = { waiting: 7, active: 3, oldestWaitingSeconds: 12.5, retries: 2, deadLetters: 1 };

describe("a worker process's /health and /metrics", () => {
  it("/metrics reports the shared queue's depth, oldest job, retries and dead letters, and the process", async () => {
    const url = await start(STATS);
    const response = await fetch(`${url}/metrics`);
    const text = await response.text();
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^text\/plain/);
    expect(text).toMatch(/^ethics_policy_queue_waiting_jobs 7$/m);
    expect(text).toMatch(/^ethics_policy_queue_active_jobs 3$/m);
    expect(text).toMatch(/^ethics_policy_queue_oldest_waiting_seconds 12.5$/m);
    expect(text).toMatch(/^ethics_policy_job_retries 2$/m);
    expect(text).toMatch(/^ethics_policy_dead_letter_jobs 1$/m);
    expect(text).toMatch(/^ethics_policy_process_cpu_seconds_total /m);
  });

  it("/health answers ok with the queue's figures", async () => {
    const url = await start(STATS);
    const response = await fetch(`${url}/health`);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ status: "ok", queue: { kind: "redis", ...STATS } });
  });

  it.each([
    ["GET", "/"],
    ["GET", "/api/github/webhooks"],
    ["POST", "/metrics"],
  ])("%s %s is not found: the worker serves nothing else", async (method, path) => {
    const url = await start(STATS);
    const response = await fetch(`${url}${path}`, { method });
    await response.arrayBuffer();
    expect(response.status).toBe(404);
  });

  it("a port already taken is an error, not a silent worker without metrics", async () => {
    const url = await start(STATS);
    const taken = Number(new URL(url).port);
    await expect(serveObservability(createMetrics(), async () => ({}), taken, "127.0.0.1")).rejects.toThrow(
      /EADDRINUSE/,
    );
  });
});

describe("ETHICS_POLICY_METRICS_PORT", () => {
  it.each<[string | undefined, number | null | "error"]>([
    [undefined, null],
    ["", null],
    ["  ", null],
    ["9464", 9464],
    [" 9464 ", 9464],
    ["0", 0],
    ["65535", 65535],
    ["65536", "error"],
    ["-1", "error"],
    ["94.64", "error"],
    ["metrics", "error"],
    ["9464abc", "error"],
  ])("%j → %j", (value, expected) => {
    const port = metricsPortFrom(value === undefined ? {} : { ETHICS_POLICY_METRICS_PORT: value });
    if (expected === "error") expect(port).toBeInstanceOf(Error);
    else expect(port).toBe(expected);
  });
});
