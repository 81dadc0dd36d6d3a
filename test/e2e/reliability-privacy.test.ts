// Privacy: whatever happens — flagged, clear, invalid policy, approvals and other commands, GitHub
// failing mid-write — the app's logs (every level, every line, Probot's and Octokit's included)
// hold no email address and none of the profile or commit text it read. Logins, pull request
// numbers, counts and decision outcomes are what it logs.
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { MUTATION_NAME } from "../../src/reconcile/mutation.js";
import { startGitHubStandin, type GitHubStandin } from "../../src/standin/github-standin.js";
import { fakeSha } from "../../src/standin/state.js";
import { deliver, startApp, type RunningApp } from "../helpers/e2e.js";
import { recordFigures } from "../helpers/figures.js";
import {
  commentPayload,
  MAINTAINER,
  OWNER,
  POLICY,
  recordFaults,
  REPO,
  seedPull,
  pushPayload as reliabilityPush,
} from "../helpers/reliability.js";

/** Anything shaped like an email address. */
const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/;

/** Profile and commit texts, each unique enough that finding it in a log can only be a leak. */
const SECRET = {
  company: "Palantir Technologies (profile-company-7Q2)",
  bio: "engineer at Palantir, profile-bio-K9Z",
  email: "profile.email.x1@palantir.com",
  blog: "https://profile-blog-W4X.example",
  commitEmail: "commit.author.x2@palantir.com",
  coAuthor: "co.author.x3@palantir.com",
  message: "commit-message-text-P5R",
  clearCompany: "Acme Widgets (profile-company-CLR)",
  clearEmail: "clear.person.x4@acme.example",
  reason: "approval-reason-text-M8N",
};

/** A push to the default branch that changes the policy, its commits carrying emails and messages. */
const pushPayload = () =>
  reliabilityPush({
    sha: "0".repeat(40),
    message: SECRET.message,
    author: { name: "Commit Author", email: SECRET.commitEmail, username: "commit-author" },
  });

let standin: GitHubStandin;
const apps: RunningApp[] = [];

beforeAll(async () => {
  standin = await startGitHubStandin({ appId: 123 });
  apps.push(
    await startApp(standin, { logLevel: "trace", writes: "graphql" }),
    await startApp(standin, { logLevel: "trace", writes: "rest" }),
  );
});
afterAll(async () => {
  await Promise.all(apps.map((a) => a.stop()));
  await standin?.close();
});

async function everyFlow(app: RunningApp, base: number) {
  // Flagged: every signal, with unique texts.
  const flagged = seedPull(standin, {
    number: base + 1,
    author: `flagged-${base}`,
    company: SECRET.company,
    email: SECRET.commitEmail,
  });
  const user = standin.state.user(flagged.author);
  if (user) Object.assign(user, { bio: SECRET.bio, email: SECRET.email, websiteUrl: SECRET.blog });
  for (const c of standin.pullRequest(OWNER, REPO, flagged.number).commits)
    c.message = `${SECRET.message}\n\nCo-authored-by: Co Author <${SECRET.coAuthor}>`;
  await deliver(app, { event: "pull_request", payload: flagged.payload() });

  // Clear.
  const clear = seedPull(standin, {
    number: base + 2,
    author: `clear-${base}`,
    company: SECRET.clearCompany,
    email: SECRET.clearEmail,
  });
  await deliver(app, { event: "pull_request", payload: clear.payload() });

  // Commands: approve (with a reason), explain, recheck, unknown, and approve by someone who may not.
  for (const body of [
    `/ethics-policy approve ${SECRET.reason}`,
    "/ethics-policy explain",
    "/ethics-policy recheck",
    "/ethics-policy frobnicate",
  ]) {
    await deliver(app, { event: "issue_comment", payload: commentPayload(standin, flagged, body, MAINTAINER) });
  }
  await deliver(app, {
    event: "issue_comment",
    payload: commentPayload(standin, flagged, "/ethics-policy approve", flagged.author),
  });

  // GitHub failing mid-write (the error path carries request bodies and the webhook payload).
  const failing = seedPull(standin, {
    number: base + 3,
    author: `failing-${base}`,
    company: SECRET.company,
    email: SECRET.commitEmail,
  });
  standin.failNext({ operationName: MUTATION_NAME }, { status: 502, body: { message: "Server Error" } });
  standin.failNext(
    { method: "POST", path: /\/issues\/\d+\/comments$/ },
    { status: 502, body: { message: "Server Error" } },
  );
  await deliver(app, { event: "pull_request", payload: failing.payload() });
  standin.failNext({ operationName: "EthicsPolicyPullRequest" }, { destroy: true, status: 500 });
  await deliver(app, { event: "pull_request", payload: failing.payload("synchronize") });

  // A push that changes the policy, whose payload lists commit emails: once failing, once not.
  standin.failNext({ method: "GET", path: /\/pulls\?/ }, { status: 502, body: { message: "Server Error" } });
  await deliver(app, { event: "push", payload: pushPayload() });
  await deliver(app, { event: "push", payload: pushPayload() });

  // A new head.
  flagged.headSha = fakeSha("privacy", base);
  await deliver(app, { event: "pull_request", payload: flagged.payload("synchronize") });

  // An invalid policy: the problems are logged; the policy text quotes an email.
  standin.setFile(OWNER, REPO, ".github/ethics-policy.yml", `${POLICY}contact: ${SECRET.email}\n`);
  await deliver(app, { event: "pull_request", payload: clear.payload("edited") });
  standin.setFile(OWNER, REPO, ".github/ethics-policy.yml", POLICY);
}

describe("logs", () => {
  it("never hold an email address or profile text, in any flow, at any level", async () => {
    let base = 400;
    for (const app of apps) {
      standin.reset();
      await everyFlow(app, (base += 10));
      recordFaults(standin);
    }
    recordFigures({ hostileInputs: Object.keys(SECRET).length * apps.length });

    const lines = apps.flatMap((a) => a.rawLogs);
    // The flows did run, including their failures, and were logged.
    expect(lines.length).toBeGreaterThan(50);
    expect(apps.flatMap((a) => a.logs).filter((l) => Number(l.level) >= 50).length).toBeGreaterThan(0);
    for (const msg of [
      "pull request flagged for maintainer review",
      "pull request clear",
      "the ethics policy is invalid; existing flags are left as they are",
      "policy changed on the default branch: every open pull request queued for review",
    ]) {
      expect(lines.some((l) => l.includes(msg))).toBe(true);
    }

    const leaks = lines.filter(
      (line) =>
        EMAIL.test(line) ||
        Object.values(SECRET).some((s) => line.includes(s)) ||
        /profile-|commit-message-text|approval-reason/.test(line),
    );
    expect(leaks).toEqual([]);
    // Every flow, twice over: more than the default 5 s on a busy two-core machine with the
    // stand-in validating and executing each request against GitHub's schemas.
  }, 60_000);
});
