// The GitHub stand-in on its own: each REST route and each GraphQL operation, over real HTTP.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "@jest/globals";
import { Octokit } from "@octokit/rest";
import { readPullRequest } from "../../src/github/read-pull-request.js";
import {
  HEAD_CHECKS_QUERY,
  POLICY_FILE_QUERY,
  PULL_REQUEST_PAGE_QUERY,
  PULL_REQUEST_QUERY,
  usersQuery,
  usersVariables,
} from "../../src/github/query.js";
import type { PullRequestResponse } from "../../src/github/response.js";
import { blobOid, startGitHubStandin, type GitHubStandin } from "../../src/standin/github-standin.js";
import { checkRunNodeId } from "../../src/standin/node-ids.js";

let standin: GitHubStandin;
beforeAll(async () => {
  // Some tests here send what GitHub refuses, on purpose.
  standin = await startGitHubStandin({ expectInvalidRequests: true });
});
afterAll(() => standin.close());
beforeEach(() => standin.reset());

const TOKEN = "token ghs_standin_1";

async function call(method: string, path: string, body?: unknown, authorization: string | null = TOKEN) {
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (authorization) headers.authorization = authorization;
  const res = await fetch(standin.url + path, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined, link: res.headers.get("link") };
}

const graphql = (query: string, variables: Record<string, unknown>) => call("POST", "/graphql", { query, variables });

/** An unsigned JWT: the stand-in reads `iss` and trusts the rest. */
const jwt = (iss: number) =>
  ["{}", JSON.stringify({ iss })].map((p) => Buffer.from(p).toString("base64url")).join(".") + ".sig";

function seed() {
  standin.addRepo({
    owner: "acme",
    name: "widgets",
    defaultBranch: "trunk",
    files: { ".github/ethics-policy.yml": "version: 1\n" },
    labels: ["bug"],
  });
  standin.addUser({
    login: "alice",
    company: "Palantir Technologies",
    email: "alice@palantir.com",
    organizations: ["palantir"],
  });
  return standin.addPullRequest({
    owner: "acme",
    repo: "widgets",
    number: 7,
    author: "alice",
    comments: [{ body: "hello" }],
  });
}

describe("stand-in REST", () => {
  it("issues installation tokens only for a JWT from its app", async () => {
    expect(
      (await call("POST", "/app/installations/9/access_tokens", undefined, `bearer ${jwt(123)}`)).body,
    ).toMatchObject({ token: "ghs_standin_9" });
    expect((await call("POST", "/app/installations/9/access_tokens", undefined, `bearer ${jwt(999)}`)).status).toBe(
      401,
    );
    expect((await call("POST", "/repos/acme/widgets/labels", { name: "x" }, null)).status).toBe(401);
    expect((await call("POST", "/repos/acme/widgets/labels", { name: "x" }, "token ghp_real")).status).toBe(401);
  });

  it("creates labels once (case-insensitively), adds them to a PR and removes them", async () => {
    const pr = seed();
    expect(
      (await call("POST", "/repos/acme/widgets/labels", { name: "ethics-review", color: "d93f0b", description: "d" }))
        .status,
    ).toBe(201);
    expect(
      (await call("POST", "/repos/acme/widgets/labels", { name: "Ethics-Review", color: "000000", description: "" }))
        .status,
    ).toBe(422);
    const added = await call("POST", "/repos/acme/widgets/issues/7/labels", { labels: ["ethics-review"] });
    expect(added.body).toEqual([expect.objectContaining({ name: "ethics-review", color: "d93f0b" })]);
    expect(pr.labels).toEqual(["ethics-review"]);
    expect((await call("DELETE", "/repos/acme/widgets/issues/7/labels/ETHICS-REVIEW")).status).toBe(200);
    expect((await call("DELETE", "/repos/acme/widgets/issues/7/labels/ethics-review")).status).toBe(404);
    expect(pr.labels).toEqual([]);
  });

  it("creates, edits and deletes comments as the app", async () => {
    const pr = seed();
    const created = await call("POST", "/repos/acme/widgets/issues/7/comments", { body: "<!-- marker -->" });
    expect(created).toMatchObject({
      status: 201,
      body: { user: { login: "ethics-policy[bot]", type: "Bot" }, body: "<!-- marker -->" },
    });
    const id = created.body.id as number;
    expect(id).toBeGreaterThan(2 ** 31);
    expect(pr.comments.at(-1)).toMatchObject({ id, viaApp: true, authorLogin: "ethics-policy[bot]" });
    expect((await call("PATCH", `/repos/acme/widgets/issues/comments/${id}`, { body: "edited" })).status).toBe(200);
    expect(pr.comments.at(-1)?.body).toBe("edited");
    expect((await call("DELETE", `/repos/acme/widgets/issues/comments/${id}`)).status).toBe(204);
    expect((await call("PATCH", `/repos/acme/widgets/issues/comments/${id}`, { body: "again" })).status).toBe(404);
    expect(pr.comments.map((c) => c.viaApp)).toEqual([false]);
  });

  it("creates and updates check runs for its app, refusing more than 50 annotations at once", async () => {
    const pr = seed();
    const output = { title: "T", summary: "S" };
    const created = await call("POST", "/repos/acme/widgets/check-runs", {
      name: "Ethics policy",
      head_sha: pr.headSha,
      status: "completed",
      conclusion: "neutral",
      output,
    });
    expect(created).toMatchObject({
      status: 201,
      body: { head_sha: pr.headSha, conclusion: "neutral", app: { id: 123 } },
    });
    const id = created.body.id as number;
    const annotation = { path: "a", start_line: 1, end_line: 1, annotation_level: "failure", message: "m" };
    const tooMany = { output: { ...output, annotations: Array(51).fill(annotation) } };
    expect((await call("PATCH", `/repos/acme/widgets/check-runs/${id}`, tooMany)).status).toBe(422);
    expect(
      (
        await call("PATCH", `/repos/acme/widgets/check-runs/${id}`, {
          conclusion: "success",
          output: { title: "T2", summary: "S2", annotations: [annotation] },
        })
      ).status,
    ).toBe(200);
    expect(standin.checkRuns("acme", "widgets", pr.headSha)).toEqual([
      expect.objectContaining({
        id,
        appId: 123,
        status: "completed",
        conclusion: "success",
        title: "T2",
        summary: "S2",
        annotations: [annotation],
      }),
    ]);
    expect((await call("POST", "/repos/acme/widgets/check-runs", { name: "x" })).status).toBe(422);
  });

  it("keeps a check run's requested actions, at most three", async () => {
    const pr = seed();
    const approve = { label: "Approve", description: "Approve this pull request", identifier: "approve" };
    const base = {
      name: "Ethics policy",
      head_sha: pr.headSha,
      status: "completed",
      conclusion: "neutral",
      output: { title: "T", summary: "S" },
    };
    expect(
      (await call("POST", "/repos/acme/widgets/check-runs", { ...base, actions: Array(4).fill(approve) })).status,
    ).toBe(422);
    const created = await call("POST", "/repos/acme/widgets/check-runs", { ...base, actions: [approve] });
    expect(created.body.actions).toEqual([approve]);
    await call("PATCH", `/repos/acme/widgets/check-runs/${created.body.id}`, { actions: [] });
    expect(standin.checkRuns("acme", "widgets")[0]?.actions).toEqual([]);
  });

  it("adds the app's reactions to comments, once each", async () => {
    const pr = seed();
    const id = pr.comments[0]?.id;
    expect((await call("POST", `/repos/acme/widgets/issues/comments/${id}/reactions`, { content: "+1" })).status).toBe(
      201,
    );
    expect((await call("POST", `/repos/acme/widgets/issues/comments/${id}/reactions`, { content: "+1" })).status).toBe(
      200,
    );
    expect(
      (await call("POST", `/repos/acme/widgets/issues/comments/${id}/reactions`, { content: "thumbsup" })).status,
    ).toBe(422);
    expect(pr.comments[0]?.reactions).toEqual(["+1"]);
  });

  it("describes a repository", async () => {
    seed();
    expect((await call("GET", "/repos/ACME/Widgets")).body).toMatchObject({
      full_name: "acme/widgets",
      default_branch: "trunk",
    });
  });

  it("requests reviewers, but not the author", async () => {
    const pr = seed();
    expect(
      (
        await call("POST", "/repos/acme/widgets/pulls/7/requested_reviewers", {
          reviewers: ["bob"],
          team_reviewers: ["core"],
        })
      ).status,
    ).toBe(201);
    expect(pr.requestedReviewers).toEqual({ users: ["bob"], teams: ["core"] });
    expect(
      (await call("POST", "/repos/acme/widgets/pulls/7/requested_reviewers", { reviewers: ["Alice"] })).status,
    ).toBe(422);
  });

  it("answers team membership and repository permission from seeded state", async () => {
    seed();
    standin.addTeamMember("acme", "maintainers", "Bob");
    standin.setRole("acme", "widgets", "bob", "maintain");
    expect((await call("GET", "/orgs/acme/teams/maintainers/memberships/bob")).body).toMatchObject({ state: "active" });
    expect((await call("GET", "/orgs/acme/teams/maintainers/memberships/alice")).status).toBe(404);
    expect((await call("GET", "/repos/acme/widgets/collaborators/bob/permission")).body).toMatchObject({
      permission: "write",
      role_name: "maintain",
    });
    expect((await call("GET", "/repos/acme/widgets/collaborators/alice/permission")).body).toMatchObject({
      permission: "none",
      role_name: "none",
    });
    expect((await call("GET", "/repos/acme/widgets/collaborators/nobody/permission")).status).toBe(404);
  });

  it("lists open pull requests page by page with Link headers", async () => {
    standin.addRepo({ owner: "acme", name: "widgets" });
    for (let n = 1; n <= 5; n++)
      standin.addPullRequest({ owner: "acme", repo: "widgets", author: "alice", state: n === 3 ? "closed" : "open" });
    const first = await call("GET", "/repos/acme/widgets/pulls?state=open&per_page=3");
    expect(first.body.map((p: { number: number }) => p.number)).toEqual([5, 4, 2]);
    expect(first.link).toMatch(
      /<http:\/\/127\.0\.0\.1:\d+\/repos\/acme\/widgets\/pulls\?state=open&per_page=3&page=2>; rel="next"/,
    );
    const octokit = new Octokit({ baseUrl: standin.url, auth: "ghs_standin_1" });
    const all = await octokit.paginate(octokit.rest.pulls.list, {
      owner: "acme",
      repo: "widgets",
      state: "open",
      per_page: 2,
    });
    expect(all.map((p) => p.number)).toEqual([5, 4, 2, 1]);
  });

  it("answers unknown routes 404 and logs every request", async () => {
    expect(await call("GET", "/repos/acme/widgets/contents/x")).toMatchObject({
      status: 404,
      body: { message: "Not Found" },
    });
    expect(standin.requests).toEqual([{ method: "GET", path: "/repos/acme/widgets/contents/x", status: 404 }]);
  });

  it("replays injected faults the given number of times, then answers normally", async () => {
    seed();
    standin.failNext({ method: "post", path: /\/labels$/ }, { status: 502, body: { message: "Bad gateway" } }, 2);
    standin.failNext({ operationName: "EthicsPolicyFile" }, { status: 500 });
    const label = () => call("POST", "/repos/acme/widgets/labels", { name: "x" });
    expect([(await label()).status, (await label()).status, (await label()).status]).toEqual([502, 502, 201]);
    const file = () => graphql(POLICY_FILE_QUERY, { owner: "acme", repo: "widgets", expression: "HEAD:x" });
    expect([(await file()).status, (await file()).status]).toEqual([500, 200]);
    expect(standin.requests.filter((r) => r.injected).map((r) => r.operationName ?? r.path)).toEqual([
      "/repos/acme/widgets/labels",
      "/repos/acme/widgets/labels",
      "EthicsPolicyFile",
    ]);
    expect(standin.writes()).toHaveLength(3);
  });
  it("holds a matching request before its route runs, until the test releases it", async () => {
    seed();
    const held = standin.hold({ method: "post", path: /\/labels$/ });
    let answered = false;
    const pending = call("POST", "/repos/acme/widgets/labels", { name: "held" }).then((r) => {
      answered = true;
      return r;
    });
    await held.reached;
    // Held before the route ran: no label exists and no answer was sent.
    expect(answered).toBe(false);
    expect((await call("GET", "/repos/acme/widgets/labels/held")).status).toBe(404);
    held.release();
    expect((await pending).status).toBe(201);
    expect((await call("GET", "/repos/acme/widgets/labels/held")).status).toBe(200);
    // A hold matches once: the next matching request is not held.
    expect((await call("POST", "/repos/acme/widgets/labels", { name: "free" })).status).toBe(201);
  });
});

describe("stand-in GraphQL", () => {
  const vars = {
    owner: "acme",
    repo: "widgets",
    number: 7,
    policyExpression: "HEAD:.github/ethics-policy.yml",
    appId: 123,
    checkName: "Ethics policy",
    commitsFirst: 100,
    labelName: "ethics-review",
  };

  it("answers EthicsPolicyPullRequest from state, with the app's own comment and latest check", async () => {
    const pr = seed();
    await call("POST", "/repos/acme/widgets/issues/7/comments", { body: "mine" });
    standin.addCheckRun({
      owner: "acme",
      repo: "widgets",
      headSha: pr.headSha,
      name: "Ethics policy",
      status: "completed",
      conclusion: "success",
    });
    const latest = standin.addCheckRun({
      owner: "acme",
      repo: "widgets",
      headSha: pr.headSha,
      name: "Ethics policy",
      status: "completed",
      conclusion: "neutral",
      title: "t",
      summary: "s",
    });
    standin.addCheckRun({
      owner: "acme",
      repo: "widgets",
      headSha: pr.headSha,
      name: "Ethics policy",
      appId: 9,
      status: "completed",
      conclusion: "failure",
    });
    const { status, body } = await graphql(PULL_REQUEST_QUERY, vars);
    expect(status).toBe(200);
    // Check runs are read by node id only: CheckRun.databaseId is a 32-bit Int in GitHub's schema and
    // real check-run ids are above 2^31 (the stand-in answers its overflow error, as GitHub does).
    // The one error is the owner's missing .github repository, which GitHub reports as NOT_FOUND.
    expect(body.errors).toEqual([
      { type: "NOT_FOUND", path: ["ownerConfig"], message: expect.any(String), locations: expect.any(Array) },
    ]);
    const data = body.data as PullRequestResponse;
    expect(data.ownerConfig).toBeNull();
    expect(data.repository).toMatchObject({
      nameWithOwner: "acme/widgets",
      defaultBranchRef: { name: "trunk" },
      policy: { __typename: "Blob", oid: blobOid("version: 1\n"), text: "version: 1\n", isTruncated: false },
    });
    const node = data.repository?.pullRequest;
    expect(node).toMatchObject({ number: 7, headRefOid: pr.headSha, state: "OPEN", isDraft: false });
    expect(node?.author).toEqual({
      __typename: "User",
      login: "alice",
      company: "Palantir Technologies",
      bio: null,
      email: "alice@palantir.com",
      websiteUrl: null,
      organizations: { nodes: [{ login: "palantir" }] },
    });
    expect(node?.comments.nodes?.map((c) => [c?.body, c?.viewerDidAuthor, c?.author?.login])).toEqual([
      ["hello", false, "alice"],
      ["mine", true, "ethics-policy"],
    ]);
    expect(node?.commits).toMatchObject({
      totalCount: 1,
      pageInfo: { hasNextPage: false },
      nodes: [
        {
          commit: {
            oid: pr.headSha,
            author: { email: "alice@example.com", user: { login: "alice" } },
            committer: { user: { login: "web-flow" } },
          },
        },
      ],
    });
    expect(node?.headCommit?.nodes?.[0]?.commit).toEqual({
      oid: pr.headSha,
      checkSuites: {
        nodes: [
          {
            checkRuns: {
              nodes: [
                {
                  id: checkRunNodeId(latest),
                  status: "COMPLETED",
                  conclusion: "NEUTRAL",
                  title: "t",
                  summary: "s",
                },
              ],
            },
          },
        ],
      },
    });
  });

  it("answers the node ids a batched write needs, and the repository's label of the asked-for name", async () => {
    const pr = seed();
    pr.labels.push("bug");
    const { body } = await graphql(PULL_REQUEST_QUERY, { ...vars, labelName: "BUG" });
    const repo = (body.data as PullRequestResponse).repository;
    expect(repo?.id).toMatch(/^R_/);
    expect(repo?.pullRequest?.id).toMatch(/^PR_/);
    expect(repo?.label).toEqual({ id: expect.stringMatching(/^LA_/), name: "bug" });
    expect(repo?.pullRequest?.labels?.nodes).toEqual([{ id: repo?.label?.id, name: "bug" }]);
    const missing = await graphql(PULL_REQUEST_QUERY, { ...vars, labelName: "ethics-review" });
    expect((missing.body.data as PullRequestResponse).repository?.label).toBeNull();
  });

  it("is read by the app's own reader into the snapshot the app expects", async () => {
    const pr = seed();
    standin.addRepo({ owner: "acme", name: ".github" });
    await call("POST", "/repos/acme/widgets/issues/7/comments", { body: "<!-- ethics-policy:comment -->\nold" });
    const octokit = new Octokit({ baseUrl: standin.url, auth: "ghs_standin_1" });
    const snapshot = await readPullRequest(
      (q, v) => octokit.graphql(q, v),
      { owner: "acme", repo: "widgets", number: 7 },
      {
        appId: 123,
        checkName: "Ethics policy",
        policyPath: ".github/ethics-policy.yml",
        defaultBranch: "x",
      },
    );
    expect(snapshot).toMatchObject({
      headSha: pr.headSha,
      defaultBranch: "trunk",
      state: "open",
      policyFile: { repo: "acme/widgets", sha: blobOid("version: 1\n"), text: "version: 1\n" },
      evidence: { author: { login: "alice", company: "Palantir Technologies", organizations: ["palantir"] } },
      current: { labels: [], comment: { id: pr.comments[1]?.id }, extraComments: [], checkRun: null },
    });
  });

  it("pages commits and comments by cursor", async () => {
    standin.addRepo({ owner: "acme", name: "widgets" });
    const commits = Array.from({ length: 150 }, (_, i) => ({ message: `c${i}` }));
    standin.addPullRequest({
      owner: "acme",
      repo: "widgets",
      number: 7,
      author: "alice",
      commits,
      comments: Array.from({ length: 120 }, (_, i) => ({ body: `n${i}` })),
    });
    const first = (await graphql(PULL_REQUEST_QUERY, vars)).body.data.repository.pullRequest;
    expect(first.commits.nodes).toHaveLength(100);
    expect(first.commits.pageInfo.hasNextPage).toBe(true);
    expect(first.comments.nodes).toHaveLength(100);
    const next = await graphql(PULL_REQUEST_PAGE_QUERY, {
      owner: "acme",
      repo: "widgets",
      number: 7,
      withCommits: true,
      commitsFirst: 100,
      commitsAfter: first.commits.pageInfo.endCursor,
      withComments: false,
      commentsAfter: null,
    });
    const more = next.body.data.repository.pullRequest;
    expect(more.comments).toBeUndefined();
    expect(more.commits.nodes.map((n: { commit: { message: string } }) => n.commit.message)).toEqual(
      commits.slice(100).map((c) => c.message),
    );
    expect(more.commits.pageInfo).toEqual({ hasNextPage: false, endCursor: expect.any(String) });
  });

  it("answers EthicsPolicyHeadChecks for known commits and null for unknown ones", async () => {
    const pr = seed();
    const checks = { owner: "acme", repo: "widgets", appId: 123, checkName: "Ethics policy" };
    expect((await graphql(HEAD_CHECKS_QUERY, { ...checks, oid: pr.headSha })).body.data).toEqual({
      repository: { object: { oid: pr.headSha, checkSuites: { nodes: [] } } },
    });
    expect((await graphql(HEAD_CHECKS_QUERY, { ...checks, oid: "f".repeat(40) })).body.data).toEqual({
      repository: { object: null },
    });
  });

  it("answers EthicsPolicyFile on the default branch only, and NOT_FOUND for a missing repository", async () => {
    seed();
    const file = (owner: string, expression: string) =>
      graphql(POLICY_FILE_QUERY, { owner, repo: "widgets", expression });
    expect((await file("acme", "trunk:.github/ethics-policy.yml")).body.data.repository.policy).toMatchObject({
      text: "version: 1\n",
    });
    expect((await file("acme", "feature:.github/ethics-policy.yml")).body.data.repository.policy).toBeNull();
    expect((await file("acme", "HEAD:missing.yml")).body.data.repository.policy).toBeNull();
    expect((await file("nobody", "HEAD:x")).body).toEqual({
      data: { repository: null },
      errors: [{ type: "NOT_FOUND", path: ["repository"], message: expect.any(String), locations: expect.any(Array) }],
    });
  });

  it("answers EthicsPolicyUsers per alias, with NOT_FOUND for unknown logins", async () => {
    seed();
    const { body } = await graphql(usersQuery(2), usersVariables(["ALICE", "nobody"]));
    expect(body.data).toEqual({
      u0: expect.objectContaining({ login: "alice", company: "Palantir Technologies" }),
      u1: null,
    });
    expect(body.errors).toEqual([
      { type: "NOT_FOUND", path: ["u1"], message: expect.any(String), locations: expect.any(Array) },
    ]);
  });

  it("answers `viewer` for an installation token as GitHub does: not accessible", async () => {
    const { status, body } = await graphql("query Viewer { viewer { login } }", {});
    expect(status).toBe(200);
    expect(body).toEqual({
      data: null,
      errors: [expect.objectContaining({ type: "FORBIDDEN", path: ["viewer"], message: expect.any(String) })],
    });
    expect(standin.requests.at(-1)).toMatchObject({ method: "POST", path: "/graphql", operationName: "Viewer" });
  });
});
