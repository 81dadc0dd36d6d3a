// The metrics, the handler instrumentation and the two routes, on their own. Through the real
// server they are tested in server.test.ts.
import { describe, expect, it } from "@jest/globals";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import nock from "nock";
import { Octokit } from "@octokit/rest";
import { observabilityRoutes } from "../../src/observability/http.js";
import { instrument } from "../../src/observability/instrument.js";
import { createMetrics, outcomeOf } from "../../src/observability/metrics.js";
import type { ReviewOutcome } from "../../src/review.js";

const reviewed = (decision: Record<string, unknown>) =>
  ({ kind: "reviewed", decision: { flagged: false, exempt: false, ...decision } }) as unknown as ReviewOutcome;

describe("outcomeOf", () => {
  it.each([
    [{ kind: "no_policy" }, "no_policy"],
    [{ kind: "invalid_policy" }, "invalid_policy"],
    [{ kind: "closed" }, "skipped"],
    [{ kind: "not_found" }, "skipped"],
    [reviewed({ flagged: true }), "flagged"],
    [reviewed({ approved: { by: "m" } }), "approved"],
    [reviewed({ exempt: true }), "exempt"],
    [reviewed({}), "clear"],
  ])("%j is %s", (outcome, label) => {
    expect(outcomeOf(outcome as ReviewOutcome)).toBe(label);
  });
});

function fakeContext(octokit: unknown) {
  const bindings: Record<string, unknown>[] = [];
  const log = {
    child(b: Record<string, unknown>) {
      bindings.push(b);
      return log;
    },
  };
  return { context: { name: "pull_request", id: "delivery-9", log, octokit }, bindings };
}

describe("instrument", () => {
  it("adds decision_id to the handler's logs, counts its GitHub requests, and times its decisions", async () => {
    const metrics = createMetrics();
    const observed = instrument(metrics);
    const octokit = new Octokit({
      baseUrl: "https://api.github.com",
      log: { debug() {}, info() {}, warn() {}, error() {} },
    });
    nock("https://api.github.com")
      .get("/repos/o/r")
      .reply(200, {})
      .get("/repos/o/missing")
      .reply(404, { message: "Not Found" });
    const { context, bindings } = fakeContext(octokit);

    await observed.handler(async () => {
      await octokit.request("GET /repos/{owner}/{repo}", { owner: "o", repo: "r" });
      await octokit.request("GET /repos/{owner}/{repo}", { owner: "o", repo: "missing" }).catch(() => undefined);
      observed.observe(reviewed({ flagged: true }));
    })(context);

    expect(bindings).toEqual([{ decision_id: "delivery-9" }]);
    const text = await metrics.registry.metrics();
    expect(text).toContain('ethics_policy_github_requests_total{method="GET",status="200"} 1');
    expect(text).toContain('ethics_policy_github_requests_total{method="GET",status="404"} 1');
    expect(text).toContain('ethics_policy_decisions_total{outcome="flagged"} 1');
    expect(text).toContain('ethics_policy_decision_duration_seconds_count{event="pull_request",outcome="flagged"} 1');
  });

  it("counts an Octokit shared by several events once per request, not once per event", async () => {
    const metrics = createMetrics();
    const observed = instrument(metrics);
    const octokit = new Octokit({ log: { debug() {}, info() {}, warn() {}, error() {} } });
    nock("https://api.github.com").get("/rate_limit").reply(200, {});
    const handler = observed.handler(async () => {});
    await handler(fakeContext(octokit).context);
    await handler(fakeContext(octokit).context);

    await octokit.request("GET /rate_limit");

    expect(await metrics.registry.metrics()).toContain(
      'ethics_policy_github_requests_total{method="GET",status="200"} 1',
    );
  });

  it("counts a handler that throws, and rethrows", async () => {
    const metrics = createMetrics();
    const failing = instrument(metrics).handler(async () => {
      throw new Error("boom");
    });

    await expect(failing(fakeContext({}).context)).rejects.toThrow("boom");
    expect(await metrics.registry.metrics()).toContain('ethics_policy_errors_total{event="pull_request"} 1');
  });

  it("counts a decision made outside any handler without a latency", async () => {
    const metrics = createMetrics();
    instrument(metrics).observe({ kind: "no_policy" });
    const text = await metrics.registry.metrics();
    expect(text).toContain('ethics_policy_decisions_total{outcome="no_policy"} 1');
    expect(text).not.toContain("ethics_policy_decision_duration_seconds_count{");
  });

  it("adds Node's process metrics, prefixed, when asked (the production entry point does)", async () => {
    const text = await createMetrics({ processMetrics: true }).registry.metrics();
    expect(text).toContain("ethics_policy_process_cpu_user_seconds_total");
    expect(text).toContain("ethics_policy_nodejs_eventloop_lag_seconds");
    expect(await createMetrics().registry.metrics()).not.toContain("process_cpu");
  });

  it("keeps each app's metrics apart (no global registry)", async () => {
    const a = createMetrics();
    const b = createMetrics();
    a.eventReceived("push", undefined);
    expect(await a.registry.metrics()).toContain('ethics_policy_webhook_events_total{event="push",action=""} 1');
    expect(await b.registry.metrics()).not.toContain('ethics_policy_webhook_events_total{event="push"');
  });
});

describe("the /health and /metrics routes", () => {
  async function serve(handler: ReturnType<typeof observabilityRoutes>) {
    const server = createServer((req, res) => {
      void handler(req, res).then((handled) => {
        if (!handled) res.writeHead(404).end("next handler");
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    return { url, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
  }

  it("serves health and metrics, and leaves every other request to the next handler", async () => {
    const metrics = createMetrics();
    metrics.eventReceived("pull_request", "opened");
    const { url, close } = await serve(observabilityRoutes(metrics));
    try {
      const health = await fetch(`${url}/health`);
      expect(health.status).toBe(200);
      expect(await health.json()).toEqual({ status: "ok", version: expect.stringMatching(/^\d+\.\d+\.\d+/) });

      const scrape = await fetch(`${url}/metrics?x=1`);
      expect(scrape.headers.get("content-type")).toMatch(/^text\/plain; version=0\.0\.4/);
      expect(await scrape.text()).toContain(
        'ethics_policy_webhook_events_total{event="pull_request",action="opened"} 1',
      );

      expect((await fetch(`${url}/healthz`)).status).toBe(404);
      expect((await fetch(`${url}/health`, { method: "POST" })).status).toBe(404);
    } finally {
      await close();
    }
  });
});
