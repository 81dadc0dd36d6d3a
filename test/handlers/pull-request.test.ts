import { beforeEach, describe, expect, it } from "@jest/globals";
import nock from "nock";
import { HEAD_SHA, NUMBER, OWNER, REPO, pullRequestReply, type PullRequestSpec } from "../helpers/github-replies.js";
import { API, APP_ID, deliver, testApp, tokenExchange, webhookPayload, type TestApp } from "../helpers/probot.js";

const POLICY = `version: 1
statement: We do not accept work done on behalf of organizations that build deportation tooling.
policy_url: ETHICS.md
organizations:
  - name: Palantir Technologies
    aliases: [Palantir]
    github_orgs: [palantir]
    email_domains: [palantir.com, "*.palantir.com"]
    reason: Builds ICE's case-management software.
`;

const FLAGGED_AUTHOR = { login: "Codertocat", company: "Palantir Technologies, Inc.", organizations: ["palantir"] };
const CLEAR_AUTHOR = { login: "Codertocat", company: "Acme", organizations: ["acme"] };

type Body = Record<string, unknown>;

/** Expects the one GraphQL read, answering as GitHub would for `spec`. */
function graphqlRead(spec: PullRequestSpec): nock.Scope {
  return nock(API)
    .post("/graphql", (body: { query: string; variables: Body }) => {
      expect(body.query).toContain("query EthicsPolicyPullRequest(");
      expect(body.variables).toMatchObject({
        owner: OWNER,
        repo: REPO,
        number: NUMBER,
        appId: APP_ID,
        checkName: "Ethics policy",
      });
      return true;
    })
    .reply(200, pullRequestReply(spec));
}

/** Records the body of a write and answers like GitHub. */
function capture(into: Body[], reply: Body = {}) {
  return (_uri: string, body: nock.Body) => {
    into.push(body as Body);
    return reply;
  };
}

let app: TestApp;
beforeEach(async () => {
  app = await testApp();
});

describe("pull_request: a flagged pull request", () => {
  it("gets the label (created if missing), one comment with the evidence, and a neutral check", async () => {
    const labels: Body[] = [];
    const comments: Body[] = [];
    const checks: Body[] = [];
    tokenExchange();
    graphqlRead({ policy: POLICY, author: FLAGGED_AUTHOR });
    nock(API)
      .post(`/repos/${OWNER}/${REPO}/labels`, (b) => {
        labels.push(b);
        return true;
      })
      .reply(201, {})
      .post(`/repos/${OWNER}/${REPO}/issues/${NUMBER}/labels`, { labels: ["ethics-review"] })
      .reply(200, [])
      .post(`/repos/${OWNER}/${REPO}/issues/${NUMBER}/comments`)
      .reply(201, capture(comments, { id: 1 }))
      .post(`/repos/${OWNER}/${REPO}/check-runs`)
      .reply(201, capture(checks, { id: 9 }));

    await deliver(app, "pull_request", webhookPayload("pull_request", "opened"));

    expect(labels).toEqual([
      { name: "ethics-review", color: expect.stringMatching(/^[0-9a-f]{6}$/), description: expect.any(String) },
    ]);
    expect(comments).toHaveLength(1);
    const body = String(comments[0]!.body);
    expect(body).toContain("<!-- ethics-policy:comment -->");
    expect(body).toContain("deportation tooling");
    expect(body).toContain(`https://github.com/${OWNER}/${REPO}/blob/master/ETHICS.md`);
    expect(body).toContain("Palantir Technologies");
    expect(body).toContain("case\\-management"); // the reason, escaped Markdown
    expect(body).toContain("public organization membership");
    expect(checks).toEqual([
      expect.objectContaining({
        name: "Ethics policy",
        head_sha: HEAD_SHA,
        status: "completed",
        conclusion: "neutral",
        details_url: `https://github.com/${OWNER}/${REPO}/pull/${NUMBER}`,
        output: expect.objectContaining({ title: expect.stringContaining("Palantir Technologies") }),
      }),
    ]);
    expect(app.logs.find((l) => l.msg === "pull request flagged for maintainer review")).toMatchObject({
      flagged: true,
      author: "Codertocat",
    });
  });

  it("writes nothing more when the same event is delivered again", async () => {
    const comments: Body[] = [];
    const checks: Body[] = [];
    tokenExchange();
    graphqlRead({ policy: POLICY, author: FLAGGED_AUTHOR });
    nock(API)
      .post(`/repos/${OWNER}/${REPO}/labels`)
      .reply(201, {})
      .post(`/repos/${OWNER}/${REPO}/issues/${NUMBER}/labels`)
      .reply(200, [])
      .post(`/repos/${OWNER}/${REPO}/issues/${NUMBER}/comments`)
      .reply(201, capture(comments, { id: 1 }))
      .post(`/repos/${OWNER}/${REPO}/check-runs`)
      .reply(201, capture(checks, { id: 9 }));
    const payload = webhookPayload("pull_request", "opened");
    await deliver(app, "pull_request", payload);
    expect(nock.pendingMocks()).toEqual([]);

    // GitHub now shows what the first delivery wrote; the second must find nothing to change.
    const check = checks[0] as { conclusion: string; output: { title: string; summary: string } };
    graphqlRead({
      policy: POLICY,
      author: FLAGGED_AUTHOR,
      labels: ["ethics-review"],
      comments: [{ id: 1, body: String(comments[0]!.body), mine: true }],
      checkRun: { id: 9, conclusion: check.conclusion, title: check.output.title, summary: check.output.summary },
    });
    await deliver(app, "pull_request", payload);
    // No write interceptor is registered: any write would fail the test as an unmatched request.
    expect(app.logs.filter((l) => l.msg === "pull request flagged for maintainer review").map((l) => l.writes)).toEqual(
      [["add_label", "create_comment", "create_check"], []],
    );
  });

  it("uses the owner's .github policy when the repository has none", async () => {
    tokenExchange();
    graphqlRead({ policy: null, ownerPolicy: POLICY, author: FLAGGED_AUTHOR });
    nock(API)
      .post(`/repos/${OWNER}/${REPO}/labels`)
      .reply(201, {})
      .post(`/repos/${OWNER}/${REPO}/issues/${NUMBER}/labels`)
      .reply(200, [])
      .post(`/repos/${OWNER}/${REPO}/issues/${NUMBER}/comments`)
      .reply(201, { id: 1 })
      .post(`/repos/${OWNER}/${REPO}/check-runs`, (b) => b.conclusion === "neutral")
      .reply(201, { id: 9 });
    await deliver(app, "pull_request", webhookPayload("pull_request", "synchronize"));
  });
});

describe("pull_request: a clear pull request", () => {
  it("gets only a success check: no label, no comment", async () => {
    tokenExchange();
    graphqlRead({ policy: POLICY, author: CLEAR_AUTHOR });
    nock(API)
      .post(`/repos/${OWNER}/${REPO}/check-runs`, (b) => b.conclusion === "success" && b.head_sha === HEAD_SHA)
      .reply(201, { id: 9 });
    await deliver(app, "pull_request", webhookPayload("pull_request", "opened"));
  });

  it("is not flagged when the author is a bot, even with an affiliated commit email", async () => {
    tokenExchange();
    graphqlRead({
      policy: POLICY,
      author: { login: "dependabot", type: "Bot" },
      commits: [{ sha: HEAD_SHA, author: { email: "bot@palantir.com", user: null } }],
    });
    nock(API)
      .post(`/repos/${OWNER}/${REPO}/check-runs`, (b) => b.conclusion === "success")
      .reply(201, { id: 9 });
    await deliver(app, "pull_request", webhookPayload("pull_request", "opened"));
  });
});

describe("pull_request: no policy", () => {
  it("does nothing at all", async () => {
    tokenExchange();
    graphqlRead({ policy: null, ownerPolicy: null, author: FLAGGED_AUTHOR });
    await deliver(app, "pull_request", webhookPayload("pull_request", "reopened"));
    expect(app.logs.some((l) => l.outcome === "no_policy")).toBe(true);
  });
});

describe("pull_request: an invalid policy", () => {
  it("fails the check naming the file, logs the problems, and leaves labels and comments alone", async () => {
    const checks: Body[] = [];
    tokenExchange();
    graphqlRead({
      policy: "version: 1\norganisations:\n  - name: Palantir\n",
      author: FLAGGED_AUTHOR,
      labels: ["ethics-review"],
    });
    nock(API)
      .post(`/repos/${OWNER}/${REPO}/check-runs`)
      .reply(201, capture(checks, { id: 9 }));

    await deliver(app, "pull_request", webhookPayload("pull_request", "opened"));

    expect(checks).toHaveLength(1);
    const check = checks[0] as { conclusion: string; output: { title: string; summary: string; annotations: Body[] } };
    expect(check.conclusion).toBe("failure");
    expect(check.output.title).toContain(".github/ethics-policy.yml");
    // Markdown-escaped in the summary: "ethics\-policy\.yml:2:1: unknown key ...; did you mean ..."
    expect(check.output.summary).toMatch(/ethics\\-policy\\\.yml:2:1: unknown key .*did you mean/);
    expect(check.output.annotations).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ path: ".github/ethics-policy.yml", start_line: 2, annotation_level: "failure" }),
      ]),
    );
    const warning = app.logs.find((l) => l.outcome === "invalid_policy");
    expect(warning).toMatchObject({ level: 40 });
    expect(JSON.stringify(warning?.problems)).toContain(`${OWNER}/${REPO}:.github/ethics-policy.yml:2:1`);
  });
});

describe("pull_request: a pull request that stops matching", () => {
  it("loses the label, and the comment says it is no longer flagged", async () => {
    const comments: Body[] = [];
    const oldBody = "<!-- ethics-policy:comment -->\nold flagged comment";
    tokenExchange();
    graphqlRead({
      policy: POLICY,
      author: CLEAR_AUTHOR, // the company field was updated and the commit rewritten
      labels: ["ethics-review", "bug"],
      comments: [
        { id: 5, body: "<!-- ethics-policy:comment -->\nA user pasted the marker", mine: false },
        { id: 7, body: oldBody, mine: true },
      ],
    });
    nock(API)
      .delete(`/repos/${OWNER}/${REPO}/issues/${NUMBER}/labels/ethics-review`)
      .reply(200, [])
      .patch(`/repos/${OWNER}/${REPO}/issues/comments/7`)
      .reply(200, capture(comments, { id: 7 }))
      .post(`/repos/${OWNER}/${REPO}/check-runs`, (b) => b.conclusion === "success")
      .reply(201, { id: 10 });

    await deliver(app, "pull_request", webhookPayload("pull_request", "synchronize"));

    expect(comments).toHaveLength(1);
    expect(String(comments[0]!.body)).toMatch(/no longer flagged/i);
  });
});
