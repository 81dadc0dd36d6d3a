// The stand-in's GraphQL mutations over real HTTP: each field changes the same state its REST
// route does, errors come back per field as GitHub sends them, and mutations count as writes.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "@jest/globals";
import { buildMutation, writeIds } from "../../src/reconcile/mutation.js";
import type { Operation } from "../../src/reconcile/plan.js";
import { startGitHubStandin, type GitHubStandin } from "../../src/standin/github-standin.js";
import { checkRunNodeId, labelNodeId, pullNodeId, repoNodeId } from "../../src/standin/node-ids.js";

let standin: GitHubStandin;
beforeAll(async () => {
  standin = await startGitHubStandin({ expectInvalidRequests: true });
});
afterAll(() => standin.close());
beforeEach(() => standin.reset());

async function graphql(query: string, variables: Record<string, unknown>) {
  const res = await fetch(`${standin.url}/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: "token ghs_standin_1" },
    body: JSON.stringify({ query, variables }),
  });
  return (await res.json()) as { data: Record<string, unknown> | null; errors?: { type?: string; path?: string[] }[] };
}

function seed() {
  const repo = standin.addRepo({ owner: "acme", name: "widgets", labels: ["ethics-review"] });
  const pr = standin.addPullRequest({ owner: "acme", repo: "widgets", number: 7, author: "alice" });
  return { repo, pr };
}

const output = { conclusion: "neutral" as const, title: "T", summary: "S" };

/** The app's own builder, with the stand-in's ids: what the app really sends. */
function send(ops: Operation[], extra: { comments?: [number, string][] } = {}) {
  const { repo, pr } = { repo: standin.state.repo("acme", "widgets")!, pr: standin.pullRequest("acme", "widgets", 7) };
  const ids = {
    ...writeIds({
      ids: {
        repository: repoNodeId(repo),
        pullRequest: pullNodeId(pr),
        labels: [{ name: "ethics-review", id: labelNodeId(repo, "ethics-review") }],
      },
      current: { comment: null, extraComments: [] },
    }),
    ...(extra.comments ? { comments: new Map(extra.comments) } : {}),
  };
  const built = buildMutation(ops, ids);
  return graphql(built.query!, built.variables);
}

describe("stand-in GraphQL mutations", () => {
  it("adds a label, a comment and a check run in one request, as the app's bot, and logs it as one write", async () => {
    const { pr } = seed();
    const reply = await send([
      { kind: "add_label", label: { name: "ethics-review", color: "d93f0b", description: "d" } },
      { kind: "create_comment", body: "hello" },
      {
        kind: "create_check",
        name: "Ethics policy",
        headSha: pr.headSha,
        output,
        actions: [{ label: "Approve", description: "d", identifier: "approve" }],
      },
    ]);
    expect(reply).toEqual({
      data: { w0: { clientMutationId: null }, w1: { clientMutationId: null }, w2: { clientMutationId: null } },
    });
    expect(pr.labels).toEqual(["ethics-review"]);
    expect(pr.comments).toEqual([
      expect.objectContaining({ body: "hello", viaApp: true, authorLogin: "ethics-policy[bot]" }),
    ]);
    expect(standin.checkRuns("acme", "widgets")).toEqual([
      expect.objectContaining({
        appId: 123,
        status: "completed",
        conclusion: "neutral",
        title: "T",
        actions: [expect.objectContaining({ identifier: "approve" })],
      }),
    ]);
    expect(standin.writes().map((w) => [w.path, w.operationName, w.mutation])).toEqual([
      ["/graphql", "EthicsPolicyReconcile", true],
    ]);
  });

  it("edits and deletes comments and updates a check run by node id; removing an absent label is no error", async () => {
    const { pr } = seed();
    const kept = standin.state.addComment(pr, { body: "old", authorLogin: "ethics-policy[bot]", viaApp: true });
    const extra = standin.state.addComment(pr, { body: "dup", authorLogin: "ethics-policy[bot]", viaApp: true });
    const run = standin.addCheckRun({
      owner: "acme",
      repo: "widgets",
      headSha: pr.headSha,
      name: "Ethics policy",
      status: "completed",
      conclusion: "neutral",
    });
    const runNodeId = checkRunNodeId(run);
    const reply = await send(
      [
        { kind: "remove_label", name: "ethics-review" },
        { kind: "update_comment", id: kept.id, body: "new" },
        { kind: "delete_comment", id: extra.id },
        {
          kind: "update_check",
          nodeId: runNodeId,
          headSha: run.headSha,
          name: "Ethics policy",
          output: { ...output, conclusion: "success" },
        },
      ],
      {
        comments: [
          [kept.id, kept.nodeId],
          [extra.id, extra.nodeId],
        ],
      },
    );
    expect(reply.errors).toBeUndefined();
    expect(pr.comments.map((c) => c.body)).toEqual(["new"]);
    expect(standin.checkRuns("acme", "widgets")).toEqual([
      expect.objectContaining({ id: run.id, conclusion: "success", actions: [] }),
    ]);
  });

  it("answers a field it cannot carry out with null and an error naming its alias; the other fields still run", async () => {
    seed();
    const reply = await send(
      [
        { kind: "delete_comment", id: 1 },
        { kind: "create_comment", body: "still posted" },
      ],
      { comments: [[1, "IC_kwDOgone"]] },
    );
    expect(reply.data).toEqual({ w0: null, w1: { clientMutationId: null } });
    expect(reply.errors).toEqual([expect.objectContaining({ type: "NOT_FOUND", path: ["w0"] })]);
    expect(standin.pullRequest("acme", "widgets", 7).comments.map((c) => c.body)).toEqual(["still posted"]);
  });

  it("refuses lower-case enums and labels the repository does not have, as GitHub does", async () => {
    const { repo, pr } = seed();
    const lower = await graphql(
      "mutation M($i0: CreateCheckRunInput!) { w0: createCheckRun(input: $i0) { clientMutationId } }",
      {
        i0: {
          repositoryId: repoNodeId(repo),
          name: "n",
          headSha: pr.headSha,
          status: "completed",
          conclusion: "neutral",
          output: { title: "t", summary: "s" },
        },
      },
    );
    // GitHub checks variables against the schema before running anything: no data, no check run.
    expect(lower.data).toBeUndefined();
    expect(lower.errors).toEqual([
      expect.objectContaining({
        message: expect.stringMatching(
          /^Variable \$i0 of type CreateCheckRunInput! was provided invalid value for conclusion/,
        ),
      }),
      expect.objectContaining({
        message: expect.stringMatching(
          /^Variable \$i0 of type CreateCheckRunInput! was provided invalid value for status/,
        ),
      }),
    ]);
    const missing = await graphql(
      "mutation M($i0: AddLabelsToLabelableInput!) { w0: addLabelsToLabelable(input: $i0) { clientMutationId } }",
      {
        i0: { labelableId: pullNodeId(pr), labelIds: [labelNodeId(repo, "no-such-label")] },
      },
    );
    expect(missing.errors).toEqual([expect.objectContaining({ type: "NOT_FOUND", path: ["w0"] })]);
    expect(pr.labels).toEqual([]);
    expect(standin.checkRuns("acme", "widgets")).toEqual([]);
  });

  it("gives labels a node id over REST, and finds one by name", async () => {
    const { repo } = seed();
    const headers = { "content-type": "application/json", authorization: "token ghs_standin_1" };
    const created = await fetch(`${standin.url}/repos/acme/widgets/labels`, {
      method: "POST",
      headers,
      body: JSON.stringify({ name: "Other", color: "000000" }),
    });
    expect(await created.json()).toMatchObject({ name: "Other", node_id: labelNodeId(repo, "other") });
    const found = await fetch(`${standin.url}/repos/acme/widgets/labels/ETHICS-REVIEW`, { headers });
    expect(await found.json()).toMatchObject({ name: "ethics-review", node_id: labelNodeId(repo, "ethics-review") });
    expect((await fetch(`${standin.url}/repos/acme/widgets/labels/nope`, { headers })).status).toBe(404);
  });
});
