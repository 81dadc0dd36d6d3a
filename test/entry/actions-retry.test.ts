// Issue 9, break 8: Actions mode's own client retries what GitHub failed to answer (5xx) and waits
// out rate limits as retry-after says, a bounded number of times, like the Probot app's client.
// Waits are in units of `retryUnitMs` (1 ms here); nothing below measures time.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "@jest/globals";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { GITHUB_ACTIONS_APP_ID, MAX_RATE_LIMIT_RETRIES, runAction } from "../../src/entry/actions.js";
import { actionsLogger } from "../../src/entry/actions-log.js";
import { fakeSha } from "../../src/standin/state.js";
import { startGitHubStandin, type GitHubStandin } from "../../src/standin/github-standin.js";
import { pullRequestPayload } from "../helpers/e2e.js";

const OWNER = "entropic-dev";
const REPO = "entropic";
const POLICY = "version: 1\norganizations:\n  - name: Palantir Technologies\n    aliases: [Palantir]\n";
const SECONDARY = {
  status: 403,
  body: {
    message: "You have exceeded a secondary rate limit. Please wait a few minutes before you try again.",
    documentation_url: "https://docs.github.com/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits",
  },
  headers: { "retry-after": "1" },
};
const dir = mkdtempSync(join(tmpdir(), "ethics-policy-actions-retry-"));

let standin: GitHubStandin;
beforeAll(async () => {
  standin = await startGitHubStandin({ appId: GITHUB_ACTIONS_APP_ID, appSlug: "github-actions" });
});
afterAll(() => standin.close());
beforeEach(() => standin.reset());

async function run(number: number, extraEnv: Record<string, string> = {}) {
  standin.addRepo({ owner: OWNER, name: REPO, files: { ".github/ethics-policy.yml": POLICY } });
  standin.addUser({ login: "pat", company: "Palantir Technologies" });
  const headSha = fakeSha("actions-retry", number);
  standin.addPullRequest({ owner: OWNER, repo: REPO, number, author: "pat", headSha });
  const path = join(dir, `event-${number}.json`);
  const payload = pullRequestPayload({
    owner: OWNER,
    repo: REPO,
    number,
    headSha,
    author: "pat",
    defaultBranch: "main",
  });
  writeFileSync(path, JSON.stringify(payload));
  const lines: string[] = [];
  const result = await runAction({
    env: {
      GITHUB_EVENT_NAME: "pull_request_target",
      GITHUB_EVENT_PATH: path,
      GITHUB_TOKEN: "ghs_standin_actions",
      GITHUB_API_URL: standin.url,
      ETHICS_POLICY_APP_ID: String(GITHUB_ACTIONS_APP_ID),
      // The `state-key` input (required in Actions mode: the record is signed with it).
      "INPUT_STATE-KEY": "actions retry tests: a repository secret, long enough to be a key",
      ...extraEnv,
    },
    log: actionsLogger((line) => lines.push(line), {}, false),
    retryUnitMs: 1,
  });
  return { result, lines, headSha };
}

const answered = (match: (r: GitHubStandin["requests"][number]) => boolean) =>
  standin.requests.filter(match).map((r) => r.status);

describe("Actions mode's GitHub client", () => {
  it("retries a read GitHub answered with 502, then carries on", async () => {
    standin.failNext({ operationName: "EthicsPolicyPullRequest" }, { status: 502, body: { message: "Bad Gateway" } });

    const { result } = await run(1);

    expect(result.exitCode).toBe(0);
    expect(result.decisions).toEqual([expect.objectContaining({ number: 1, outcome: "flagged" })]);
    expect(answered((r) => r.operationName === "EthicsPolicyPullRequest")).toEqual([502, 200]);
  });

  it("waits out a secondary rate limit on its write as retry-after says, and writes once", async () => {
    standin.failNext({ operationName: "EthicsPolicyReconcile" }, SECONDARY);

    const { result, lines, headSha } = await run(2);

    expect(result.exitCode).toBe(0);
    expect(answered((r) => r.operationName === "EthicsPolicyReconcile")).toEqual([403, 200]);
    expect(standin.pullRequest(OWNER, REPO, 2).comments.filter((c) => c.viaApp)).toHaveLength(1);
    expect(standin.checkRuns(OWNER, REPO, headSha)).toHaveLength(1);
    expect(lines.some((l) => /secondary rate limit: retrying after 1 s/.test(l))).toBe(true);
  });

  it("the same over REST writes", async () => {
    standin.failNext({ method: "POST", path: /\/check-runs$/ }, SECONDARY);

    const { result, headSha } = await run(3, { ETHICS_POLICY_WRITES: "rest" });

    expect(result.exitCode).toBe(0);
    expect(answered((r) => r.method === "POST" && /\/check-runs$/.test(r.path))).toEqual([403, 201]);
    expect(standin.checkRuns(OWNER, REPO, headSha)).toHaveLength(1);
  });

  it("gives up after a bounded number of rate-limited attempts, and fails the run", async () => {
    standin.failNext({ operationName: "EthicsPolicyReconcile" }, SECONDARY, 10);

    const { result, lines } = await run(4);

    expect(result.exitCode).toBe(1);
    expect(answered((r) => r.operationName === "EthicsPolicyReconcile")).toEqual(
      Array.from({ length: MAX_RATE_LIMIT_RETRIES + 1 }, () => 403),
    );
    expect(lines.some((l) => /secondary rate limit: giving up/.test(l))).toBe(true);
  });
});
