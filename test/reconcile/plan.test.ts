import { describe, expect, it } from "@jest/globals";
import fc from "fast-check";
import type { AppCheckRun, CurrentState } from "../../src/github/types.js";
import { planReconcile, type DesiredState, type Operation } from "../../src/reconcile/plan.js";

const spec = { name: "ethics-review", color: "d93f0b", description: "d" };
const output = { conclusion: "neutral" as const, title: "Flagged", summary: "S" };
const empty: CurrentState = { labels: [], comment: null, extraComments: [], checkRun: null };
const flagged: DesiredState = {
  label: { spec, present: true },
  comment: { body: "B", create: true },
  check: { name: "Ethics policy", headSha: "h1", output },
  reviewers: { users: ["maint"], teams: ["core"] },
};
const run = (over: Partial<AppCheckRun> = {}): AppCheckRun => ({
  nodeId: "CR_9",
  headSha: "h1",
  status: "completed",
  conclusion: "neutral",
  title: "Flagged",
  summary: "S",
  ...over,
});

describe("planReconcile", () => {
  it("writes everything on a fresh flagged pull request", () => {
    expect(planReconcile(flagged, empty).map((o) => o.kind)).toEqual([
      "add_label",
      "create_comment",
      "create_check",
      "request_reviewers",
    ]);
  });

  it("writes nothing when GitHub already shows the desired state", () => {
    const current: CurrentState = {
      labels: ["Ethics-Review"],
      comment: { id: 1, nodeId: "n", body: "B" },
      extraComments: [],
      checkRun: run(),
    };
    expect(planReconcile({ ...flagged, reviewers: null }, current)).toEqual([]);
  });

  it("edits the comment in place and updates the check on the same head, creates one on a new head", () => {
    const current: CurrentState = {
      labels: [],
      comment: { id: 1, nodeId: "n", body: "old" },
      extraComments: [],
      checkRun: run({ title: "old" }),
    };
    const ops = planReconcile({ ...flagged, label: null, reviewers: null }, current);
    expect(ops).toEqual([
      { kind: "update_comment", id: 1, body: "B" },
      { kind: "update_check", nodeId: "CR_9", headSha: "h1", name: "Ethics policy", output },
    ]);
    const moved = planReconcile(
      { ...flagged, label: null, comment: "keep", reviewers: null },
      { ...current, checkRun: run({ headSha: "h0" }) },
    );
    expect(moved.map((o) => o.kind)).toEqual(["create_check"]);
  });

  it("removes the label when no longer flagged, and never creates a comment for a PR never flagged", () => {
    const clear: DesiredState = {
      label: { spec, present: false },
      comment: { body: "clear", create: false },
      check: null,
      reviewers: null,
    };
    expect(planReconcile(clear, { ...empty, labels: ["ethics-review"] })).toEqual([
      { kind: "remove_label", name: "ethics-review" },
    ]);
    expect(planReconcile(clear, empty)).toEqual([]);
  });

  it("deletes duplicate app comments left by an earlier race, even when comments are off", () => {
    const current: CurrentState = {
      ...empty,
      comment: { id: 1, nodeId: "a", body: "B" },
      extraComments: [{ id: 2, nodeId: "b", body: "B" }],
    };
    expect(planReconcile({ ...flagged, label: null, check: null, reviewers: null, comment: "keep" }, current)).toEqual([
      { kind: "delete_comment", id: 2 },
    ]);
  });

  it("is idempotent: applying a plan and planning again yields nothing", () => {
    const apply = (state: CurrentState, ops: Operation[]): CurrentState => {
      let next = structuredClone(state);
      for (const op of ops) {
        if (op.kind === "add_label") next.labels.push(op.label.name);
        if (op.kind === "remove_label")
          next.labels = next.labels.filter((l) => l.toLowerCase() !== op.name.toLowerCase());
        if (op.kind === "create_comment") next.comment = { id: 100, nodeId: "x", body: op.body };
        if (op.kind === "update_comment" && next.comment) next.comment.body = op.body;
        if (op.kind === "delete_comment") next.extraComments = next.extraComments.filter((c) => c.id !== op.id);
        if (op.kind === "create_check" || op.kind === "update_check") {
          const headSha = op.kind === "create_check" ? op.headSha : next.checkRun!.headSha;
          next = {
            ...next,
            checkRun: {
              nodeId: "CR_1",
              headSha,
              status: "completed",
              conclusion: op.output.conclusion,
              title: op.output.title,
              summary: op.output.summary,
            },
          };
        }
      }
      return next;
    };
    const comment = fc.option(fc.record({ id: fc.nat(), nodeId: fc.string(), body: fc.string() }), { nil: null });
    fc.assert(
      fc.property(
        fc.record({
          labels: fc.array(fc.constantFrom("ethics-review", "ETHICS-REVIEW", "bug")),
          comment,
          extraComments: fc.array(fc.record({ id: fc.nat(), nodeId: fc.string(), body: fc.string() }), {
            maxLength: 3,
          }),
          checkRun: fc.option(
            fc.record({
              nodeId: fc.string({ minLength: 1 }),
              headSha: fc.constantFrom("h0", "h1"),
              status: fc.constantFrom("completed", "in_progress"),
              conclusion: fc.constantFrom("neutral", "success", null),
              title: fc.constantFrom("Flagged", "Clear", null),
              summary: fc.constantFrom("S", null),
            }),
            { nil: null },
          ),
        }),
        fc.boolean(),
        fc.boolean(),
        (current, present, create) => {
          const desired: DesiredState = {
            ...flagged,
            label: { spec, present },
            comment: { body: "B", create },
            reviewers: null,
          };
          const once = apply(current, planReconcile(desired, current));
          expect(planReconcile(desired, once)).toEqual([]);
        },
      ),
      { numRuns: 1000 },
    );
  });
});
