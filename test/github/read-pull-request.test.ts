// The I/O side: a real Octokit client against nock, counting requests and checking what is sent.
import { describe, expect, it } from "@jest/globals";
import nock from "nock";
import { ProbotOctokit } from "probot";
import { readPolicyFile, readPullRequest, type ReadOptions } from "../../src/github/read-pull-request.js";
import type { PullRequestResponse } from "../../src/github/response.js";
import { commitNodes, fixture, longPullRequest, sha } from "./fixtures.js";

interface Sent {
  query: string;
  variables: Record<string, unknown>;
}

const options: ReadOptions = {
  appId: 123456,
  checkName: "Ethics policy",
  policyPath: ".github/ethics-policy.yml",
  defaultBranch: "main",
};
const ref = { owner: "entropic-dev", repo: "entropic", number: 42 };

function client() {
  const octokit = new ProbotOctokit({
    auth: { token: "test" },
    retry: { enabled: false },
    throttle: { enabled: false },
  });
  return <T>(query: string, variables?: Record<string, unknown>) => octokit.graphql<T>(query, variables);
}

/** Answers each GraphQL request in turn with the given bodies, recording what was sent. */
function github(...replies: object[]): Sent[] {
  const sent: Sent[] = [];
  const scope = nock("https://api.github.com");
  for (const reply of replies) {
    scope.post("/graphql", (body: Sent) => (sent.push(body), true)).reply(200, reply);
  }
  return sent;
}

const pageOf = (commits: object | undefined, comments?: object) => ({
  data: { repository: { pullRequest: { ...(commits && { commits }), ...(comments && { comments }) } } },
});

describe("readPullRequest", () => {
  it("reads a pull request of up to 100 commits in exactly one request", async () => {
    const sent = github({ data: fixture("pr-flagged") });
    const snapshot = await readPullRequest(client(), ref, options);
    expect(sent).toHaveLength(1);
    expect(sent[0]?.query).toContain("query EthicsPolicyPullRequest(");
    expect(sent[0]?.variables).toEqual({
      owner: "entropic-dev",
      repo: "entropic",
      number: 42,
      appId: 123456,
      checkName: "Ethics policy",
      policyExpression: "HEAD:.github/ethics-policy.yml",
      commitsFirst: 100,
      labelName: "ethics-review",
    });
    expect(snapshot?.evidence.author.login).toBe("alice");
    expect(snapshot?.current.comment?.id).toBe(2463312401);
    expect(snapshot?.current.checkRun?.nodeId).toBe("CR_33710452311");
  });

  it("returns null when the pull request does not exist", async () => {
    github({
      data: {
        repository: {
          nameWithOwner: "entropic-dev/entropic",
          defaultBranchRef: { name: "main" },
          policy: null,
          pullRequest: null,
        },
        ownerConfig: null,
      },
      errors: [
        {
          type: "NOT_FOUND",
          path: ["repository", "pullRequest"],
          message: "Could not resolve to a PullRequest with the number of 42.",
        },
        {
          type: "NOT_FOUND",
          path: ["ownerConfig"],
          message: "Could not resolve to a Repository with the name 'entropic-dev/.github'.",
        },
      ],
    });
    expect(await readPullRequest(client(), ref, options)).toBeNull();
  });

  it("returns null when the repository does not exist", async () => {
    github({
      data: { repository: null, ownerConfig: null },
      errors: [
        {
          type: "NOT_FOUND",
          path: ["repository"],
          message: "Could not resolve to a Repository with the name 'entropic-dev/entropic'.",
        },
      ],
    });
    expect(await readPullRequest(client(), ref, options)).toBeNull();
  });

  it("accepts a missing owner .github repo and organizations hidden by an IP allow list", async () => {
    const data = fixture("pr-flagged");
    data.repository!.pullRequest!.author!.organizations = { nodes: [null, { login: "rust-lang" }] };
    github({
      data,
      errors: [
        {
          type: "NOT_FOUND",
          path: ["ownerConfig"],
          message: "Could not resolve to a Repository with the name 'entropic-dev/.github'.",
        },
        {
          type: "FORBIDDEN",
          path: ["repository", "pullRequest", "author", "organizations", "nodes", 0],
          message: "IP allow list",
        },
      ],
    });
    const snapshot = await readPullRequest(client(), ref, options);
    expect(snapshot?.evidence.author.organizations).toEqual(["rust-lang"]);
    expect(snapshot?.policyFile?.repo).toBe("entropic-dev/entropic");
  });

  it("throws on any other error rather than reading less than it should", async () => {
    github({
      data: { repository: null, ownerConfig: null },
      errors: [{ type: "FORBIDDEN", path: ["repository"], message: "Resource not accessible by integration" }],
    });
    await expect(readPullRequest(client(), ref, options)).rejects.toThrow("Resource not accessible by integration");
  });

  it("makes a second request, one only, for noreply co-authors' profiles", async () => {
    const sent = github(
      { data: fixture("pr-coauthor") },
      {
        data: fixture("users-coauthor"),
        errors: [{ type: "NOT_FOUND", path: ["u1"], message: "Could not resolve to a User with the login of 'dave'." }],
      },
    );
    const snapshot = await readPullRequest(client(), { ...ref, number: 88 }, options);
    expect(sent).toHaveLength(2);
    expect(sent[1]?.query).toContain("u1: user(login: $l1)");
    expect(sent[1]?.variables).toEqual({ l0: "carol-m", l1: "dave" });
    expect(Object.keys(snapshot?.evidence.users ?? {})).toEqual(["bobtables", "carol-m"]);
  });

  it("pages through 101 to 250 commits, 100 at a time", async () => {
    const sent = github(
      { data: longPullRequest(250, 100) },
      pageOf({
        totalCount: 250,
        pageInfo: { hasNextPage: true, endCursor: "cursor-200" },
        nodes: commitNodes(101, 200),
      }),
      pageOf({
        totalCount: 250,
        pageInfo: { hasNextPage: false, endCursor: "cursor-250" },
        nodes: commitNodes(201, 250),
      }),
    );
    const snapshot = await readPullRequest(client(), ref, options);
    expect(sent.map((s) => s.variables)).toEqual([
      expect.objectContaining({ commitsFirst: 100 }),
      {
        ...ref,
        withCommits: true,
        commitsFirst: 100,
        commitsAfter: "cursor-100",
        withComments: false,
        commentsAfter: null,
      },
      {
        ...ref,
        withCommits: true,
        commitsFirst: 50,
        commitsAfter: "cursor-200",
        withComments: false,
        commentsAfter: null,
      },
    ]);
    expect(sent[1]?.query).toContain("query EthicsPolicyPullRequestPage(");
    expect(snapshot?.evidence.commits.map((c) => c.sha)).toEqual(Array.from({ length: 250 }, (_, i) => sha(i + 1)));
    expect(snapshot?.evidence.commits_truncated).toBeUndefined();
    expect(snapshot?.current.checkRun?.headSha).toBe(sha(250));
  });

  it("stops at maxCommits and marks the evidence truncated", async () => {
    const sent = github(
      { data: longPullRequest(400, 100) },
      pageOf({
        totalCount: 400,
        pageInfo: { hasNextPage: true, endCursor: "cursor-150" },
        nodes: commitNodes(101, 150),
      }),
    );
    const snapshot = await readPullRequest(client(), ref, { ...options, maxCommits: 150 });
    expect(sent[1]?.variables).toMatchObject({ commitsFirst: 50, commitsAfter: "cursor-100" });
    expect(snapshot?.evidence.commits).toHaveLength(150);
    expect(snapshot?.evidence.commits_truncated).toBe(true);
  });

  it("pages comments until the app's comment is found", async () => {
    const data = fixture("pr-flagged");
    const comments = data.repository!.pullRequest!.comments;
    const ours = comments.nodes![1]!;
    comments.nodes = comments.nodes!.slice(0, 1);
    comments.pageInfo = { hasNextPage: true, endCursor: "c100" };
    const sent = github(
      { data },
      pageOf(undefined, {
        pageInfo: { hasNextPage: true, endCursor: "c200" },
        nodes: [{ ...ours, body: `> ${ours.body}`, viewerDidAuthor: false }],
      }),
      pageOf(undefined, { pageInfo: { hasNextPage: true, endCursor: "c300" }, nodes: [ours] }),
    );
    const snapshot = await readPullRequest(client(), ref, options);
    expect(sent.slice(1).map((s) => s.variables)).toEqual([
      { ...ref, withCommits: false, commitsFirst: 1, commitsAfter: null, withComments: true, commentsAfter: "c100" },
      { ...ref, withCommits: false, commitsFirst: 1, commitsAfter: null, withComments: true, commentsAfter: "c200" },
    ]);
    expect(snapshot?.current.comment?.nodeId).toBe(ours.id);
  });

  it("reads check runs on the exact head commit when commits(last: 1) is another one", async () => {
    const data: PullRequestResponse = fixture("pr-flagged");
    const head = "f".repeat(40);
    data.repository!.pullRequest!.headRefOid = head;
    const run = { id: "CR_33710460000", status: "QUEUED", conclusion: null, title: null, summary: null };
    const sent = github(
      { data },
      { data: { repository: { object: { oid: head, checkSuites: { nodes: [{ checkRuns: { nodes: [run] } }] } } } } },
    );
    const snapshot = await readPullRequest(client(), ref, options);
    expect(sent[1]?.query).toContain("query EthicsPolicyHeadChecks(");
    expect(sent[1]?.variables).toEqual({
      owner: "entropic-dev",
      repo: "entropic",
      oid: head,
      appId: 123456,
      checkName: "Ethics policy",
    });
    expect(snapshot?.current.checkRun).toMatchObject({ nodeId: "CR_33710460000", headSha: head, status: "queued" });
  });
});

describe("readPolicyFile", () => {
  const blob = {
    __typename: "Blob",
    oid: "c0ffee",
    byteSize: 11,
    isBinary: false,
    isTruncated: false,
    text: "version: 1\n",
  };

  it("reads a file on the default branch in one request", async () => {
    const sent = github({ data: { repository: { nameWithOwner: "entropic-dev/.github", policy: blob } } });
    const file = await readPolicyFile(client(), "entropic-dev/.github", "policies/base.yml");
    expect(sent).toHaveLength(1);
    expect(sent[0]?.variables).toEqual({
      owner: "entropic-dev",
      repo: ".github",
      expression: "HEAD:policies/base.yml",
    });
    expect(file).toEqual({
      repo: "entropic-dev/.github",
      path: "policies/base.yml",
      sha: "c0ffee",
      text: "version: 1\n",
    });
  });

  it("reads a file on a given ref", async () => {
    const sent = github({ data: { repository: { nameWithOwner: "o/r", policy: blob } } });
    await readPolicyFile(client(), "o/r", ".github/ethics-policy.yml", "v1.2.0");
    expect(sent[0]?.variables).toMatchObject({ expression: "v1.2.0:.github/ethics-policy.yml" });
  });

  it("is null when the file or the repository does not exist", async () => {
    github(
      { data: { repository: { nameWithOwner: "o/r", policy: null } } },
      {
        data: { repository: null },
        errors: [
          {
            type: "NOT_FOUND",
            path: ["repository"],
            message: "Could not resolve to a Repository with the name 'o/gone'.",
          },
        ],
      },
    );
    expect(await readPolicyFile(client(), "o/r", "p.yml")).toBeNull();
    expect(await readPolicyFile(client(), "o/gone", "p.yml")).toBeNull();
  });

  it("rejects a name that is not owner/repo without a request", async () => {
    await expect(readPolicyFile(client(), "entropic", "p.yml")).rejects.toThrow('Not an "owner/repo" name');
  });
});
