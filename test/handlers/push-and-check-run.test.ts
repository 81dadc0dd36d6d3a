import { beforeEach, describe, expect, it } from "@jest/globals";
import nock from "nock";
import { pushMayChangePolicy, PUSH_PAYLOAD_COMMIT_LIMIT } from "../../src/queue/intake.js";
import { checkRunNodeId, HEAD_SHA, OWNER, REPO, pullRequestReply } from "../helpers/github-replies.js";
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
    expect(app.logs.find((l) => l.queued !== undefined)).toMatchObject({ queued: 3 });
  });

  it("does nothing for other files or other branches", async () => {
    await deliver(app, "push", pushPayload({ modified: ["README.md"] }));
    await deliver(app, "push", pushPayload({ modified: [".github/ethics-policy.yml"] }, "refs/heads/feature"));
  });

  it("decides from the payload's file lists unless they may be incomplete (2,048 commits, a forced push)", () => {
    const push = (commits: { added?: string[]; modified?: string[]; removed?: string[] }[], more = {}) => ({
      ref: "refs/heads/main",
      defaultBranch: "main",
      commits,
      ...more,
    });
    // 20 is the Events API's cap, not the webhook's: 20 commits that list no policy change are no change.
    expect(pushMayChangePolicy(push(Array.from({ length: 20 }, () => ({ modified: ["a"] }))))).toBe(false);
    expect(pushMayChangePolicy(push(Array.from({ length: 2047 }, () => ({ modified: ["a"] }))))).toBe(false);
    expect(
      pushMayChangePolicy(push(Array.from({ length: PUSH_PAYLOAD_COMMIT_LIMIT }, () => ({ modified: ["a"] })))),
    ).toBe(true);
    expect(pushMayChangePolicy(push([{ modified: ["a"] }, { added: [".github/ethics-policy.yml"] }]))).toBe(true);
    expect(pushMayChangePolicy(push([{ removed: [".github/ethics-policy.yml"] }]))).toBe(true);
    expect(pushMayChangePolicy(push([{ removed: ["docs/x.md"] }]))).toBe(false);
    expect(pushMayChangePolicy(push([{ removed: ["docs/x.md"] }], { forced: true }))).toBe(true);
    expect(pushMayChangePolicy({ ...push([{ added: [".github/ethics-policy.yml"] }]), ref: "refs/heads/dev" })).toBe(
      false,
    );
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
      // The REST executor finds the check run's REST id by its node id among the head commit's runs.
      .get(`/repos/${OWNER}/${REPO}/commits/${HEAD_SHA}/check-runs`)
      .query(true)
      .reply(200, { total_count: 1, check_runs: [{ id: 9, node_id: checkRunNodeId(9) }] })
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
