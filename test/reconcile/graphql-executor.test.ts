// The GraphQL executor with a recording fake client: which requests a plan costs, that the
// mutation is never retried, and how a partly refused mutation is reported.
import { describe, expect, it } from "@jest/globals";
import { applyPlanGraphql, PartialWriteError, type GraphqlWriteClient } from "../../src/reconcile/graphql-executor.js";
import type { WriteIds } from "../../src/reconcile/mutation.js";
import type { Operation } from "../../src/reconcile/plan.js";

const ref = { owner: "o", repo: "r", number: 1 };
const label = { name: "ethics-review", color: "d93f0b", description: "d" };
const output = { conclusion: "neutral" as const, title: "T", summary: "S" };
const flag: Operation[] = [
  { kind: "add_label", label },
  { kind: "create_comment", body: "B" },
  { kind: "create_check", name: "Ethics policy", headSha: "h", output },
];
const ids = (labels: [string, string][] = []): WriteIds => ({
  repository: "R_1",
  pullRequest: "PR_1",
  labels: new Map(labels),
  comments: new Map(),
});

interface Call {
  call: string;
  args: Record<string, unknown>;
}

function fakeClient(behaviour: { createLabel?: () => unknown; graphql?: () => unknown } = {}) {
  const calls: Call[] = [];
  const record = (call: string, reply?: () => unknown) => async (args: object) => {
    calls.push({ call, args: args as Record<string, unknown> });
    return reply ? reply() : { data: {} };
  };
  // A fake of the slice the executor calls: cast, since Octokit's methods also carry `defaults` and `endpoint`.
  const client = {
    graphql: (async (query: string, variables?: Record<string, unknown>) => {
      calls.push({ call: "graphql", args: { query, ...variables } });
      return behaviour.graphql ? behaviour.graphql() : {};
    }) as GraphqlWriteClient["graphql"],
    rest: {
      issues: {
        createLabel: record("createLabel", behaviour.createLabel ?? (() => ({ data: { node_id: "LA_new" } }))),
        getLabel: record("getLabel", () => ({ data: { node_id: "LA_found" } })),
        addLabels: record("addLabels"),
        removeLabel: record("removeLabel"),
        createComment: record("createComment"),
        updateComment: record("updateComment"),
        deleteComment: record("deleteComment"),
      },
      checks: {
        create: record("checks.create"),
        update: record("checks.update"),
        listForRef: async (args: object) => {
          calls.push({ call: "checks.listForRef", args: args as Record<string, unknown> });
          return { data: { check_runs: [] as { id: number; node_id: string }[] } };
        },
      },
      pulls: { requestReviewers: record("requestReviewers") },
    },
  } as unknown as GraphqlWriteClient;
  return { client, calls };
}

const logger = () => {
  const lines: { obj: object; msg?: string }[] = [];
  return { lines, warn: (obj: object, msg?: string) => lines.push({ obj, msg }) };
};

describe("applyPlanGraphql", () => {
  it("costs one mutation when the label's node id was read, and sends it with retries off", async () => {
    const { client, calls } = fakeClient();
    await applyPlanGraphql(client, ref, flag, ids([["ethics-review", "LA_1"]]));
    expect(calls.map((c) => c.call)).toEqual(["graphql"]);
    expect(calls[0]?.args).toMatchObject({ request: { retries: 0 }, i0: { labelableId: "PR_1", labelIds: ["LA_1"] } });
  });

  it("creates a missing label over REST first and uses the node id GitHub returns", async () => {
    const { client, calls } = fakeClient();
    await applyPlanGraphql(client, ref, flag, ids());
    expect(calls.map((c) => c.call)).toEqual(["createLabel", "graphql"]);
    expect(calls[0]?.args).toEqual({ owner: "o", repo: "r", ...label });
    expect(calls[1]?.args).toMatchObject({ i0: { labelIds: ["LA_new"] } });
  });

  it("looks the label up when creating it finds it exists (422)", async () => {
    const { client, calls } = fakeClient({
      createLabel: () => {
        throw Object.assign(new Error("Validation Failed"), { status: 422 });
      },
    });
    await applyPlanGraphql(client, ref, flag, ids());
    expect(calls.map((c) => c.call)).toEqual(["createLabel", "getLabel", "graphql"]);
    expect(calls[2]?.args).toMatchObject({ i0: { labelIds: ["LA_found"] } });
  });

  it("falls back to REST for what it has no node id for, and keeps review requests on REST", async () => {
    const { client, calls } = fakeClient({ createLabel: () => ({ data: {} }) });
    const ops: Operation[] = [...flag, { kind: "request_reviewers", users: ["maint"], teams: [] }];
    await applyPlanGraphql(client, ref, ops, ids());
    // No node id came back for the label: the REST executor adds it (creating it again, tolerated).
    expect(calls.map((c) => c.call)).toEqual([
      "createLabel",
      "graphql",
      "createLabel",
      "addLabels",
      "requestReviewers",
    ]);
  });

  it("makes no request for an empty plan", async () => {
    const { client, calls } = fakeClient();
    await applyPlanGraphql(client, ref, [], ids());
    expect(calls).toEqual([]);
  });

  it("throws, and logs which writes failed without their content, when GitHub refuses some", async () => {
    const partial = Object.assign(new Error("Request failed due to following response errors"), {
      errors: [{ type: "FORBIDDEN", path: ["w2"], message: "Resource not accessible by integration: B" }],
      data: { w0: { clientMutationId: null }, w1: { clientMutationId: null }, w2: null },
    });
    const { client } = fakeClient({
      graphql: () => {
        throw partial;
      },
    });
    const log = logger();
    const failing = applyPlanGraphql(client, ref, flag, ids([["ethics-review", "LA_1"]]), log);
    await expect(failing).rejects.toBeInstanceOf(PartialWriteError);
    await expect(failing).rejects.toThrow("GitHub refused 1 of 3 writes (create_check: FORBIDDEN)");
    expect(log.lines).toEqual([
      {
        obj: { refused: [{ alias: "w2", kind: "create_check", type: "FORBIDDEN" }], writes: 3 },
        msg: expect.any(String),
      },
    ]);
    expect(JSON.stringify(log.lines)).not.toContain("Resource not accessible");
  });

  it("succeeds when the only errors mean 'already so' (a duplicate comment deleted meanwhile)", async () => {
    const { client } = fakeClient({
      graphql: () => {
        throw Object.assign(new Error("partial"), {
          errors: [{ type: "NOT_FOUND", path: ["w0"] }],
          data: { w0: null },
        });
      },
    });
    const ids2 = { ...ids(), comments: new Map([[5, "IC_5"]]) };
    await expect(applyPlanGraphql(client, ref, [{ kind: "delete_comment", id: 5 }], ids2)).resolves.toBeUndefined();
  });

  it("rethrows a failure that is not a GraphQL answer (network, HTTP 502) as it is", async () => {
    const down = Object.assign(new Error("Bad Gateway"), { status: 502 });
    const { client } = fakeClient({
      graphql: () => {
        throw down;
      },
    });
    await expect(applyPlanGraphql(client, ref, flag, ids([["ethics-review", "LA_1"]]))).rejects.toBe(down);
  });
});
