// The stand-in is GitHub's published schema: what GitHub refuses, it refuses the same way, over
// real HTTP. GraphQL against @octokit/graphql-schema, REST against @octokit/openapi, the limits
// GitHub documents in prose, its secondary rate limit, and the shapes real repositories have
// (forks, deleted accounts, ids above 2^31). Every request here is invalid on purpose or checks
// an edge, so this stand-in is started with `expectInvalidRequests`.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "@jest/globals";
import { Octokit } from "@octokit/rest";
import { PULL_REQUEST_QUERY } from "../../src/github/query.js";
import { startGitHubStandin, type GitHubStandin } from "../../src/standin/github-standin.js";
import { takeSchemaCheckCounts } from "../../src/standin/checked.js";
import { labelNodeId, pullNodeId, repoNodeId } from "../../src/standin/node-ids.js";
import { LIMITS } from "../../src/standin/rest.js";
import { recordSchemaChecks } from "../helpers/figures.js";

let standin: GitHubStandin;
beforeAll(async () => {
  standin = await startGitHubStandin({ expectInvalidRequests: true, secondaryRateLimit: false });
});
afterAll(() => standin.close());
beforeEach(() => {
  standin.reset();
  standin.addRepo({ owner: "acme", name: "widgets", labels: ["ethics-review"], files: { "a.txt": "base\n" } });
  standin.addPullRequest({ owner: "acme", repo: "widgets", number: 7, author: "alice" });
});

const TOKEN = "token ghs_standin_1";

async function call(method: string, path: string, body?: unknown) {
  const res = await fetch(standin.url + path, {
    method,
    headers: { "content-type": "application/json", authorization: TOKEN },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return {
    status: res.status,
    headers: res.headers,
    body: (text ? JSON.parse(text) : undefined) as Record<string, any>, // eslint-disable-line @typescript-eslint/no-explicit-any
  };
}

const graphql = (query: string, variables: Record<string, unknown> = {}) =>
  call("POST", "/graphql", { query, variables });

describe("GraphQL, checked and executed against GitHub's schema", () => {
  it("refuses an unknown field with GitHub's error, no data, and logs the request as invalid", async () => {
    const { status, body } = await graphql('query Q { repository(owner: "acme", name: "widgets") { nope } }');
    expect(status).toBe(200);
    expect(body).toEqual({
      errors: [
        {
          message: "Field 'nope' doesn't exist on type 'Repository'",
          locations: [{ line: 1, column: 56 }],
          extensions: { code: "undefinedField", typeName: "Repository", fieldName: "nope" },
        },
      ],
    });
    expect(standin.requests.at(-1)).toMatchObject({ operationName: "Q", invalid: [expect.stringContaining("nope")] });
  });

  it("refuses a wrong argument, a wrong enum literal and a missing required argument", async () => {
    const wrongArg = await graphql('query { repository(owner: "acme", nom: "widgets") { id } }');
    expect(wrongArg.body.errors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ message: "Field 'repository' doesn't accept argument 'nom'" }),
        expect.objectContaining({ message: "Field 'repository' is missing required arguments: name" }),
      ]),
    );
    const wrongEnum = await graphql(
      'query { repository(owner: "acme", name: "widgets") { pullRequests(first: 1, states: [SHUT]) { totalCount } } }',
    );
    expect(wrongEnum.body.data).toBeUndefined();
    expect(wrongEnum.body.errors[0].message).toMatch(/SHUT/);
  });

  it("refuses a missing, mistyped or undeclared variable", async () => {
    const query =
      'query Q($owner: String!, $n: Int!) { repository(owner: $owner, name: "widgets") { pullRequest(number: $n) { id } } }';
    const missing = await graphql(query, { n: 7 });
    expect(missing.body).toEqual({
      errors: [
        expect.objectContaining({
          message: "Variable $owner of type String! was provided invalid value",
          extensions: { value: null, problems: [{ path: [], explanation: "Expected value to not be null" }] },
        }),
      ],
    });
    const mistyped = await graphql(query, { owner: "acme", n: "seven" });
    expect(mistyped.body.errors[0].message).toMatch(/^Variable \$n of type Int! was provided invalid value/);
    const undeclared = await graphql('query Q { repository(owner: $o, name: "w") { id } }');
    expect(undeclared.body.errors[0]).toMatchObject({
      message: "Variable $o is used by Q but not declared",
      extensions: { code: "variableNotDefined" },
    });
    expect(standin.invalidRequests()).toHaveLength(3);
  });

  it("refuses a page larger than GitHub's 100, or a connection without first/last", async () => {
    const big = await graphql(
      'query { repository(owner: "acme", name: "widgets") { pullRequest(number: 7) { commits(first: 101) { totalCount } } } }',
    );
    expect(big.body.errors).toEqual([
      expect.objectContaining({
        type: "EXCESSIVE_PAGINATION",
        message: "Requesting 101 records on the `commits` connection exceeds the `first` limit of 100 records.",
      }),
    ]);
    const unbounded = await graphql(
      'query { repository(owner: "acme", name: "widgets") { pullRequest(number: 7) { labels { totalCount } } } }',
    );
    expect(unbounded.body.errors[0]).toMatchObject({ type: "MISSING_PAGINATION_BOUNDARIES" });
  });

  it("a mutation with a lower-case enum is refused whole: nothing is written", async () => {
    const pr = standin.pullRequest("acme", "widgets", 7);
    const { body } = await graphql(
      "mutation M($i: CreateCheckRunInput!) { createCheckRun(input: $i) { checkRun { id } } }",
      {
        i: {
          repositoryId: repoNodeId({ owner: "acme", name: "widgets" }),
          name: "n",
          headSha: pr.headSha,
          conclusion: "neutral",
        },
      },
    );
    expect(body.data).toBeUndefined();
    expect(body.errors[0].message).toMatch(
      /^Variable \$i of type CreateCheckRunInput! was provided invalid value for conclusion/,
    );
    expect(standin.checkRuns("acme", "widgets")).toEqual([]);
  });

  it("answers an Int above 2^31 - 1 as GitHub does: null and an overflow error (CheckRun.databaseId)", async () => {
    const pr = standin.pullRequest("acme", "widgets", 7);
    const run = standin.addCheckRun({ owner: "acme", repo: "widgets", headSha: pr.headSha, name: "c" });
    expect(run.id).toBeGreaterThan(2 ** 31);
    const { body } = await graphql(
      `query { repository(owner: "acme", name: "widgets") { object(oid: "${pr.headSha}") { ... on Commit {
        checkSuites(first: 1) { nodes { checkRuns(first: 1) { nodes { id databaseId } } } } } } } }`,
    );
    expect(body.data.repository.object.checkSuites.nodes[0].checkRuns.nodes).toEqual([
      { id: expect.stringMatching(/^CR_/), databaseId: null },
    ]);
    expect(body.errors).toEqual([
      expect.objectContaining({
        message: expect.stringMatching(
          new RegExp(`^Integer out of bounds: ${run.id} @ .*databaseId \\(CheckRun\\.databaseId\\)`),
        ),
        path: ["repository", "object", "checkSuites", "nodes", 0, "checkRuns", "nodes", 0, "databaseId"],
      }),
    ]);
  });

  it("gives comments' real-size ids through fullDatabaseId (a BigInt string), while databaseId overflows", async () => {
    standin.addPullRequest({ owner: "acme", repo: "widgets", number: 8, author: "bob", comments: [{ body: "hi" }] });
    const { body } = await graphql(
      'query { repository(owner: "acme", name: "widgets") { pullRequest(number: 8) { comments(first: 5) { nodes { fullDatabaseId databaseId } } } } }',
    );
    const [node] = body.data.repository.pullRequest.comments.nodes;
    expect(Number(node.fullDatabaseId)).toBeGreaterThan(2 ** 31);
    expect(node.databaseId).toBeNull();
    expect(body.errors[0].message).toMatch(/^Integer out of bounds/);
  });
});

describe("REST, validated against GitHub's REST description", () => {
  it("answers 422 Invalid request for a missing required field, with the operation's documentation", async () => {
    const { status, body } = await call("POST", "/repos/acme/widgets/issues/7/comments", {});
    expect(status).toBe(422);
    expect(body).toMatchObject({
      message: expect.stringMatching(/^Invalid request\.\n\n"body" wasn't supplied\./),
      errors: [{ field: "body/body", code: "missing_field" }],
      documentation_url: expect.stringContaining("docs.github.com/rest/issues/comments"),
    });
    expect(standin.pullRequest("acme", "widgets", 7).comments).toEqual([]);
  });

  it("answers 422 for a value outside an enum, too long (maxLength) and too many items (maxItems)", async () => {
    const sha = standin.pullRequest("acme", "widgets", 7).headSha;
    const badEnum = await call("POST", "/repos/acme/widgets/check-runs", { name: "c", head_sha: sha, status: "done" });
    expect(badEnum.status).toBe(422);
    expect(badEnum.body.errors).toEqual([{ field: "body/status", code: "invalid" }]);

    const long = "x".repeat(LIMITS.checkOutputText + 1);
    const tooLong = await call("POST", "/repos/acme/widgets/check-runs", {
      name: "c",
      head_sha: sha,
      output: { title: "t", summary: long },
    });
    expect(tooLong.status).toBe(422);
    expect(tooLong.body.errors).toEqual([{ field: "body/output/summary", code: "too_long" }]);

    const action = { label: "l", description: "d", identifier: "i" };
    const tooMany = await call("POST", "/repos/acme/widgets/check-runs", {
      name: "c",
      head_sha: sha,
      actions: [action, action, action, action],
    });
    expect(tooMany.status).toBe(422);
    expect(tooMany.body.errors).toEqual([{ field: "body/actions", code: "too_many" }]);
    expect(standin.checkRuns("acme", "widgets")).toEqual([]);
  });

  it("checks path and query parameters: a non-integer issue number, an unknown state", async () => {
    expect((await call("POST", "/repos/acme/widgets/issues/seven/comments", { body: "x" })).status).toBe(422);
    const state = await call("GET", "/repos/acme/widgets/pulls?state=merged");
    expect(state.status).toBe(422);
    expect(state.body.errors).toEqual([{ field: "query/state", code: "invalid" }]);
    expect((await call("GET", "/repos/acme/widgets/pulls?state=closed&per_page=5")).status).toBe(200);
  });

  it("answers 404 for a method and path GitHub's API does not have, and counts it invalid", async () => {
    const before = takeSchemaCheckCounts();
    expect((await call("POST", "/repos/acme/widgets/no-such-thing", {})).status).toBe(404);
    const counts = takeSchemaCheckCounts();
    expect(counts).toMatchObject({ rest: 1, invalid: 0, invalidExpected: 1 });
    // Taking them reset the file's counts: record both for the end-of-run figures.
    recordSchemaChecks(before);
    recordSchemaChecks(counts);
  });
});

describe("limits GitHub documents in prose, through REST and GraphQL alike", () => {
  const pr = () => standin.pullRequest("acme", "widgets", 7);

  it("comment bodies: 65,536 characters (counted as characters, not UTF-16 units)", async () => {
    const ok = await call("POST", "/repos/acme/widgets/issues/7/comments", {
      body: "😀".repeat(LIMITS.commentBody),
    });
    expect(ok.status).toBe(201);
    const rest = await call("POST", "/repos/acme/widgets/issues/7/comments", {
      body: "x".repeat(LIMITS.commentBody + 1),
    });
    expect(rest.status).toBe(422);
    expect(rest.body.errors[0]).toMatchObject({
      resource: "IssueComment",
      message: "Body is too long (maximum is 65536 characters)",
    });
    const viaGraphql = await graphql(
      "mutation M($i: AddCommentInput!) { addComment(input: $i) { clientMutationId } }",
      { i: { subjectId: pullNodeId(pr()), body: "x".repeat(LIMITS.commentBody + 1) } },
    );
    expect(viaGraphql.body.data).toEqual({ addComment: null });
    expect(viaGraphql.body.errors[0]).toMatchObject({ type: "UNPROCESSABLE", path: ["addComment"] });
    expect(pr().comments).toHaveLength(1);
    expect(standin.requests.at(-1)?.invalid).toEqual([expect.stringContaining("too long")]);
  });

  it("check runs: summary/text 65,535, 50 annotations per request, 3 actions of 20/40/20 characters", async () => {
    const repositoryId = repoNodeId({ owner: "acme", name: "widgets" });
    const create = (input: Record<string, unknown>) =>
      graphql("mutation M($i: CreateCheckRunInput!) { createCheckRun(input: $i) { checkRun { name } } }", {
        i: { repositoryId, name: "c", headSha: pr().headSha, ...input },
      });
    const annotation = {
      path: "a.txt",
      location: { startLine: 1, endLine: 1 },
      annotationLevel: "NOTICE",
      message: "m",
    };
    const refused = [
      { output: { title: "t", summary: "x".repeat(LIMITS.checkOutputText + 1) } },
      { output: { title: "t", summary: "s", text: "x".repeat(LIMITS.checkOutputText + 1) } },
      { output: { title: "t", summary: "s", annotations: Array.from({ length: 51 }, () => annotation) } },
      { actions: Array.from({ length: 4 }, (_, i) => ({ label: "l", description: "d", identifier: `i${i}` })) },
      { actions: [{ label: "x".repeat(21), description: "d", identifier: "i" }] },
      { actions: [{ label: "l", description: "x".repeat(41), identifier: "i" }] },
      { actions: [{ label: "l", description: "d", identifier: "x".repeat(21) }] },
    ];
    for (const input of refused) {
      const { body } = await create(input);
      expect(body).toMatchObject({ data: { createCheckRun: null }, errors: [{ type: "UNPROCESSABLE" }] });
    }
    expect(standin.checkRuns("acme", "widgets")).toEqual([]);
    const ok = await create({
      output: { title: "t", summary: "x".repeat(LIMITS.checkOutputText), annotations: [annotation] },
      actions: [{ label: "x".repeat(20), description: "x".repeat(40), identifier: "x".repeat(20) }],
    });
    expect(ok.body).toEqual({ data: { createCheckRun: { checkRun: { name: "c" } } } });
  });

  it("labels: name 50 characters, description 100, also when adding a new label to a pull request", async () => {
    expect((await call("POST", "/repos/acme/widgets/labels", { name: "x".repeat(51) })).status).toBe(422);
    expect(
      (await call("POST", "/repos/acme/widgets/labels", { name: "ok", description: "x".repeat(101) })).status,
    ).toBe(422);
    expect((await call("POST", "/repos/acme/widgets/issues/7/labels", { labels: ["y".repeat(51)] })).status).toBe(422);
    expect((await call("POST", "/repos/acme/widgets/labels", { name: "x".repeat(50) })).status).toBe(201);
    expect(pr().labels).toEqual([]);
  });

  it("GraphQL labels must exist: a node id for no label is NOT_FOUND", async () => {
    const { body } = await graphql(
      "mutation M($i: AddLabelsToLabelableInput!) { addLabelsToLabelable(input: $i) { clientMutationId } }",
      { i: { labelableId: pullNodeId(pr()), labelIds: [labelNodeId({ owner: "acme", name: "widgets" }, "nope")] } },
    );
    expect(body.errors[0]).toMatchObject({ type: "NOT_FOUND", path: ["addLabelsToLabelable"] });
  });
});

describe("the secondary rate limit on content creation", () => {
  it("refuses writes past the burst with 403, retry-after and GitHub's message; reads go on", async () => {
    const limited = await startGitHubStandin({ secondaryRateLimit: { requests: 2, windowMs: 60_000 } });
    try {
      limited.addRepo({ owner: "acme", name: "widgets" });
      limited.addPullRequest({ owner: "acme", repo: "widgets", number: 7, author: "alice" });
      const octokit = new Octokit({ baseUrl: limited.url, auth: "ghs_standin_1", request: { retries: 0 } });
      const comment = () =>
        octokit.rest.issues.createComment({ owner: "acme", repo: "widgets", issue_number: 7, body: "hi" });
      await comment();
      await comment();
      await expect(comment()).rejects.toMatchObject({
        status: 403,
        response: {
          headers: expect.objectContaining({ "retry-after": "60" }),
          data: { message: expect.stringMatching(/^You have exceeded a secondary rate limit/) },
        },
      });
      expect((await octokit.rest.pulls.get({ owner: "acme", repo: "widgets", pull_number: 7 })).status).toBe(200);
      expect(limited.pullRequest("acme", "widgets", 7).comments).toHaveLength(2);
      expect(limited.requests.filter((r) => r.rateLimited)).toHaveLength(1);
    } finally {
      await limited.close();
    }
  });

  it("exceedSecondaryRateLimit() refuses the next writes deterministically, GraphQL mutations too", async () => {
    standin.exceedSecondaryRateLimit(2);
    const mutation = await graphql("mutation M($i: AddCommentInput!) { addComment(input: $i) { clientMutationId } }", {
      i: { subjectId: pullNodeId(pr7()), body: "hi" },
    });
    expect(mutation.status).toBe(403);
    expect(mutation.headers.get("retry-after")).toBe("60");
    expect((await call("POST", "/repos/acme/widgets/issues/7/comments", { body: "x" })).status).toBe(403);
    expect((await call("POST", "/repos/acme/widgets/issues/7/comments", { body: "x" })).status).toBe(201);
    expect(pr7().comments.map((c) => c.body)).toEqual(["x"]);
  });
  const pr7 = () => standin.pullRequest("acme", "widgets", 7);
});

describe("real-world shapes", () => {
  it("a pull request from a fork: head repository differs, files are read at the head sha", async () => {
    const fork = standin.addPullRequest({
      owner: "acme",
      repo: "widgets",
      number: 9,
      author: "outsider",
      headRepository: { owner: "outsider", name: "widgets-fork" },
      headRef: "patch-1",
      headFiles: { "a.txt": "changed\n", "b.txt": "new\n" },
    });
    const rest = await call("GET", "/repos/acme/widgets/pulls/9");
    expect(rest.body.head).toMatchObject({
      sha: fork.headSha,
      ref: "patch-1",
      label: "outsider:patch-1",
      repo: { full_name: "outsider/widgets-fork", fork: true },
    });
    expect(rest.body.base.repo.full_name).toBe("acme/widgets");
    const atHead = await call("GET", `/repos/acme/widgets/contents/a.txt?ref=${fork.headSha}`);
    expect(Buffer.from(atHead.body.content, "base64").toString()).toBe("changed\n");
    const onBase = await call("GET", "/repos/acme/widgets/contents/a.txt");
    expect(Buffer.from(onBase.body.content, "base64").toString()).toBe("base\n");
    // The fork's branch name means nothing in the base repository.
    expect((await call("GET", "/repos/acme/widgets/contents/b.txt?ref=patch-1")).status).toBe(404);

    const { body } = await graphql(
      `query { repository(owner: "acme", name: "widgets") {
        pullRequest(number: 9) { isCrossRepository headRepository { nameWithOwner } files(first: 10) { nodes { path } } }
        object(expression: "${fork.headSha}:b.txt") { ... on Blob { text } } } }`,
    );
    expect(body.data.repository).toEqual({
      pullRequest: {
        isCrossRepository: true,
        headRepository: { nameWithOwner: "outsider/widgets-fork" },
        files: { nodes: [{ path: "a.txt" }, { path: "b.txt" }] },
      },
      object: { text: "new\n" },
    });
  });

  it("deleted ('ghost') accounts: author null in GraphQL, the ghost user in REST; commits with no user or email", async () => {
    standin.addPullRequest({
      owner: "acme",
      repo: "widgets",
      number: 10,
      author: null,
      comments: [{ body: "from a deleted account" }],
      commits: [{ author: { name: "Someone", email: null, login: null } }],
    });
    const { body } = await call("POST", "/graphql", {
      query: `query Q($n: Int!) { repository(owner: "acme", name: "widgets") { pullRequest(number: $n) {
        author { login } comments(first: 5) { nodes { author { login } body } }
        commits(first: 5) { nodes { commit { author { name email user { login } } } } } } } }`,
      variables: { n: 10 },
    });
    expect(body).toEqual({
      data: {
        repository: {
          pullRequest: {
            author: null,
            comments: { nodes: [{ author: null, body: "from a deleted account" }] },
            commits: { nodes: [{ commit: { author: { name: "Someone", email: null, user: null } } }] },
          },
        },
      },
    });
    const rest = await call("GET", "/repos/acme/widgets/pulls/10");
    expect(rest.body.user).toMatchObject({ login: "ghost", id: 10137 });
    const comments = await call("GET", "/repos/acme/widgets/issues/10/comments");
    expect(comments.body[0].user.login).toBe("ghost");
    const commits = await call("GET", "/repos/acme/widgets/pulls/10/commits");
    expect(commits.body[0]).toMatchObject({ author: null, commit: { author: { name: "Someone", email: null } } });
  });

  it("REST ids above 2^31: comments, check runs and accounts", async () => {
    const comment = await call("POST", "/repos/acme/widgets/issues/7/comments", { body: "x" });
    expect(comment.body.id).toBeGreaterThan(2 ** 31);
    expect(comment.body.user.id).toBeGreaterThan(2 ** 31);
    const run = await call("POST", "/repos/acme/widgets/check-runs", {
      name: "c",
      head_sha: standin.pullRequest("acme", "widgets", 7).headSha,
    });
    expect(run.body.id).toBeGreaterThan(2 ** 31);
    // The app's own read works: it addresses check runs by node id, never the 32-bit databaseId.
    const read = await graphql(PULL_REQUEST_QUERY, {
      owner: "acme",
      repo: "widgets",
      number: 7,
      policyExpression: "HEAD:x",
      appId: 123,
      checkName: "c",
      commitsFirst: 100,
      labelName: "ethics-review",
    });
    expect(read.body.errors.map((e: { type: string }) => e.type).sort()).toEqual(["NOT_FOUND"]);
  });
});
