// Octokit's retry plugin repeats a request that failed with a 5xx. For a write GitHub may already
// have carried out, that would duplicate it; the executors turn retries off for those writes. Here
// with Probot's own Octokit, retries ON as in production, against the stand-in.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "@jest/globals";
import { ProbotOctokit } from "probot";
import { applyPlan } from "../../src/reconcile/apply.js";
import { applyPlanGraphql, type GraphqlWriteClient } from "../../src/reconcile/graphql-executor.js";
import type { WriteIds } from "../../src/reconcile/mutation.js";
import { startGitHubStandin, type GitHubStandin } from "../../src/standin/github-standin.js";
import { pullNodeId, repoNodeId } from "../../src/standin/node-ids.js";

let standin: GitHubStandin;
let octokit: InstanceType<typeof ProbotOctokit>;
beforeAll(async () => {
  standin = await startGitHubStandin();
  octokit = new ProbotOctokit({
    auth: { token: "ghs_standin_1" },
    baseUrl: standin.url,
    throttle: { enabled: false },
    // Retries on, but quick: 1 ms instead of seconds between attempts.
    retry: { retryAfterBaseValue: 1 },
    log: { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} },
  });
});
afterAll(() => standin.close());
beforeEach(() => standin.reset());

const ref = { owner: "acme", repo: "widgets", number: 7 };
const output = { conclusion: "neutral" as const, title: "T", summary: "S" };
const badGateway = { status: 502, body: { message: "Bad Gateway" } };

function seed(): WriteIds {
  const repo = standin.addRepo({ owner: "acme", name: "widgets" });
  const pr = standin.addPullRequest({ ...ref, author: "alice" });
  return {
    repository: repoNodeId(repo),
    pullRequest: pullNodeId(pr),
    labels: new Map(),
    comments: new Map(),
  };
}

const attempts = (match: (path: string, operation?: string) => boolean) =>
  standin.requests.filter((r) => match(r.path, r.operationName)).length;

describe("writes that must not be repeated are sent once, even with the retry plugin on", () => {
  it("retries a read that failed with 502 (the plugin is on)", async () => {
    seed();
    standin.failNext({ method: "GET", path: /^\/repos\/acme\/widgets$/ }, badGateway);
    await octokit.rest.repos.get({ owner: "acme", repo: "widgets" });
    expect(attempts((p) => p === "/repos/acme/widgets")).toBe(2);
  });

  it("sends the reconcile mutation once when GitHub answers 502", async () => {
    const ids = seed();
    standin.failNext({ operationName: "EthicsPolicyReconcile" }, badGateway);
    const client = octokit as unknown as GraphqlWriteClient;
    await expect(applyPlanGraphql(client, ref, [{ kind: "create_comment", body: "B" }], ids)).rejects.toMatchObject({
      status: 502,
    });
    expect(attempts((_, op) => op === "EthicsPolicyReconcile")).toBe(1);
  });

  it("creates a comment or a check run over REST once when GitHub answers 502", async () => {
    seed();
    const pr = standin.pullRequest("acme", "widgets", 7);
    standin.failNext({ method: "POST", path: /\/issues\/7\/comments$/ }, badGateway);
    standin.failNext({ method: "POST", path: /\/check-runs$/ }, badGateway);
    const client = octokit as unknown as GraphqlWriteClient;
    await expect(applyPlan(client, ref, [{ kind: "create_comment", body: "B" }])).rejects.toMatchObject({
      status: 502,
    });
    await expect(
      applyPlan(client, ref, [{ kind: "create_check", name: "Ethics policy", headSha: pr.headSha, output }]),
    ).rejects.toMatchObject({ status: 502 });
    expect(attempts((p) => p.endsWith("/issues/7/comments"))).toBe(1);
    expect(attempts((p) => p.endsWith("/check-runs"))).toBe(1);
  });
});
