// Issue 9, break 1: with `actions.check: action_required` a flagged pull request gets its check run,
// with the Approve button, because the button's texts are within GitHub's limits (the stand-in
// refuses, as GitHub does, a check run whose actions are not); pressing it approves.
import { describe, expect, it, jest } from "@jest/globals";
import { CHECK_ACTION_LIMITS } from "../../src/render/check-actions.js";
import type { GitHubStandin } from "../../src/standin/github-standin.js";
import { deliver, useStandinAndApp, type RunningApp } from "../helpers/e2e.js";
import {
  appChecks,
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

let standin: GitHubStandin;
let app: RunningApp;
useStandinAndApp((s, a) => {
  standin = s;
  app = a;
});

const ACTION_REQUIRED = `${POLICY}actions:\n  check: action_required\n`;

describe("actions.check: action_required", () => {
  it("shows the flagged check with its Approve button, and pressing it approves the pull request", async () => {
    seedRepo(standin, ACTION_REQUIRED);
    const pull = seedPull(standin, { number: 1 });

    expect((await deliver(app, { event: "pull_request", payload: pull.payload() })).status).toBe(200);

    expect(standin.requests.filter((r) => r.status >= 400)).toEqual([]);
    const [check, ...others] = appChecks(standin, pull.headSha);
    expect(others).toEqual([]);
    expect(check).toMatchObject({ status: "completed", conclusion: "action_required" });
    expect(check?.actions).toEqual([expect.objectContaining({ label: "Approve", identifier: "approve" })]);
    for (const action of check?.actions ?? []) {
      expect(action.label.length).toBeLessThanOrEqual(CHECK_ACTION_LIMITS.label);
      expect(action.description.length).toBeLessThanOrEqual(CHECK_ACTION_LIMITS.description);
      expect(action.identifier.length).toBeLessThanOrEqual(CHECK_ACTION_LIMITS.identifier);
    }

    await deliver(app, {
      event: "check_run",
      payload: checkRunPayload(standin, pull, "requested_action", MAINTAINER),
    });

    const after = appChecks(standin, pull.headSha);
    expect(after).toHaveLength(1);
    expect(after[0]).toMatchObject({
      conclusion: "success",
      title: expect.stringMatching(/Approved by maintainer-mo/),
    });
    // The button goes once it no longer applies.
    expect(after[0]?.actions).toEqual([]);
    expect(standin.pullRequest(OWNER, REPO, 1).labels).toEqual([]);
  });

  it("the check run stays neutral and has no button under the default policy", async () => {
    seedRepo(standin);
    const pull = seedPull(standin, { number: 2 });
    await deliver(app, { event: "pull_request", payload: pull.payload() });
    const [check] = appChecks(standin, pull.headSha);
    expect(check).toMatchObject({ conclusion: "neutral", actions: [] });
  });
});
