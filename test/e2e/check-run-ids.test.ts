// Issue 9, break 5: real check-run ids are above 2^31, and GraphQL's CheckRun.databaseId is a
// 32-bit Int. The app addresses its check runs by node id: it updates the one it made in place,
// through the GraphQL mutation and through the REST executor (which finds the REST id by node id).
import { describe, expect, it, jest } from "@jest/globals";
import type { WriteApi } from "../../src/review.js";
import type { GitHubStandin } from "../../src/standin/github-standin.js";
import { deliver, useStandinAndApp, type RunningApp } from "../helpers/e2e.js";
import { appChecks, OWNER, REPO, seedPull } from "../helpers/reliability.js";

// The first request to the schema-checking stand-in compiles what it validates with: slow on a busy machine.
jest.setTimeout(120_000);

const INT32_MAX = 2 ** 31 - 1;

describe.each<WriteApi>(["graphql", "rest"])("check runs with ids above 2^31 (%s writes)", (writes) => {
  let standin: GitHubStandin;
  let app: RunningApp;
  useStandinAndApp(
    (s, a) => {
      standin = s;
      app = a;
    },
    { writes },
  );

  it("updates the app's check run in place when the decision changes, never adding a second", async () => {
    const pull = seedPull(standin, { number: 5 });
    // An earlier run of the app left a check with a real-size id on the head commit.
    const earlier = standin.addCheckRun({
      owner: OWNER,
      repo: REPO,
      headSha: pull.headSha,
      name: "Ethics policy",
      id: 35_012_345_678,
      status: "completed",
      conclusion: "success",
      title: "No affiliation found",
      summary: "-",
    });
    expect(earlier.id).toBeGreaterThan(INT32_MAX);

    await deliver(app, { event: "pull_request", payload: pull.payload("synchronize") });

    expect(standin.requests.filter((r) => r.status >= 400)).toEqual([]);
    expect(appChecks(standin, pull.headSha)).toEqual([
      expect.objectContaining({ id: earlier.id, conclusion: "neutral" }),
    ]);
    if (writes === "rest")
      expect(standin.writes().map((w) => `${w.method} ${w.path}`)).toContain(
        `PATCH /repos/${OWNER}/${REPO}/check-runs/${earlier.id}`,
      );

    // The author's profile no longer names the organization: the same check turns success.
    standin.addUser({ login: pull.author, company: null });
    await deliver(app, { event: "pull_request", payload: pull.payload("synchronize") });
    expect(appChecks(standin, pull.headSha)).toEqual([
      expect.objectContaining({ id: earlier.id, conclusion: "success" }),
    ]);
  });

  it("the check runs the stand-in hands out are above 2^31 too", async () => {
    const pull = seedPull(standin, { number: 6 });
    await deliver(app, { event: "pull_request", payload: pull.payload() });
    const [check] = appChecks(standin, pull.headSha);
    expect(check?.id).toBeGreaterThan(INT32_MAX);
    await deliver(app, { event: "pull_request", payload: pull.payload("synchronize") });
    expect(appChecks(standin, pull.headSha).map((c) => c.id)).toEqual([check?.id]);
  });
});
