// One redaction layer for every log path, at every level: the app's own lines, Probot's webhook
// middleware (a mis-signed delivery's error carries the whole payload; an unsigned huge body),
// pino-http's request lines and Octokit's. Real flows through the real server, all output kept.
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { startGitHubStandin, type GitHubStandin } from "../../src/standin/github-standin.js";
import { deliver, signWebhook, startApp, type RunningApp } from "../helpers/e2e.js";
import {
  commentPayload,
  MAINTAINER,
  OWNER,
  pushPayload as reliabilityPush,
  REPO,
  seedPull,
} from "../helpers/reliability.js";

const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/;
const TOKEN = /\b(gh[pousr]_[A-Za-z0-9]{16,}|github_pat_|eyJ[A-Za-z0-9_-]{8,}\.)|BEGIN [A-Z ]*PRIVATE KEY/;
/** Longest log line allowed: a line holds fields and cut strings, never a body. */
const MAX_LINE = 4000;
const SECRET = {
  company: "Palantir Technologies (company-text-Q7)",
  email: "commit.person.z1@palantir.com",
  pushEmail: "push.person.z2@example.org",
  reason: "approval-reason-text-Z3",
  message: "commit-message-text-Z4",
  token: "ghp_ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789",
};

/** A push that changes the policy, its commit carrying an email, a message and a token. */
const pushPayload = () =>
  reliabilityPush({
    sha: "1".repeat(40),
    message: `${SECRET.message} ${SECRET.token}`,
    author: { name: "Push Person", email: SECRET.pushEmail, username: "push-person" },
  });

let standin: GitHubStandin;
beforeAll(async () => {
  standin = await startGitHubStandin({ appId: 123 });
});
afterAll(async () => {
  await standin?.close();
});

describe.each(["info", "debug", "trace"])("every log line at %s", (level) => {
  let app: RunningApp;
  beforeAll(async () => {
    app = await startApp(standin, { logLevel: level });
  });
  afterAll(async () => {
    await app?.stop();
  });

  it("holds no email, token, profile or commit text, approval reason, or long line", async () => {
    standin.reset();
    const flagged = seedPull(standin, {
      number: 71,
      author: "flagged-author",
      company: SECRET.company,
      email: SECRET.email,
    });
    for (const c of standin.pullRequest(OWNER, REPO, flagged.number).commits) c.message = SECRET.message;
    expect((await deliver(app, { event: "pull_request", payload: flagged.payload() })).status).toBe(200);
    const approve = commentPayload(standin, flagged, `/ethics-policy approve ${SECRET.reason}`, MAINTAINER);
    expect((await deliver(app, { event: "issue_comment", payload: approve })).status).toBe(200);

    // Signed with an old secret: the webhook middleware logs the error, payload attached.
    const push = pushPayload();
    const misSigned = await deliver(app, {
      event: "push",
      payload: push,
      signature: signWebhook("an-old-secret", JSON.stringify(push)),
    });
    expect(misSigned.status).toBe(400);
    // Unsigned, and 4 MiB of text that repeats an email.
    const huge = { ...push, padding: `${SECRET.pushEmail} `.repeat((4 * 1024 * 1024) / 28) };
    const unsigned = await deliver(app, { event: "push", payload: huge, signature: null, checkPayload: false });
    expect(unsigned.status).toBe(400);

    const lines = app.rawLogs;
    expect(lines.length).toBeGreaterThan(3);
    // The mis-signed delivery was logged (as an error), but only by what it was.
    expect(app.logs.some((l) => Number(l.level) >= 50 && /signature/i.test(JSON.stringify(l)))).toBe(true);
    if (level !== "info") expect(app.logs.some((l) => Number(l.level) < 30)).toBe(true);
    const leaks = lines.filter(
      (line) =>
        line.length > MAX_LINE ||
        EMAIL.test(line) ||
        TOKEN.test(line) ||
        Object.values(SECRET).some((s) => line.includes(s)) ||
        /company-text|approval-reason|commit-message-text/.test(line),
    );
    expect(leaks.map((l) => l.slice(0, 300))).toEqual([]);
  }, 60_000);
});
