import { beforeEach, describe, expect, it } from "@jest/globals";
import nock from "nock";
import { touchesPolicy } from "../../src/handlers/push.js";
import { HEAD_SHA, OWNER, REPO, pullRequestReply } from "../helpers/github-replies.js";
import { API, APP_ID, deliver, testApp, tokenExchange, webhookPayload, type TestApp } from "../helpers/probot.js";

const POLICY = "version: 1\norganizations:\n  - name: Palantir Technologies\n    aliases: [Palantir]\n";
type Body = Record<string, unknown>;

let app: TestApp;
beforeEach(async () => {
  app = await testApp();
});

function pushPayload(files: { modified?: string[] }, ref = "refs/heads/master"): Body {
  const payload = webhookPayload("push") as Body & { commits: Body[] };
  const example = payload.commits.length ? payload.commits : [{ id: "x", message: "m" }];
  payload.ref = ref;
  payload.commits = example.slice(0, 1).map((c) => ({ ...c, added: [], removed: [], modified: files.modified ?? [] }));
  return payload;
}

/** Answers the review read for pull request `number`: clear author, so only a success check is written. */
function reviewOf(number: number) {
  const reply = pullRequestReply({ policy: POLICY, author: { login: `dev${number}`, company: "Acme" } });
  reply.data.repository!.pullRequest!.number = number;
  return nock(API)
    .post("/graphql", (b: { variables: Body }) => b.variables.number === number)
    .reply(200, reply)
    .post(`/repos/${OWNER}/${REPO}/check-runs`, (b) => b.conclusion === "success")
    .reply(201, {});
}

describe("push", () => {
  it("re-evaluates every open pull request, across pages, when the policy changes on the default branch", async () => {
    tokenExchange();
    nock(API)
      .get(`/repos/${OWNER}/${REPO}/pulls`)
      .query({ state: "open", per_page: "100" })
      .reply(200, [{ number: 1 }, { number: 2 }], {
        link: `<${API}/repositories/1/pulls?state=open&per_page=100&page=2>; rel="next"`,
      })
      .get("/repositories/1/pulls")
      .query({ state: "open", per_page: "100", page: "2" })
      .reply(200, [{ number: 3 }]);
    reviewOf(1);
    reviewOf(2);
    reviewOf(3);
    await deliver(app, "push", pushPayload({ modified: [".github/ethics-policy.yml"] }));
    expect(app.logs.find((l) => l.reviewed !== undefined)).toMatchObject({ reviewed: 3 });
  });

  it("does nothing for other files or other branches", async () => {
    await deliver(app, "push", pushPayload({ modified: ["README.md"] }));
    await deliver(app, "push", pushPayload({ modified: [".github/ethics-policy.yml"] }, "refs/heads/feature"));
  });

  it("treats a push with more commits than the payload lists as touching the policy", () => {
    expect(touchesPolicy(Array.from({ length: 20 }, () => ({ modified: [] })))).toBe(true);
    expect(touchesPolicy([{ modified: ["a"] }, { added: [".github/ethics-policy.yml"] }])).toBe(true);
    expect(touchesPolicy([{ removed: ["docs/x.md"] }])).toBe(false);
  });
});

function checkRunPayload(action: "rerequested" | "requested_action", identifier?: string): Body {
  const payload = webhookPayload("check_run", action) as Body & { check_run: Body; repository: Body; sender: Body };
  const repoId = 186853002;
  payload.repository = { ...(webhookPayload("pull_request", "opened").repository as Body), id: repoId };
  payload.check_run = {
    ...payload.check_run,
    name: "Ethics policy",
    head_sha: HEAD_SHA,
    app: { ...(payload.check_run.app as Body), id: APP_ID },
    pull_requests: [{ number: 2, base: { repo: { id: repoId } }, head: { sha: HEAD_SHA } }],
  };
  payload.sender = { ...payload.sender, login: "maint" };
  if (identifier) payload.requested_action = { identifier };
  return payload;
}

describe("check_run", () => {
  it("re-run re-evaluates the pull request", async () => {
    tokenExchange();
    reviewOf(2);
    await deliver(app, "check_run", checkRunPayload("rerequested"));
  });

  it("the Approve button approves after the same permission check as the command", async () => {
    tokenExchange();
    nock(API)
      .get(`/repos/${OWNER}/${REPO}/collaborators/maint/permission`)
      .reply(200, { permission: "admin", role_name: "admin" });
    nock(API)
      .post("/graphql")
      .reply(
        200,
        pullRequestReply({
          policy: POLICY,
          author: { login: "Codertocat", company: "Palantir" },
          // The flagged check the button was pressed on: what the maintainer was shown.
          checkRun: { id: 9, conclusion: "neutral", title: "Flagged for maintainer review", summary: "x" },
        }),
      )
      .post(`/repos/${OWNER}/${REPO}/issues/2/comments`, (b) => /approved by a maintainer/.test(b.body))
      .reply(201, {})
      .patch(
        `/repos/${OWNER}/${REPO}/check-runs/9`,
        (b) => b.conclusion === "success" && /Approved by maint/.test(b.output.title),
      )
      .reply(201, {});
    await deliver(app, "check_run", checkRunPayload("requested_action", "approve"));
  });

  it("ignores other apps' check runs and other actions", async () => {
    const other = checkRunPayload("rerequested") as { check_run: Body };
    other.check_run.name = "CI";
    await deliver(app, "check_run", other);
    await deliver(app, "check_run", checkRunPayload("requested_action", "something-else"));
  });
});
