// The pure mutation builder: a plan and node ids → one GraphQL document and its variables.
import { describe, expect, it } from "@jest/globals";
import { refusedWrites } from "../../src/reconcile/graphql-executor.js";
import { buildMutation, MUTATION_NAME, writeIds, type WriteIds } from "../../src/reconcile/mutation.js";
import type { Operation } from "../../src/reconcile/plan.js";

const label = { name: "ethics-review", color: "d93f0b", description: "d" };
const output = { conclusion: "neutral" as const, title: "Flagged", summary: "S" };
const ids: WriteIds = {
  repository: "R_1",
  pullRequest: "PR_1",
  labels: new Map([["ethics-review", "LA_1"]]),
  comments: new Map([
    [11, "IC_11"],
    [12, "IC_12"],
  ]),
};

const firstFlag: Operation[] = [
  { kind: "add_label", label },
  { kind: "create_comment", body: "B" },
  { kind: "create_check", name: "Ethics policy", headSha: "h1", output, detailsUrl: "https://github.com/o/r/pull/1" },
];

/** The `$name: Type!` parameters a document declares, and the `$name`s it uses in its body. */
function variablesOf(query: string) {
  const header = /^mutation \w+\(([^)]*)\)/.exec(query)?.[1] ?? "";
  const declared = [...header.matchAll(/\$(\w+):/g)].map((m) => m[1]).sort();
  const used = [...query.slice(header.length + 20).matchAll(/\$(\w+)\)/g)].map((m) => m[1]).sort();
  return { declared, used };
}

describe("buildMutation", () => {
  it("puts a first flag's three writes in one named mutation, one aliased field and one input variable each", () => {
    const built = buildMutation(firstFlag, ids);
    expect(built.query).toBe(
      [
        `mutation ${MUTATION_NAME}($i0: AddLabelsToLabelableInput!, $i1: AddCommentInput!, $i2: CreateCheckRunInput!) {`,
        "  w0: addLabelsToLabelable(input: $i0) { clientMutationId }",
        "  w1: addComment(input: $i1) { clientMutationId }",
        "  w2: createCheckRun(input: $i2) { clientMutationId }",
        "}",
      ].join("\n"),
    );
    expect(built.variables).toEqual({
      i0: { labelableId: "PR_1", labelIds: ["LA_1"] },
      i1: { subjectId: "PR_1", body: "B" },
      i2: {
        repositoryId: "R_1",
        name: "Ethics policy",
        headSha: "h1",
        status: "COMPLETED",
        conclusion: "NEUTRAL",
        detailsUrl: "https://github.com/o/r/pull/1",
        output: { title: "Flagged", summary: "S" },
      },
    });
    expect(built.fields.map((f) => [f.alias, f.op.kind])).toEqual([
      ["w0", "add_label"],
      ["w1", "create_comment"],
      ["w2", "create_check"],
    ]);
    expect(built.rest).toEqual([]);
    const { declared, used } = variablesOf(built.query!);
    expect(used).toEqual(declared);
  });

  it("never splices user text into the document", () => {
    const hostile = '"} mutation X { deleteRepository(input: {}) { clientMutationId } } #';
    const built = buildMutation(
      [
        { kind: "create_comment", body: hostile },
        { kind: "update_comment", id: 11, body: hostile },
      ],
      ids,
    );
    expect(built.query).not.toContain("deleteRepository");
    expect(built.variables).toEqual({ i0: { subjectId: "PR_1", body: hostile }, i1: { id: "IC_11", body: hostile } });
  });

  it("maps every kind of write to its field, with upper-case enums and annotation locations", () => {
    const annotated = {
      conclusion: "failure" as const,
      title: "Invalid",
      summary: "S",
      text: "T",
      annotations: [
        {
          path: ".github/ethics-policy.yml",
          start_line: 3,
          end_line: 3,
          start_column: 5,
          end_column: 9,
          annotation_level: "failure" as const,
          message: "m",
        },
        {
          path: ".github/ethics-policy.yml",
          start_line: 4,
          end_line: 6,
          annotation_level: "warning" as const,
          message: "n",
        },
      ],
    };
    const approve = { label: "Approve", description: "d", identifier: "approve" };
    const built = buildMutation(
      [
        { kind: "remove_label", name: "Ethics-Review" },
        { kind: "update_comment", id: 11, body: "new" },
        { kind: "delete_comment", id: 12 },
        { kind: "update_check", nodeId: "CR_9", headSha: "h1", name: "Ethics policy", output: annotated },
        {
          kind: "create_check",
          name: "Ethics policy",
          headSha: "h2",
          output: { ...output, conclusion: "action_required" },
          actions: [approve],
        },
      ],
      ids,
    );
    expect(built.query).toContain("w0: removeLabelsFromLabelable(input: $i0)");
    expect(built.query).toContain("w1: updateIssueComment(input: $i1)");
    expect(built.query).toContain("w2: deleteIssueComment(input: $i2)");
    expect(built.query).toContain("w3: updateCheckRun(input: $i3)");
    expect(built.query).toContain(
      "$i0: RemoveLabelsFromLabelableInput!, $i1: UpdateIssueCommentInput!, $i2: DeleteIssueCommentInput!, $i3: UpdateCheckRunInput!, $i4: CreateCheckRunInput!",
    );
    expect(built.variables.i0).toEqual({ labelableId: "PR_1", labelIds: ["LA_1"] });
    expect(built.variables.i2).toEqual({ id: "IC_12" });
    expect(built.variables.i3).toEqual({
      repositoryId: "R_1",
      checkRunId: "CR_9",
      name: "Ethics policy",
      status: "COMPLETED",
      conclusion: "FAILURE",
      output: {
        title: "Invalid",
        summary: "S",
        text: "T",
        annotations: [
          {
            path: ".github/ethics-policy.yml",
            location: { startLine: 3, endLine: 3, startColumn: 5, endColumn: 9 },
            annotationLevel: "FAILURE",
            message: "m",
          },
          {
            path: ".github/ethics-policy.yml",
            location: { startLine: 4, endLine: 6 },
            annotationLevel: "WARNING",
            message: "n",
          },
        ],
      },
      // An update with no actions clears the Approve button.
      actions: [],
    });
    expect(built.variables.i4).toMatchObject({ conclusion: "ACTION_REQUIRED", actions: [approve] });
  });

  it("leaves review requests, and writes whose node ids are unknown, to REST, in plan order", () => {
    const reviewers: Operation = { kind: "request_reviewers", users: ["maint"], teams: [] };
    const none: WriteIds = {
      repository: null,
      pullRequest: null,
      labels: new Map(),
      comments: new Map(),
    };
    const ops: Operation[] = [
      ...firstFlag,
      { kind: "update_comment", id: 99, body: "x" },
      { kind: "update_check", nodeId: "CR_8", headSha: "h1", name: "n", output },
      reviewers,
    ];
    expect(buildMutation(ops, none)).toEqual({ query: null, variables: {}, fields: [], rest: ops });
    const partly = buildMutation(ops, ids);
    // A check run is addressed by the node id the read gave it: only the repository's is needed.
    expect(partly.fields.map((f) => f.op.kind)).toEqual([
      "add_label",
      "create_comment",
      "create_check",
      "update_check",
    ]);
    expect(partly.fields[3]?.op).toBe(ops[4]);
    expect(partly.rest).toEqual([ops[3], reviewers]);
  });

  it("builds nothing for an empty plan", () => {
    expect(buildMutation([], ids)).toEqual({ query: null, variables: {}, fields: [], rest: [] });
  });
});

describe("writeIds", () => {
  it("collects the snapshot's ids: comments (kept and extra) by REST id, labels by lower-cased name", () => {
    const got = writeIds({
      ids: { repository: "R", pullRequest: "PR", labels: [{ name: "Ethics-Review", id: "LA" }] },
      current: {
        comment: { id: 1, nodeId: "IC_1" },
        extraComments: [{ id: 2, nodeId: "IC_2" }],
      },
    });
    expect(got).toEqual({
      repository: "R",
      pullRequest: "PR",
      labels: new Map([["ethics-review", "LA"]]),
      comments: new Map([
        [1, "IC_1"],
        [2, "IC_2"],
      ]),
    });
    expect(writeIds({ current: { comment: null, extraComments: [] } })).toEqual({
      repository: null,
      pullRequest: null,
      labels: new Map(),
      comments: new Map(),
    });
  });
});

describe("refusedWrites", () => {
  const built = buildMutation(
    [
      { kind: "remove_label", name: "ethics-review" },
      { kind: "delete_comment", id: 12 },
      { kind: "update_comment", id: 11, body: "b" },
      { kind: "create_check", name: "n", headSha: "h", output },
    ],
    ids,
  );

  it("names the failed fields by alias and kind, treating a gone comment or label as already removed", () => {
    const refused = refusedWrites(built, [
      { type: "NOT_FOUND", path: ["w0"] },
      { type: "NOT_FOUND", path: ["w1"] },
      { type: "NOT_FOUND", path: ["w2"] },
      { type: "FORBIDDEN", path: ["w3"] },
    ]);
    expect(refused).toEqual([
      { alias: "w2", kind: "update_comment", type: "NOT_FOUND" },
      { alias: "w3", kind: "create_check", type: "FORBIDDEN" },
    ]);
  });

  it("fails every write for an error that names no field", () => {
    expect(refusedWrites(built, [{ message: "boom" } as { type?: string }]).map((r) => r.alias)).toEqual([
      "w0",
      "w1",
      "w2",
      "w3",
    ]);
  });
});
