// The Action as a workflow uses it: action.yml's `runs` and `inputs`, and the committed bundle it
// names, run as the runner runs a JavaScript action — `node dist/index.js` in a child process,
// inputs as INPUT_* variables — against the GitHub stand-in on loopback. (`npm run check:dist`
// separately checks that the bundle is what src/ builds to.)
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "@jest/globals";
import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import { parse } from "yaml";
import { readActionInputs } from "../../src/entry/action-inputs.js";
import { GITHUB_ACTIONS_APP_ID } from "../../src/entry/actions.js";
import { startGitHubStandin, type GitHubStandin } from "../../src/standin/github-standin.js";
import { fakeSha } from "../../src/standin/state.js";
import { pullRequestPayload } from "../helpers/e2e.js";

const ROOT = resolve(import.meta.dirname, "../..");
type ActionYml = {
  name: string;
  inputs: Record<string, { description: string; required?: boolean; default?: string }>;
  runs: { using: string; main: string };
};
const action = parse(readFileSync(join(ROOT, "action.yml"), "utf8")) as ActionYml;

describe("action.yml", () => {
  it("runs one bundled file on node20", () => {
    expect(action.runs).toEqual({ using: "node20", main: "dist/index.js" });
    expect(existsSync(join(ROOT, action.runs.main))).toBe(true);
    expect(existsSync(join(ROOT, "dist/licenses.txt"))).toBe(true);
  });

  it("declares the inputs the entry point reads: token (the workflow's by default), policy-path, log-level, state-key", () => {
    expect(Object.keys(action.inputs).sort()).toEqual(["log-level", "policy-path", "state-key", "token"]);
    expect(action.inputs["policy-path"]?.default).toBe(".github/ethics-policy.yml");
    expect(action.inputs.token?.default).toBe("${{ github.token }}");
    expect(action.inputs["log-level"]?.default).toBe("info");
    expect(action.inputs["state-key"]?.description).toMatch(/^Required/);
  });
});

describe("readActionInputs", () => {
  it("reads INPUT_* as the runner sets them, the token input before env GITHUB_TOKEN", () => {
    expect(
      readActionInputs({ INPUT_TOKEN: " ghs_input ", GITHUB_TOKEN: "ghs_env", "INPUT_STATE-KEY": "s3cret" }),
    ).toEqual({ token: "ghs_input", logLevel: "info", stateKey: "s3cret", problems: [], fatal: [] });
    expect(readActionInputs({ INPUT_TOKEN: "", GITHUB_TOKEN: "ghs_env" }).token).toBe("ghs_env");
    expect(readActionInputs({}).token).toBeUndefined();
  });

  it("takes a policy path inside the repository, and refuses one outside it", () => {
    expect(readActionInputs({ "INPUT_POLICY-PATH": "policies/ethics.yml" }).policyPath).toBe("policies/ethics.yml");
    for (const bad of ["/etc/passwd", "../x.yml", "a//b.yml", "./a.yml"]) {
      const inputs = readActionInputs({ "INPUT_POLICY-PATH": bad });
      expect({ bad, policyPath: inputs.policyPath, fatal: inputs.fatal }).toEqual({
        bad,
        policyPath: undefined,
        fatal: [expect.stringContaining("policy-path must be a path inside the repository")],
      });
    }
  });

  it("takes a log level, says so when it is not one, and turns debug on with the runner's debug logging", () => {
    expect(readActionInputs({ "INPUT_LOG-LEVEL": "WARN" }).logLevel).toBe("warn");
    expect(readActionInputs({ "INPUT_LOG-LEVEL": "loud" })).toEqual(
      expect.objectContaining({ logLevel: "info", problems: [expect.stringContaining("log-level must be one of")] }),
    );
    expect(readActionInputs({ "INPUT_LOG-LEVEL": "error", RUNNER_DEBUG: "1" }).logLevel).toBe("debug");
  });
});

// Each test starts Node.js processes; a busy machine gets a generous limit (it asserts no timing).
const CHILD_PROCESS_TEST_MS = 60_000;

describe("dist/index.js run as the runner runs it", () => {
  const OWNER = "entropic-dev";
  const REPO = "entropic";
  const dir = mkdtempSync(join(tmpdir(), "ethics-policy-action-bundle-"));
  let standin: GitHubStandin;
  beforeAll(async () => {
    standin = await startGitHubStandin({ appId: GITHUB_ACTIONS_APP_ID, appSlug: "github-actions" });
  });
  afterAll(() => standin.close());
  beforeEach(() => standin.reset());

  async function runBundle(number: number, inputs: Record<string, string>, policyPath = ".github/ethics-policy.yml") {
    standin.addRepo({
      owner: OWNER,
      name: REPO,
      files: { [policyPath]: "version: 1\norganizations:\n  - name: Palantir Technologies\n" },
    });
    standin.addUser({ login: "pat", company: "Palantir Technologies" });
    const headSha = fakeSha("action-bundle", number);
    standin.addPullRequest({
      owner: OWNER,
      repo: REPO,
      number,
      author: "pat",
      commits: [{ sha: headSha, author: { email: "pat@users.noreply.github.com", login: "pat" } }],
    });
    const eventPath = join(dir, `event-${number}.json`);
    writeFileSync(
      eventPath,
      JSON.stringify(
        pullRequestPayload({ owner: OWNER, repo: REPO, number, headSha, author: "pat", defaultBranch: "main" }),
      ),
    );
    const env: NodeJS.ProcessEnv = {
      PATH: process.env.PATH ?? "",
      GITHUB_EVENT_NAME: "pull_request_target",
      GITHUB_EVENT_PATH: eventPath,
      GITHUB_API_URL: standin.url,
      GITHUB_RUN_ID: "5",
      ETHICS_POLICY_APP_ID: String(GITHUB_ACTIONS_APP_ID),
      "INPUT_STATE-KEY": "a state key for the action-bundle test",
      ...Object.fromEntries(Object.entries(inputs).map(([name, value]) => [`INPUT_${name.toUpperCase()}`, value])),
    };
    const child = await promisify(execFile)(process.execPath, [join(ROOT, action.runs.main)], { cwd: dir, env }).then(
      ({ stdout }) => ({ code: 0, stdout }),
      (error: { code?: number; stdout?: string }) => ({ code: error.code ?? -1, stdout: error.stdout ?? "" }),
    );
    return { ...child, pr: standin.pullRequest(OWNER, REPO, number) };
  }

  it(
    "reviews the pull request with the token input: exit 0, label, one comment, the outcome in the log",
    async () => {
      const { code, stdout, pr } = await runBundle(21, { token: "ghs_standin_actions", "log-level": "info" });
      expect({ code, errors: stdout.split("\n").filter((l) => l.startsWith("::error::")) }).toEqual({
        code: 0,
        errors: [],
      });
      expect(pr.labels).toEqual(["ethics-review"]);
      expect(pr.comments.filter((c) => c.viaApp)).toHaveLength(1);
      expect(stdout).toContain("pull request #21: flagged");
    },
    CHILD_PROCESS_TEST_MS,
  );

  it(
    "writes only errors with log-level error, and fails with exit 2 and a clear line without a token",
    async () => {
      const quiet = await runBundle(22, { token: "ghs_standin_actions", "log-level": "error" });
      expect({ code: quiet.code, stdout: quiet.stdout }).toEqual({ code: 0, stdout: "" });
      expect(quiet.pr.labels).toEqual(["ethics-review"]);

      const tokenless = await runBundle(23, { "log-level": "info" });
      expect(tokenless.code).toBe(2);
      expect(tokenless.stdout).toMatch(/^::error::not running in a GitHub Actions workflow: GITHUB_TOKEN not set/m);
      expect(tokenless.pr.labels).toEqual([]);
    },
    CHILD_PROCESS_TEST_MS,
  );

  it(
    "reads the policy from the policy-path input, and from nowhere else",
    async () => {
      const moved = await runBundle(
        24,
        { token: "ghs_standin_actions", "policy-path": "policies/ethics.yml" },
        "policies/ethics.yml",
      );
      expect({ code: moved.code, labels: moved.pr.labels }).toEqual({ code: 0, labels: ["ethics-review"] });

      const elsewhere = await runBundle(25, { token: "ghs_standin_actions" }, "policies/ethics.yml");
      expect({ code: elsewhere.code, labels: elsewhere.pr.labels }).toEqual({ code: 0, labels: [] });
      expect(elsewhere.stdout).toContain(`"pull":25,"outcome":"no_policy"`);
    },
    CHILD_PROCESS_TEST_MS,
  );
});
