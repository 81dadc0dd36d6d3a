// Hostile input through the real server: a comment that imitates the app's (marker, forged hidden
// state and approvals) is never taken for the app's; commands from people without the role, from
// the author, from bots or on plain issues change nothing; profile and commit text built to
// mention, close, inject HTML or forge the marker comes out inert.
import { afterEach, describe, expect, it } from "@jest/globals";
import { COMMENT_MARKER } from "../../src/state/marker.js";
import { claimedState as decodeState, legacyStateLine } from "../helpers/state.js";
import type { GitHubStandin, StandinRole } from "../../src/standin/github-standin.js";
import { deliver, useStandinAndApp, type RunningApp } from "../helpers/e2e.js";
import { recordFigures } from "../helpers/figures.js";
import {
  appChecks,
  appComments,
  audit,
  CLEAN,
  checkRunPayload,
  commentPayload,
  githubApp,
  MAINTAINER,
  OWNER,
  recordFaults,
  REPO,
  seedPull,
  type SeededPull,
} from "../helpers/reliability.js";
import { CLOSING_REFERENCE, HOSTILE, LIVE_MENTION, LIVE_REFERENCE, rendered } from "../render/helpers.js";
import { itReadingOwnCheckRun } from "../helpers/breaks.js";

let standin: GitHubStandin;
let app: RunningApp;
useStandinAndApp((s, a) => {
  standin = s;
  app = a;
});
afterEach(() => {
  recordFaults(standin);
});

let numbers = 300;

/** A forged approval state, as someone would write it into their own comment. */
function forgedComment(pull: SeededPull): string {
  const approval = {
    by: MAINTAINER,
    at: "2026-11-01T00:00:00Z",
    reason: "forged",
    author: pull.author,
    head_sha: pull.headSha,
    organizations: ["Palantir Technologies"],
    evidence: [],
  };
  return `${COMMENT_MARKER}\n${legacyStateLine({ head_sha: pull.headSha, flagged: false, organizations: [], approvals: [approval] })}\nApproved.`;
}

/** Labels, the app comment's body and the check's conclusion: what a command could change. */
function flagState(pull: SeededPull) {
  return {
    labels: [...standin.pullRequest(OWNER, REPO, pull.number).labels],
    comment: appComments(standin, pull.number).map((c) => c.body),
    checks: appChecks(standin, pull.headSha).map((c) => `${c.conclusion}: ${c.title}`),
  };
}

describe("a comment that imitates the app's", () => {
  it.each([
    ["by the author, written before the app's", "User"],
    ["by another app", "Bot"],
  ])("%s is never taken for the app's comment, and its forged approval counts for nothing", async (_name, type) => {
    const pull = seedPull(standin, { number: ++numbers });
    const pr = standin.pullRequest(OWNER, REPO, pull.number);
    const login = type === "Bot" ? "other-app[bot]" : pull.author;
    if (type === "Bot") standin.addUser({ login, type: "Bot" });
    const forged = standin.state.addComment(pr, { body: forgedComment(pull), authorLogin: login, viaApp: false });
    recordFigures({ hostileInputs: 1 });

    await deliver(app, { event: "pull_request", payload: pull.payload() });

    expect(pr.comments.find((c) => c.id === forged.id)?.body).toBe(forgedComment(pull));
    const ours = appComments(standin, pull.number);
    expect(ours).toHaveLength(1);
    expect(ours[0]?.id).not.toBe(forged.id);
    expect(decodeState(ours[0]?.body)?.approvals).toEqual([]);
    expect(pr.labels).toEqual(["ethics-review"]);
    expect(appChecks(standin, pull.headSha)).toEqual([expect.objectContaining({ conclusion: "neutral" })]);
    expect(audit(standin, pull)).toEqual(CLEAN);
  });

  it("posted as a command after the app's comment, it changes nothing", async () => {
    const pull = seedPull(standin, { number: ++numbers });
    await deliver(app, { event: "pull_request", payload: pull.payload() });
    const before = flagState(pull);

    await deliver(app, {
      event: "issue_comment",
      payload: commentPayload(standin, pull, `${forgedComment(pull)}\n/ethics-policy recheck`, pull.author),
    });
    recordFigures({ hostileInputs: 1 });

    expect(flagState(pull)).toEqual(before);
    expect(audit(standin, pull)).toEqual(CLEAN);
  });
});

describe("commands from people who may not approve", () => {
  const roles: (StandinRole | null)[] = [null, "read", "triage", "write"];

  // BREAK(issue-9-fixes): break 5, CheckRun.databaseId overflows (test/helpers/breaks.ts).
  itReadingOwnCheckRun.each(roles.map((r) => [r ?? "no role"] as const))(
    "/ethics-policy approve by someone with %s changes nothing",
    async (role) => {
      const pull = seedPull(standin, { number: ++numbers });
      const login = `user-${String(role).replace(/\s/g, "-")}`;
      standin.addUser({ login });
      if (role !== "no role") standin.setRole(OWNER, REPO, login, role);
      await deliver(app, { event: "pull_request", payload: pull.payload() });
      const before = flagState(pull);

      await deliver(app, {
        event: "issue_comment",
        payload: commentPayload(standin, pull, "/ethics-policy approve trust me", login),
      });
      recordFigures({ hostileInputs: 1 });

      expect(flagState(pull)).toEqual(before);
      const replies = standin
        .pullRequest(OWNER, REPO, pull.number)
        .comments.filter((c) => c.viaApp && !c.body.includes(COMMENT_MARKER));
      expect(replies).toHaveLength(1);
      expect(audit(standin, pull)).toEqual(CLEAN);
    },
  );

  it.each([
    ["the pull request's author, even as a maintainer", "author", "User"],
    ["a bot", "helper-bot[bot]", "Bot"],
  ])("/ethics-policy approve by %s changes nothing", async (_name, who, type) => {
    const pull = seedPull(standin, { number: ++numbers });
    const login = who === "author" ? pull.author : who;
    standin.setRole(OWNER, REPO, login, "admin");
    await deliver(app, { event: "pull_request", payload: pull.payload() });
    const before = flagState(pull);

    await deliver(app, {
      event: "issue_comment",
      payload: commentPayload(standin, pull, "/ethics-policy approve mine", login, type),
    });
    recordFigures({ hostileInputs: 1 });

    expect(flagState(pull)).toEqual(before);
    expect(audit(standin, pull)).toEqual(CLEAN);
  });

  it("the check run's Approve button pressed by someone with write access changes nothing", async () => {
    const pull = seedPull(standin, { number: ++numbers });
    standin.addUser({ login: "writer" });
    standin.setRole(OWNER, REPO, "writer", "write");
    await deliver(app, { event: "pull_request", payload: pull.payload() });
    const before = flagState(pull);

    await deliver(app, { event: "check_run", payload: checkRunPayload(standin, pull, "requested_action", "writer") });
    recordFigures({ hostileInputs: 1 });

    expect(flagState(pull)).toEqual(before);
    expect(audit(standin, pull)).toEqual(CLEAN);
  });

  it("a command on a plain issue, or from a comment an app posted, is ignored", async () => {
    const pull = seedPull(standin, { number: ++numbers });
    await deliver(app, { event: "pull_request", payload: pull.payload() });
    const before = flagState(pull);
    const requests = standin.requests.length;

    const onIssue = commentPayload(standin, pull, "/ethics-policy approve", MAINTAINER);
    delete onIssue.issue.pull_request;
    const viaApp = commentPayload(standin, pull, "/ethics-policy approve", MAINTAINER);
    viaApp.comment.performed_via_github_app = githubApp(1, "other");
    await deliver(app, { event: "issue_comment", payload: onIssue });
    await deliver(app, { event: "issue_comment", payload: viaApp });
    recordFigures({ hostileInputs: 2 });

    expect(standin.requests.length).toBe(requests);
    expect(flagState(pull)).toEqual(before);
  });
});

describe("hostile profile and commit text", () => {
  it("comes out of the whole pipeline inert: no live mention, closing reference, HTML, link or second marker", async () => {
    const company = `Palantir ${HOSTILE.join(" ")}`;
    const pull = seedPull(standin, { number: ++numbers, company, email: "x@palantir.com" });
    const pr = standin.pullRequest(OWNER, REPO, pull.number);
    for (const c of pr.commits) c.message = `Fixes #1\n\nCo-authored-by: @everyone <${HOSTILE.join("")}@palantir.com>`;
    const author = standin.state.user(pull.author);
    if (author) author.bio = HOSTILE.join("\n");
    recordFigures({ hostileInputs: HOSTILE.length * 3 });

    expect((await deliver(app, { event: "pull_request", payload: pull.payload() })).status).toBe(200);

    const body = appComments(standin, pull.number)[0]?.body ?? "";
    expect(body).toContain("Palantir");
    expect(body.split("\n").filter((l) => l.startsWith("<!--"))).toHaveLength(2);
    expect(body.split(COMMENT_MARKER)).toHaveLength(2);
    expect(decodeState(body)?.flagged).toBe(true);
    const visible = body
      .split("\n")
      .slice(2)
      .map((l) => l.replace(/^> /, ""))
      .join("\n")
      .replace(/`\/ethics-policy approve <reason>`/g, "")
      .replace(/\]\(https:[^)\s]*\)/g, "]");
    expect(visible).not.toMatch(/[<>]/);
    expect(body.toLowerCase()).not.toContain("javascript:");
    expect(rendered(visible)).not.toMatch(LIVE_MENTION);
    expect(rendered(visible)).not.toMatch(LIVE_REFERENCE);
    expect(rendered(visible)).not.toMatch(CLOSING_REFERENCE);
    const check = appChecks(standin, pull.headSha)[0];
    for (const text of [check?.title ?? "", check?.summary ?? ""]) expect(rendered(text)).not.toMatch(LIVE_MENTION);
    expect(audit(standin, pull)).toEqual(CLEAN);
  });
});
