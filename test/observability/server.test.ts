// /health, /metrics and the decision id, through the REAL Probot server (what `npm start` runs)
// receiving signed webhooks and talking to the GitHub stand-in.
import { describe, expect, it } from "@jest/globals";
import { fakeSha } from "../../src/standin/state.js";
import type { GitHubStandin } from "../../src/standin/github-standin.js";
import { deliver, pullRequestPayload, useStandinAndApp, type RunningApp } from "../helpers/e2e.js";

const OWNER = "entropic-dev";
const REPO = "entropic";
const POLICY = `version: 1
organizations:
  - name: Palantir Technologies
    aliases: [Palantir]
`;

let standin: GitHubStandin;
let app: RunningApp;
useStandinAndApp((s, a) => {
  standin = s;
  app = a;
});

function seed(number: number, company: string) {
  standin.addRepo({ owner: OWNER, name: REPO, files: { ".github/ethics-policy.yml": POLICY } });
  standin.addUser({ login: "pat", company });
  const headSha = fakeSha("observability", number);
  standin.addPullRequest({
    owner: OWNER,
    repo: REPO,
    number,
    author: "pat",
    commits: [{ sha: headSha, author: { email: "pat@users.noreply.github.com", login: "pat" } }],
  });
  return pullRequestPayload({ owner: OWNER, repo: REPO, number, headSha, author: "pat", defaultBranch: "main" });
}

/** The value of one sample line of the scrape, or 0 when the series has not been written. */
async function sample(series: string): Promise<number> {
  const text = await (await fetch(`${app.url}/metrics`)).text();
  const line = text.split("\n").find((l) => l.startsWith(`${series} `));
  return line ? Number(line.slice(series.length + 1)) : 0;
}

describe("GET /health", () => {
  it("answers 200 with the status and the app's version", async () => {
    const response = await fetch(`${app.url}/health`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^application\/json/);
    expect(await response.json()).toEqual({
      status: "ok",
      version: expect.stringMatching(/^\d+\.\d+\.\d+/),
      queue: { kind: "memory", waiting: 0, active: 0, oldestWaitingSeconds: 0, retries: 0, deadLetters: 0 },
    });
  });
});

describe("GET /metrics", () => {
  it("is Prometheus text", async () => {
    const response = await fetch(`${app.url}/metrics`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = await response.text();
    for (const name of [
      "webhook_events_total",
      "decisions_total",
      "decision_duration_seconds",
      "github_requests_total",
      "errors_total",
    ]) {
      expect(text).toContain(`# TYPE ethics_policy_${name} `);
    }
  });

  it("counts a delivery, its decision, its latency and its GitHub requests", async () => {
    const events = await sample('ethics_policy_webhook_events_total{event="pull_request",action="opened"}');
    const flagged = await sample('ethics_policy_decisions_total{outcome="flagged"}');
    const latency = await sample(
      'ethics_policy_decision_duration_seconds_count{event="pull_request",outcome="flagged"}',
    );
    const graphql = await sample('ethics_policy_github_requests_total{method="POST",status="200"}');

    expect((await deliver(app, { event: "pull_request", payload: seed(21, "Palantir Technologies") })).status).toBe(
      200,
    );

    expect(await sample('ethics_policy_webhook_events_total{event="pull_request",action="opened"}')).toBe(events + 1);
    expect(await sample('ethics_policy_decisions_total{outcome="flagged"}')).toBe(flagged + 1);
    expect(await sample('ethics_policy_decision_duration_seconds_count{event="pull_request",outcome="flagged"}')).toBe(
      latency + 1,
    );
    expect(await sample('ethics_policy_github_requests_total{method="POST",status="200"}')).toBeGreaterThan(graphql);
  });

  it("counts a clear decision as clear", async () => {
    const clear = await sample('ethics_policy_decisions_total{outcome="clear"}');
    await deliver(app, { event: "pull_request", payload: seed(22, "Acme Widgets") });
    expect(await sample('ethics_policy_decisions_total{outcome="clear"}')).toBe(clear + 1);
  });

  it("counts a job that fails, GitHub's error status, and the dead letter it leaves", async () => {
    const errors = await sample('ethics_policy_errors_total{event="pull_request"}');
    const failed = await sample('ethics_policy_github_requests_total{method="POST",status="502"}');
    standin.failNext(
      { operationName: "EthicsPolicyPullRequest" },
      { status: 502, body: { message: "Bad Gateway" } },
      5,
    );

    const response = await deliver(app, { event: "pull_request", payload: seed(23, "Palantir") });

    // The delivery was stored and answered; its job failed (one try in these tests) and waits as a dead letter.
    expect(response.status).toBe(200);
    expect(await sample('ethics_policy_errors_total{event="pull_request"}')).toBe(errors + 1);
    expect(await sample("ethics_policy_dead_letter_jobs")).toBeGreaterThanOrEqual(1);
    expect(await sample('ethics_policy_github_requests_total{method="POST",status="502"}')).toBeGreaterThan(failed);
  });
});

describe("the decision id", () => {
  it("is the delivery id, on the review's log line", async () => {
    await deliver(app, {
      event: "pull_request",
      payload: seed(24, "Palantir Technologies"),
      id: "delivery-observability-24",
    });

    const line = app.logs.find((l) => l.decision_id === "delivery-observability-24" && typeof l.flagged === "boolean");
    expect(line).toEqual(
      expect.objectContaining({ pull: 24, flagged: true, msg: "pull request flagged for maintainer review" }),
    );
  });
});
