// `npm run smoke` in CI: the same flow (scripts/smoke-flow.ts) against the stand-in and the real
// app server. The driver here changes the stand-in's state and delivers the signed webhooks GitHub
// would send; everything the flow checks it reads back through the REST API, as against GitHub.
import { describe, expect, it, jest } from "@jest/globals";
import { Octokit } from "@octokit/rest";
import { runSmoke, type SmokeDriver } from "../../scripts/smoke-flow.js";
import { main, REQUIRED_ENV } from "../../scripts/smoke.js";
import type { GitHubStandin } from "../../src/standin/github-standin.js";
import { fakeSha } from "../../src/standin/state.js";
import { deliver, useStandinAndApp, type RunningApp } from "../helpers/e2e.js";
import {
  commentPayload,
  MAINTAINER,
  OWNER,
  pushCommit,
  REPO,
  seedPull,
  seedRepo,
  type SeededPull,
} from "../helpers/reliability.js";

// The first request to the schema-checking stand-in compiles what it validates with: slow on a busy machine.
jest.setTimeout(120_000);

let standin: GitHubStandin;
let app: RunningApp;
useStandinAndApp((s, a) => {
  standin = s;
  app = a;
});

function standinDriver(): SmokeDriver {
  const pulls = new Map<number, SeededPull>();
  const pullOf = (number: number) => {
    const pull = pulls.get(number);
    if (!pull) throw new Error(`no pull request #${number}`);
    return pull;
  };
  return {
    async openPullRequest(email) {
      // An author whose profile says nothing: only the commit's email domain is listed.
      const pull = seedPull(standin, { number: 1, company: null, email });
      pulls.set(1, pull);
      await deliver(app, { event: "pull_request", payload: pull.payload("opened") });
      return { number: 1, headSha: pull.headSha };
    },
    async pushCommit(number, email) {
      const pull = pullOf(number);
      const sha = fakeSha("smoke", "second commit");
      pushCommit(standin, pull, sha, email);
      await deliver(app, { event: "pull_request", payload: pull.payload("synchronize", sha) });
      return sha;
    },
    async comment(number, body) {
      await deliver(app, {
        event: "issue_comment",
        payload: commentPayload(standin, pullOf(number), body, MAINTAINER),
      });
    },
    async cleanUp(number) {
      standin.pullRequest(OWNER, REPO, number).state = "closed";
    },
  };
}

describe("npm run smoke", () => {
  it("passes against the stand-in and the app: flagged, approved by command, still approved after a push", async () => {
    seedRepo(standin);
    const lines: string[] = [];
    const reader = new Octokit({ baseUrl: standin.url, auth: "ghs_standin_4242" });

    await runSmoke(standinDriver(), reader, {
      repo: { owner: OWNER, repo: REPO },
      botLogin: "ethics-policy[bot]",
      timeoutMs: 10_000,
      pollMs: 20,
      say: (line) => lines.push(line),
      wait: () => new Promise((resolve) => setTimeout(resolve, 20)),
    });

    expect(lines).toEqual([
      expect.stringMatching(/lists palantir\.com; label "ethics-review"/),
      expect.stringMatching(/opened pull request #1 with a commit by ethics-policy-smoke@palantir\.com/),
      expect.stringMatching(/^flagged: check .*\(neutral\), comment posted/),
      expect.stringMatching(/^approved: check "Approved by maintainer-mo/),
      expect.stringMatching(/^pushed [0-9a-f]{7}: still approved/),
      "closed #1 and deleted its branch",
    ]);
    expect(standin.pullRequest(OWNER, REPO, 1).state).toBe("closed");
  });

  it("fails, naming the step, when the app does not answer (here: the approval command never arrives)", async () => {
    seedRepo(standin);
    const silent: SmokeDriver = { ...standinDriver(), comment: async () => undefined };
    const reader = new Octokit({ baseUrl: standin.url, auth: "ghs_standin_4242" });
    await expect(
      runSmoke(silent, reader, {
        repo: { owner: OWNER, repo: REPO },
        botLogin: "ethics-policy[bot]",
        timeoutMs: 300,
        pollMs: 20,
        say: () => undefined,
        wait: () => new Promise((resolve) => setTimeout(resolve, 20)),
      }),
    ).rejects.toThrow(/waiting for the approval; last seen: labels \[ethics-review\]/);
    expect(standin.pullRequest(OWNER, REPO, 1).state).toBe("closed");
  });

  it("without credentials, says exactly which environment variables it needs and exits 2", async () => {
    const lines: string[] = [];
    expect(await main({ SMOKE_REPOSITORY: "o/r" }, (line) => lines.push(line))).toBe(2);
    const text = lines.join("\n");
    for (const name of Object.keys(REQUIRED_ENV)) expect(text).toContain(name);
    expect(text).toMatch(/set +SMOKE_REPOSITORY/);
    expect(text).toMatch(/missing +SMOKE_MAINTAINER_TOKEN/);
    expect(await main({}, () => undefined)).toBe(2);
  });
});
