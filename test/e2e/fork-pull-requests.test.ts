// Issue 9, break 2: Approve and Re-run on pull requests from forks. GitHub sends
// `check_run.pull_requests: []` when the head is in a fork; the app finds the pull request from the
// check run's external_id, or by its head SHA among the open pull requests, and verifies it.
import { describe, expect, it, jest } from "@jest/globals";
import { checkExternalId } from "../../src/reconcile/check-external-id.js";
import { claimedState as decodeState } from "../helpers/state.js";
import type { GitHubStandin } from "../../src/standin/github-standin.js";
import { fakeSha } from "../../src/standin/state.js";
import { deliver, useStandinAndApp, type RunningApp } from "../helpers/e2e.js";
import {
  appChecks,
  appComments,
  checkRunPayload,
  MAINTAINER,
  OWNER,
  POLICY,
  REPO,
  seedPull,
  seedRepo,
} from "../helpers/reliability.js";

// The first request to the schema-checking stand-in compiles what it validates with: slow on a busy machine.
jest.setTimeout(120_000);

const ACTION_REQUIRED = `${POLICY}actions:\n  check: action_required\n`;

let standin: GitHubStandin;
let app: RunningApp;
useStandinAndApp((s, a) => {
  standin = s;
  app = a;
});

const checkRunEvent = (payload: Record<string, unknown>) => ({ event: "check_run", payload });

describe("a pull request from a fork (check_run.pull_requests is empty)", () => {
  it("the Approve button approves it: found by the check run's external_id", async () => {
    seedRepo(standin, ACTION_REQUIRED);
    const pull = seedPull(standin, { number: 3, fork: { owner: "pat-fork", name: REPO } });
    expect(standin.pullRequest(OWNER, REPO, 3).headRepo?.owner).toBe("pat-fork");
    await deliver(app, { event: "pull_request", payload: pull.payload() });
    const [check] = appChecks(standin, pull.headSha);
    expect(check).toMatchObject({ conclusion: "action_required", externalId: checkExternalId(3) });

    const payload = checkRunPayload(standin, pull, "requested_action", MAINTAINER);
    expect(payload.check_run.pull_requests).toEqual([]);
    await deliver(app, checkRunEvent(payload));

    expect(appChecks(standin, pull.headSha)).toEqual([
      expect.objectContaining({ conclusion: "success", title: expect.stringMatching(/Approved by maintainer-mo/) }),
    ]);
    const [comment] = appComments(standin, 3);
    expect(decodeState(comment?.body)?.approvals).toEqual([expect.objectContaining({ by: MAINTAINER })]);
    expect(standin.pullRequest(OWNER, REPO, 3).labels).toEqual([]);
    expect(app.logs).toContainEqual(expect.objectContaining({ foundBy: "external_id", pulls: [3] }));
    // Verified with one read of the pull request, not a search of every open one.
    expect(standin.requests.filter((r) => r.method === "GET" && /\/pulls\?/.test(r.path))).toEqual([]);
  });

  it("Re-run evaluates it again", async () => {
    seedRepo(standin, ACTION_REQUIRED);
    const pull = seedPull(standin, { number: 4, fork: { owner: "pat-fork", name: REPO } });
    await deliver(app, { event: "pull_request", payload: pull.payload() });
    expect(appChecks(standin, pull.headSha)[0]?.conclusion).toBe("action_required");
    // The contributor updated their profile; a maintainer presses Re-run.
    standin.addUser({ login: pull.author, company: null });

    await deliver(app, checkRunEvent(checkRunPayload(standin, pull, "rerequested", MAINTAINER)));

    expect(appChecks(standin, pull.headSha)).toEqual([expect.objectContaining({ conclusion: "success" })]);
    expect(standin.pullRequest(OWNER, REPO, 4).labels).toEqual([]);
  });

  it("a check run without the app's external_id is matched by head SHA among the open pull requests", async () => {
    seedRepo(standin, ACTION_REQUIRED);
    seedPull(standin, { number: 1 });
    const pull = seedPull(standin, { number: 2, fork: { owner: "pat-fork", name: REPO } });
    standin.addCheckRun({
      owner: OWNER,
      repo: REPO,
      headSha: pull.headSha,
      name: "Ethics policy",
      status: "completed",
      conclusion: "action_required",
      title: "Flagged",
      summary: "-",
    });
    standin.addUser({ login: pull.author, company: null });

    await deliver(app, checkRunEvent(checkRunPayload(standin, pull, "rerequested", MAINTAINER)));

    expect(appChecks(standin, pull.headSha)).toEqual([expect.objectContaining({ conclusion: "success" })]);
    expect(app.logs).toContainEqual(expect.objectContaining({ foundBy: "head_sha", pulls: [2] }));
    expect(appChecks(standin, standin.pullRequest(OWNER, REPO, 1).headSha)).toEqual([]);
  });

  it("an external_id naming a pull request whose head is another commit is not trusted", async () => {
    seedRepo(standin, ACTION_REQUIRED);
    const other = seedPull(standin, { number: 7 });
    const pull = seedPull(standin, { number: 8, fork: { owner: "pat-fork", name: REPO } });
    await deliver(app, { event: "pull_request", payload: pull.payload() });
    const [check] = appChecks(standin, pull.headSha);
    if (!check) throw new Error("no check");
    check.externalId = checkExternalId(other.number);
    standin.addUser({ login: pull.author, company: null });

    await deliver(app, checkRunEvent(checkRunPayload(standin, pull, "rerequested", MAINTAINER)));

    // #7's head is not the check run's commit: it is left alone, and #8 is found by its head SHA.
    expect(appChecks(standin, other.headSha)).toEqual([]);
    expect(appChecks(standin, pull.headSha)).toEqual([expect.objectContaining({ conclusion: "success" })]);
  });

  it("a check run on a commit that is no open pull request's head changes nothing", async () => {
    seedRepo(standin, ACTION_REQUIRED);
    const pull = seedPull(standin, { number: 9, fork: { owner: "pat-fork", name: REPO } });
    await deliver(app, { event: "pull_request", payload: pull.payload() });
    const payload = checkRunPayload(standin, pull, "rerequested", MAINTAINER);
    payload.check_run.head_sha = fakeSha("an older head");
    const writes = standin.writes().length;

    await deliver(app, checkRunEvent(payload));

    expect(standin.writes()).toHaveLength(writes);
    expect(app.logs).toContainEqual(expect.objectContaining({ foundBy: "none", pulls: [] }));
  });
});
