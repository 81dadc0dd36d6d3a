// The example Actions-mode workflow is security-sensitive (pull_request_target runs with a token
// that can write), so its safety properties are checked, not just described.
import { describe, expect, it } from "@jest/globals";
import { existsSync, readFileSync } from "node:fs";
import { parse } from "yaml";

type Step = {
  uses?: string;
  run?: string;
  with?: Record<string, unknown>;
  env?: Record<string, unknown>;
  "working-directory"?: string;
};
type Workflow = {
  on: Record<string, unknown>;
  permissions: Record<string, string>;
  jobs: Record<string, { name?: string; steps: Step[] }>;
};

const text = readFileSync(new URL("../../.github/workflows/ethics-policy.yml", import.meta.url), "utf8");
const workflow = parse(text) as Workflow;
const steps = Object.values(workflow.jobs).flatMap((job) => job.steps);

describe(".github/workflows/ethics-policy.yml", () => {
  it("runs on pull_request_target and issue_comment", () => {
    expect(Object.keys(workflow.on)).toEqual(expect.arrayContaining(["pull_request_target", "issue_comment"]));
  });

  it("asks for exactly the permissions the review needs", () => {
    expect(workflow.permissions).toEqual({
      contents: "read",
      "pull-requests": "write",
      issues: "write",
      checks: "write",
    });
  });

  it("never checks out the pull request's head", () => {
    const checkouts = steps.filter((s) => s.uses?.startsWith("actions/checkout"));
    expect(checkouts).toHaveLength(1);
    for (const step of checkouts) {
      expect(JSON.stringify(step.with ?? {})).not.toMatch(/pull_request|head|refs\/pull|merge/);
      expect(step.with?.["persist-credentials"]).toBe(false);
    }
  });

  it("puts no event data into a shell command (no script injection)", () => {
    for (const step of steps) expect(step.run ?? "").not.toContain("${{");
  });

  it("names no job after the app's check run, so the review cannot take the job's own check run for its own", () => {
    for (const job of Object.values(workflow.jobs)) expect((job.name ?? "").toLowerCase()).not.toBe("ethics policy");
  });

  it("runs the Actions entry point this repository builds", () => {
    expect(steps.some((s) => s.run === "node lib/entry/actions.js")).toBe(true);
    expect(existsSync(new URL("../../src/entry/actions.ts", import.meta.url))).toBe(true);
  });
});
