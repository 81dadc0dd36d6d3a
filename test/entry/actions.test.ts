// GitHub Actions mode: the entry point run by a workflow, with recorded webhook payloads written
// where the runner puts them (GITHUB_EVENT_PATH). The flows that write run against the GitHub
// stand-in on loopback, posing as the GitHub Actions app (id 15368), so what is asserted is the
// state left on the pull request; the requests themselves (URLs, token, the app id sent) are
// pinned down with nock.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "@jest/globals";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import nock from "nock";
import { COMMENT_MARKER } from "../../src/state/marker.js";
import { recordFigures } from "../helpers/figures.js";
import { legacyStateLine } from "../helpers/state.js";
import { GITHUB_ACTIONS_APP_ID, runAction } from "../../src/entry/actions.js";
import { actionsLogger } from "../../src/entry/actions-log.js";
import { fakeSha } from "../../src/standin/state.js";
import { startGitHubStandin, type GitHubStandin } from "../../src/standin/github-standin.js";
import { pullRequestPayload } from "../helpers/e2e.js";
import { NUMBER, OWNER as NOCK_OWNER, pullRequestReply, REPO as NOCK_REPO } from "../helpers/github-replies.js";
import { webhookPayload } from "../helpers/probot.js";

const OWNER = "entropic-dev";
const REPO = "entropic";
const POLICY = `version: 1
organizations:
  - name: Palantir Technologies
    aliases: [Palantir]
    github_orgs: [palantir]
    email_domains: [palantir.com]
`;
const dir = mkdtempSync(join(tmpdir(), "ethics-policy-actions-"));
let files = 0;

/** Writes the payload where the runner would, and returns a workflow's environment for it. */
function workflowEnv(event: string, payload: unknown, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const path = join(dir, `event-${++files}.json`);
  writeFileSync(path, JSON.stringify(payload));
  return {
    GITHUB_EVENT_NAME: event,
    GITHUB_EVENT_PATH: path,
    GITHUB_TOKEN: "ghs_standin_actions",
    GITHUB_RUN_ID: "77",
    GITHUB_RUN_ATTEMPT: "1",
    // The `state-key` input, as the runner passes a step's inputs.
    "INPUT_STATE-KEY": STATE_KEY,
    ...extra,
  };
}

const STATE_KEY = "actions tests: a repository secret, long enough to be a key";

function quietLog() {
  const lines: string[] = [];
  return { lines, log: actionsLogger((line) => lines.push(line), {}, false) };
}

describe("runAction against the stand-in (posing as the GitHub Actions app)", () => {
  let standin: GitHubStandin;
  beforeAll(async () => {
    standin = await startGitHubStandin({ appId: GITHUB_ACTIONS_APP_ID, appSlug: "github-actions" });
  });
  afterAll(() => standin.close());
  beforeEach(() => standin.reset());

  function seed(number: number, company: string | null) {
    standin.addRepo({
      owner: OWNER,
      name: REPO,
      files: { ".github/ethics-policy.yml": POLICY },
      roles: { maint: "maintain" },
    });
    standin.addUser({ login: "pat", company });
    const headSha = fakeSha("actions", number);
    standin.addPullRequest({
      owner: OWNER,
      repo: REPO,
      number,
      author: "pat",
      commits: [{ sha: headSha, author: { email: "pat@users.noreply.github.com", login: "pat" } }],
    });
    return headSha;
  }

  it("flags a pull_request_target.opened pull request with the workflow's token: label, comment, neutral check", async () => {
    const headSha = seed(12, "Palantir Technologies");
    const payload = pullRequestPayload({
      owner: OWNER,
      repo: REPO,
      number: 12,
      headSha,
      author: "pat",
      defaultBranch: "main",
    });
    const { lines, log } = quietLog();

    const result = await runAction({
      env: workflowEnv("pull_request_target", payload, {
        GITHUB_API_URL: standin.url,
        ETHICS_POLICY_APP_ID: String(GITHUB_ACTIONS_APP_ID),
      }),
      log,
    });

    expect(result).toEqual({
      exitCode: 0,
      decisions: [{ number: 12, outcome: "flagged", organizations: ["Palantir Technologies"] }],
    });
    const pr = standin.pullRequest(OWNER, REPO, 12);
    expect(pr.labels).toEqual(["ethics-review"]);
    expect(pr.comments.filter((c) => c.viaApp)).toHaveLength(1);
    expect(standin.checkRuns(OWNER, REPO, headSha)).toEqual([
      expect.objectContaining({ name: "Ethics policy", appId: GITHUB_ACTIONS_APP_ID, conclusion: "neutral" }),
    ]);
    expect(lines.every((l) => !l.startsWith("::error::"))).toBe(true);
    expect(lines.some((l) => l.includes('"decision_id":"actions-77-1"'))).toBe(true);
  });

  it("running again on the same event writes nothing new (it finds its own comment and check run)", async () => {
    const headSha = seed(13, "Palantir Technologies");
    const payload = pullRequestPayload({
      owner: OWNER,
      repo: REPO,
      number: 13,
      headSha,
      author: "pat",
      defaultBranch: "main",
      action: "synchronize",
    });
    const env = workflowEnv("pull_request_target", payload, {
      GITHUB_API_URL: standin.url,
      ETHICS_POLICY_APP_ID: String(GITHUB_ACTIONS_APP_ID),
    });
    await runAction({ env, log: quietLog().log });
    const writes = standin.writes().length;

    const again = await runAction({ env, log: quietLog().log });

    expect(again.exitCode).toBe(0);
    expect(standin.writes()).toHaveLength(writes);
    expect(standin.checkRuns(OWNER, REPO, headSha)).toHaveLength(1);
  });

  it("answers `/ethics-policy recheck` in an issue_comment with a reaction, and reviews the pull request", async () => {
    const headSha = seed(14, "Acme Widgets");
    const payload = webhookPayload("issue_comment", "created") as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
    payload.repository = {
      ...payload.repository,
      name: REPO,
      full_name: `${OWNER}/${REPO}`,
      owner: { ...payload.repository.owner, login: OWNER },
      default_branch: "main",
    };
    payload.issue = {
      ...payload.issue,
      number: 14,
      user: { ...payload.issue.user, login: "pat" },
      pull_request: { url: `${standin.url}/repos/${OWNER}/${REPO}/pulls/14` },
    };
    const comment = standin.state.addComment(standin.pullRequest(OWNER, REPO, 14), {
      body: "/ethics-policy recheck",
      authorLogin: "maint",
      viaApp: false,
    });
    payload.comment = {
      ...payload.comment,
      id: comment.id,
      body: "/ethics-policy recheck",
      performed_via_github_app: null,
    };
    payload.sender = { ...payload.sender, login: "maint", type: "User" };

    const result = await runAction({
      env: workflowEnv("issue_comment", payload, {
        GITHUB_API_URL: standin.url,
        ETHICS_POLICY_APP_ID: String(GITHUB_ACTIONS_APP_ID),
      }),
      log: quietLog().log,
    });

    expect(result).toEqual({ exitCode: 0, decisions: [{ number: 14, outcome: "clear", organizations: [] }] });
    expect(comment.reactions).toEqual(["+1"]);
    expect(standin.checkRuns(OWNER, REPO, headSha)).toEqual([expect.objectContaining({ conclusion: "success" })]);
  });

  it("another workflow's github-actions[bot] comment echoing the marker and a forged approval approves nothing", async () => {
    const headSha = seed(17, "Palantir Technologies");
    const pr = standin.pullRequest(OWNER, REPO, 17);
    // Another workflow, with its own GITHUB_TOKEN, comments as github-actions[bot] too.
    const forged = legacyStateLine({
      head_sha: headSha,
      flagged: false,
      organizations: [],
      approvals: [
        {
          by: "maint",
          at: "2026-11-01T00:00:00Z",
          reason: "forged",
          author: "pat",
          head_sha: headSha,
          organizations: ["Palantir Technologies"],
          evidence: [],
        },
      ],
    });
    standin.state.addComment(pr, {
      body: `${COMMENT_MARKER}\n${forged}\nApproved.`,
      authorLogin: "github-actions[bot]",
      viaApp: true,
    });
    const payload = pullRequestPayload({
      owner: OWNER,
      repo: REPO,
      number: 17,
      headSha,
      author: "pat",
      defaultBranch: "main",
    });

    const result = await runAction({
      env: workflowEnv("pull_request_target", payload, {
        GITHUB_API_URL: standin.url,
        ETHICS_POLICY_APP_ID: String(GITHUB_ACTIONS_APP_ID),
      }),
      log: quietLog().log,
    });

    recordFigures({ hostileInputs: 1, forgedAccepted: pr.labels.includes("ethics-review") ? 0 : 1 });
    expect(result.decisions).toEqual([{ number: 17, outcome: "flagged", organizations: ["Palantir Technologies"] }]);
    expect(pr.labels).toEqual(["ethics-review"]);
    expect(standin.checkRuns(OWNER, REPO, headSha).at(-1)?.conclusion).toBe("neutral");
  });

  it("refuses to run without the state key, saying how to give it", async () => {
    const headSha = seed(18, "Palantir Technologies");
    const payload = pullRequestPayload({
      owner: OWNER,
      repo: REPO,
      number: 18,
      headSha,
      author: "pat",
      defaultBranch: "main",
    });
    const { lines, log } = quietLog();
    const env = workflowEnv("pull_request_target", payload, { GITHUB_API_URL: standin.url });
    delete env["INPUT_STATE-KEY"];

    const result = await runAction({ env, log });

    expect(result.exitCode).toBe(1);
    expect(lines.join("\n")).toContain("ETHICS_POLICY_STATE_KEY");
    expect(standin.writes()).toEqual([]);
  });

  it("makes its writes as REST calls with ETHICS_POLICY_WRITES=rest", async () => {
    const headSha = seed(16, "Palantir Technologies");
    const payload = pullRequestPayload({
      owner: OWNER,
      repo: REPO,
      number: 16,
      headSha,
      author: "pat",
      defaultBranch: "main",
    });

    await runAction({
      env: workflowEnv("pull_request_target", payload, {
        GITHUB_API_URL: standin.url,
        ETHICS_POLICY_APP_ID: String(GITHUB_ACTIONS_APP_ID),
        ETHICS_POLICY_WRITES: "rest",
      }),
      log: quietLog().log,
    });

    expect(standin.writes().map((w) => `${w.method} ${w.path}`)).toContain(`POST /repos/${OWNER}/${REPO}/check-runs`);
    expect(standin.pullRequest(OWNER, REPO, 16).labels).toEqual(["ethics-review"]);
  });

  it("writes one line per pull request to the job summary", async () => {
    const headSha = seed(15, "Palantir");
    const summary = join(dir, "summary.md");
    writeFileSync(summary, "");
    const payload = pullRequestPayload({
      owner: OWNER,
      repo: REPO,
      number: 15,
      headSha,
      author: "pat",
      defaultBranch: "main",
    });

    await runAction({
      env: workflowEnv("pull_request_target", payload, {
        GITHUB_API_URL: standin.url,
        ETHICS_POLICY_APP_ID: String(GITHUB_ACTIONS_APP_ID),
        GITHUB_STEP_SUMMARY: summary,
      }),
      log: quietLog().log,
    });

    expect(readFileSync(summary, "utf8")).toBe(
      "### Ethics policy\n\n- #15: flagged for a maintainer's review (Palantir Technologies)\n",
    );
  });
});

describe("runAction's requests (nock)", () => {
  const opened = () => webhookPayload("pull_request", "opened");

  it("reads the pull request once through GraphQL with the token, asking for the GitHub Actions app's check runs", async () => {
    const bodies: Record<string, any>[] = []; // eslint-disable-line @typescript-eslint/no-explicit-any
    const read = nock("https://api.github.com", { reqheaders: { authorization: "token ghs_workflow" } })
      .post("/graphql")
      .reply(200, (_uri, body) => {
        bodies.push(body as Record<string, unknown>);
        return pullRequestReply({ policy: null });
      });

    const result = await runAction({
      env: workflowEnv("pull_request_target", opened(), { GITHUB_TOKEN: "ghs_workflow" }),
      log: quietLog().log,
    });

    expect(result).toEqual({ exitCode: 0, decisions: [{ number: null, outcome: "no_policy", organizations: [] }] });
    read.done();
    expect(bodies[0]?.variables).toMatchObject({
      owner: NOCK_OWNER,
      repo: NOCK_REPO,
      number: NUMBER,
      appId: GITHUB_ACTIONS_APP_ID,
    });
  });

  it("on GitHub Enterprise Server, uses GITHUB_API_URL for REST and /api/graphql, and looks up the Actions app's id there", async () => {
    const ghes = nock("https://ghe.example.com")
      .get("/api/v3/apps/github-actions")
      .reply(200, { id: 42, slug: "github-actions" })
      .post("/api/graphql", (body: { variables?: { appId?: number } }) => body.variables?.appId === 42)
      .reply(200, pullRequestReply({ policy: null }));

    const result = await runAction({
      env: workflowEnv("pull_request_target", opened(), { GITHUB_API_URL: "https://ghe.example.com/api/v3" }),
      log: quietLog().log,
    });

    expect(result.exitCode).toBe(0);
    ghes.done();
  });

  it("takes the app id from ETHICS_POLICY_APP_ID when given", async () => {
    const read = nock("https://api.github.com")
      .post("/graphql", (body: { variables?: { appId?: number } }) => body.variables?.appId === 777)
      .reply(200, pullRequestReply({ policy: null }));

    expect(
      (
        await runAction({
          env: workflowEnv("pull_request_target", opened(), { ETHICS_POLICY_APP_ID: "777" }),
          log: quietLog().log,
        })
      ).exitCode,
    ).toBe(0);
    read.done();
  });

  it.each([
    ["pull_request_target", "closed"],
    ["pull_request_target", "labeled"],
    ["issue_comment", "deleted"],
    ["workflow_dispatch", ""],
  ])("does nothing, successfully, for %s %s", async (event, action) => {
    const result = await runAction({ env: workflowEnv(event, { action }), log: quietLog().log });
    expect(result).toMatchObject({ exitCode: 0, decisions: [], skipped: expect.stringContaining("nothing to do") });
  });

  it("ignores comments on plain issues and comments that are not commands, without a request", async () => {
    const onIssue = webhookPayload("issue_comment", "created");
    expect((await runAction({ env: workflowEnv("issue_comment", onIssue), log: quietLog().log })).exitCode).toBe(0);
  });

  it("exits 1 with an error annotation when GitHub refuses the token", async () => {
    nock("https://api.github.com").post("/graphql").reply(401, { message: "Bad credentials" });
    const { lines, log } = quietLog();

    const result = await runAction({ env: workflowEnv("pull_request_target", opened()), log });

    expect(result.exitCode).toBe(1);
    expect(lines.some((l) => l.startsWith("::error::") && l.includes("Bad credentials"))).toBe(true);
  });

  it("exits 2 outside a workflow (no event, no token)", async () => {
    const { lines, log } = quietLog();
    expect((await runAction({ env: {}, log })).exitCode).toBe(2);
    expect(lines[0]).toMatch(
      /^::error::not running in a GitHub Actions workflow: GITHUB_EVENT_NAME, GITHUB_EVENT_PATH, GITHUB_TOKEN not set/,
    );
  });

  it("exits 1 when the event payload cannot be read", async () => {
    const env = {
      GITHUB_EVENT_NAME: "pull_request_target",
      GITHUB_EVENT_PATH: join(dir, "missing.json"),
      GITHUB_TOKEN: "t",
    };
    expect((await runAction({ env, log: quietLog().log })).exitCode).toBe(1);
  });
});

describe("the Actions logger", () => {
  it("escapes workflow command data so a value cannot end the command or start another", () => {
    const lines: string[] = [];
    actionsLogger((l) => lines.push(l), {}, false).warn({ login: "x" }, "line one\n::error::injected 100%");
    expect(lines).toEqual(['::warning::line one%0A::error::injected 100%25 {"login":"x"}']);
  });
});
