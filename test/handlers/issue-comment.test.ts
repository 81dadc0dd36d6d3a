import { beforeEach, describe, expect, it } from "@jest/globals";
import nock from "nock";
import { COMMENT_MARKER } from "../../src/state/marker.js";
import { claimedState as decodeState, legacyStateLine } from "../helpers/state.js";

type Approval = Parameters<typeof legacyStateLine>[0]["approvals"][number];
import { HEAD_SHA, NUMBER, OWNER, REPO, pullRequestReply, type PullRequestSpec } from "../helpers/github-replies.js";
import { API, deliver, testApp, tokenExchange, webhookPayload, type TestApp } from "../helpers/probot.js";

const POLICY = `version: 1
organizations:
  - name: Palantir Technologies
    aliases: [Palantir]
    github_orgs: [palantir]
    email_domains: [palantir.com]
`;
const AUTHOR = { login: "Codertocat", company: "Palantir", organizations: ["palantir"] };
type Body = Record<string, unknown>;

function flaggedComment(approvals: Approval[] = []): string {
  return `${COMMENT_MARKER}\n${legacyStateLine({ head_sha: HEAD_SHA, flagged: true, organizations: ["Palantir Technologies"], approvals })}\nflagged\n`;
}

function flaggedState(extra: Partial<PullRequestSpec> = {}): PullRequestSpec {
  return {
    policy: POLICY,
    author: AUTHOR,
    labels: ["ethics-review"],
    comments: [{ id: 7, body: flaggedComment(), mine: true }],
    checkRun: {
      id: 9,
      conclusion: "neutral",
      title: "Flagged for maintainer review: Palantir Technologies",
      summary: "old",
    },
    ...extra,
  };
}

function commentPayload(body: string, sender = "maint", senderType = "User"): Record<string, unknown> {
  const payload = webhookPayload("issue_comment", "created") as Body & { issue: Body; comment: Body; sender: Body };
  payload.issue = {
    ...payload.issue,
    number: NUMBER,
    user: { ...(payload.issue.user as Body), login: "Codertocat" },
    pull_request: { url: "x" },
  };
  payload.comment = { ...payload.comment, id: 555, body, performed_via_github_app: null };
  payload.sender = { ...payload.sender, login: sender, type: senderType };
  return payload;
}

function permission(login: string, role_name: string | null, permission: string, status = 200) {
  return nock(API)
    .get(`/repos/${OWNER}/${REPO}/collaborators/${login}/permission`)
    .reply(status, status === 200 ? { permission, role_name, user: { login } } : { message: "Server Error" });
}

function read(spec: PullRequestSpec) {
  return nock(API).post("/graphql").reply(200, pullRequestReply(spec));
}

function reply(into: Body[]) {
  return nock(API)
    .get(`/repos/${OWNER}/${REPO}/issues/${NUMBER}/comments`)
    .query(true)
    .reply(200, [])
    .post(`/repos/${OWNER}/${REPO}/issues/${NUMBER}/comments`)
    .reply(201, (_u: string, b: nock.Body) => {
      into.push(b as Body);
      return { id: 1000 };
    });
}

let app: TestApp;
beforeEach(async () => {
  app = await testApp(new Date("2026-11-30T12:00:00Z"));
});

describe("/ethics-policy approve", () => {
  it.each([
    ["admin", "admin"],
    ["maintain", "write"],
  ])("by a %s records who, when, why, author and head SHA, and clears the flag", async (role, perm) => {
    const updated: Body[] = [];
    const replies: Body[] = [];
    tokenExchange();
    permission("maint", role, perm);
    read(flaggedState());
    nock(API)
      .delete(`/repos/${OWNER}/${REPO}/issues/${NUMBER}/labels/ethics-review`)
      .reply(200, [])
      .patch(`/repos/${OWNER}/${REPO}/issues/comments/7`)
      .reply(200, (_u: string, b: nock.Body) => {
        updated.push(b as Body);
        return { id: 7 };
      })
      .patch(
        `/repos/${OWNER}/${REPO}/check-runs/9`,
        (b) => b.conclusion === "success" && /Approved by maint/.test(b.output.title),
      )
      .reply(200, { id: 9 });
    reply(replies);

    await deliver(app, "issue_comment", commentPayload("/ethics-policy approve personal contribution, confirmed"));

    const state = decodeState(String(updated[0]!.body));
    expect(state?.approvals).toEqual([
      expect.objectContaining({
        by: "maint",
        at: "2026-11-30T12:00:00.000Z",
        reason: "personal contribution, confirmed",
        author: "Codertocat",
        head_sha: HEAD_SHA,
        organizations: ["Palantir Technologies"],
      }),
    ]);
    expect(String(updated[0]!.body)).toContain("approved by a maintainer");
    expect(String(updated[0]!.body)).toContain("Approval history");
    expect(String(replies[0]!.body)).toContain("Recorded");
  });

  it.each([
    ["write", "write"],
    ["triage", "read"],
    ["read", "read"],
    [null, "none"],
  ])("by a %s user changes nothing and says so", async (role, perm) => {
    const replies: Body[] = [];
    tokenExchange();
    permission("maint", role, perm);
    read(flaggedState({ checkRun: { id: 9, conclusion: "neutral", title: "x", summary: "x" } }));
    // The check is re-rendered from the unchanged decision: still flagged, still neutral.
    nock(API)
      .patch(`/repos/${OWNER}/${REPO}/check-runs/9`, (b) => b.conclusion === "neutral")
      .reply(200, {})
      .patch(`/repos/${OWNER}/${REPO}/issues/comments/7`, (b) => decodeState(b.body)?.approvals.length === 0)
      .reply(200, {});
    reply(replies);
    await deliver(app, "issue_comment", commentPayload("/ethics-policy approve"));
    expect(String(replies[0]!.body)).toMatch(/needs the maintain role/);
  });

  it("changes nothing when the permission lookup fails", async () => {
    const replies: Body[] = [];
    tokenExchange();
    permission("maint", null, "", 500);
    reply(replies);
    await deliver(app, "issue_comment", commentPayload("/ethics-policy approve"));
    expect(String(replies[0]!.body)).toMatch(/did not tell the app your role/);
  });

  it("refuses the pull request's own author without looking anything up", async () => {
    const replies: Body[] = [];
    tokenExchange();
    reply(replies);
    await deliver(app, "issue_comment", commentPayload("/ethics-policy approve it's fine", "Codertocat"));
    expect(String(replies[0]!.body)).toMatch(/author of a pull request cannot approve/);
  });

  it("ignores bots and comments without a command", async () => {
    await deliver(app, "issue_comment", commentPayload("/ethics-policy approve", "some-bot[bot]", "Bot"));
    await deliver(app, "issue_comment", commentPayload("LGTM, but see /ethics-policy approve"));
    // No interceptor registered: any request would fail the test.
  });
});

describe("approvals over time", () => {
  const approval: Approval = {
    by: "maint",
    at: "2026-11-29T00:00:00.000Z",
    reason: "ok",
    author: "Codertocat",
    head_sha: "0000000000000000000000000000000000000000",
    organizations: ["Palantir Technologies"],
    evidence: [
      ["Palantir Technologies", "profile_company", "Codertocat", "Palantir", ""].join("\u001f").toLowerCase(),
      ["Palantir Technologies", "organizations", "Codertocat", "palantir", ""].join("\u001f").toLowerCase(),
    ],
  };

  it("keep covering new commits by the same author that bring no new evidence", async () => {
    tokenExchange();
    read(
      flaggedState({
        comments: [{ id: 7, body: flaggedComment([approval]), mine: true }],
        commits: [{ sha: HEAD_SHA, author: { email: "c@example.com", user: AUTHOR } }],
      }),
    );
    nock(API)
      .delete(`/repos/${OWNER}/${REPO}/issues/${NUMBER}/labels/ethics-review`)
      .reply(200, [])
      .patch(`/repos/${OWNER}/${REPO}/issues/comments/7`, (b) => /approved by a maintainer/.test(b.body))
      .reply(200, {})
      .patch(`/repos/${OWNER}/${REPO}/check-runs/9`, (b) => b.conclusion === "success")
      .reply(200, {});
    await deliver(app, "pull_request", webhookPayload("pull_request", "synchronize"));
  });

  it("stop covering when new evidence appears: an affiliated co-author flags again", async () => {
    tokenExchange();
    read(
      flaggedState({
        labels: [],
        comments: [{ id: 7, body: flaggedComment([approval]), mine: true }],
        checkRun: null,
        commits: [
          {
            sha: HEAD_SHA,
            message: "Work\n\nCo-authored-by: Pat <pat@palantir.com>",
            author: { email: "c@example.com", user: AUTHOR },
          },
        ],
      }),
    );
    nock(API)
      .post(`/repos/${OWNER}/${REPO}/labels`)
      .reply(422, { message: "already_exists" })
      .post(`/repos/${OWNER}/${REPO}/issues/${NUMBER}/labels`)
      .reply(200, [])
      .patch(
        `/repos/${OWNER}/${REPO}/issues/comments/7`,
        (b) => /review requested/.test(b.body) && /Approval history/.test(b.body),
      )
      .reply(200, {})
      .post(`/repos/${OWNER}/${REPO}/check-runs`, (b) => b.conclusion === "neutral")
      .reply(201, {});
    await deliver(app, "pull_request", webhookPayload("pull_request", "synchronize"));
  });
});

describe("/ethics-policy recheck and explain", () => {
  it("recheck re-evaluates and acknowledges with a reaction", async () => {
    tokenExchange();
    read(flaggedState({ checkRun: null }));
    nock(API)
      .patch(`/repos/${OWNER}/${REPO}/issues/comments/7`)
      .reply(200, {})
      .post(`/repos/${OWNER}/${REPO}/check-runs`)
      .reply(201, {})
      .post(`/repos/${OWNER}/${REPO}/issues/comments/555/reactions`, { content: "+1" })
      .reply(201, {});
    await deliver(app, "issue_comment", commentPayload("/ethics-policy recheck", "anyone"));
  });

  it("explain answers with what matched", async () => {
    const replies: Body[] = [];
    tokenExchange();
    read(flaggedState({ checkRun: null }));
    nock(API)
      .patch(`/repos/${OWNER}/${REPO}/issues/comments/7`)
      .reply(200, {})
      .post(`/repos/${OWNER}/${REPO}/check-runs`)
      .reply(201, {});
    reply(replies);
    await deliver(app, "issue_comment", commentPayload("/ethics-policy explain", "anyone"));
    expect(String(replies[0]!.body)).toMatch(
      /flagged because of \d+ piece\(s\) of public evidence linking it to Palantir Technologies/,
    );
  });
});
