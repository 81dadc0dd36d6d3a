// The Actions-mode workflows are security-sensitive (pull_request_target runs with a token that
// can write), so their safety properties are checked, not just described: the copyable example
// (examples/workflows/) and this repository's own (.github/workflows/).
import { describe, expect, it } from "@jest/globals";
import { readFileSync } from "node:fs";
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

function load(path: string) {
  const workflow = parse(readFileSync(new URL(`../../${path}`, import.meta.url), "utf8")) as Workflow;
  return { workflow, steps: Object.values(workflow.jobs).flatMap((job) => job.steps) };
}

describe.each(["examples/workflows/ethics-policy.yml", ".github/workflows/ethics-policy.yml"])("%s", (path) => {
  const { workflow, steps } = load(path);

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

  it("never checks out the pull request's head, and keeps no credentials from a checkout", () => {
    for (const step of steps.filter((s) => s.uses?.startsWith("actions/checkout"))) {
      expect(JSON.stringify(step.with ?? {})).not.toMatch(/pull_request|head|refs\/pull|merge|github\.event/);
      expect(step.with?.ref).toBeUndefined();
      expect(step.with?.repository).toBeUndefined();
      expect(step.with?.["persist-credentials"]).toBe(false);
    }
  });

  it("puts no event data into a shell command (no script injection), and runs nothing of its own", () => {
    for (const step of steps) expect(step.run ?? "").not.toContain("${{");
    expect(steps.filter((s) => s.run !== undefined)).toEqual([]);
  });

  it("names no job after the app's check run, so the review cannot take the job's own check run for its own", () => {
    for (const job of Object.values(workflow.jobs)) expect((job.name ?? "").toLowerCase()).not.toBe("ethics policy");
  });

  it("passes only inputs action.yml declares", () => {
    const declared = Object.keys(
      (parse(readFileSync(new URL("../../action.yml", import.meta.url), "utf8")) as { inputs: object }).inputs,
    );
    const review = steps.find((s) => s.uses === "./" || s.uses?.startsWith("OWNER/ethics-policy@"));
    expect(Object.keys(review?.with ?? {}).filter((name) => !declared.includes(name))).toEqual([]);
  });
});

describe("the copyable example", () => {
  const { steps } = load("examples/workflows/ethics-policy.yml");

  it("uses the action by its major tag and checks nothing out", () => {
    expect(steps.map((s) => s.uses)).toEqual(["OWNER/ethics-policy@v1"]);
  });
});

describe("this repository's own workflow", () => {
  const { steps } = load(".github/workflows/ethics-policy.yml");

  it("runs the action from the default branch's checkout (uses: ./), never a build of the pull request", () => {
    expect(steps.map((s) => s.uses)).toEqual(["actions/checkout@v4", "./"]);
  });
});
