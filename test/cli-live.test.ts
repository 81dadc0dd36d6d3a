// The live dry run: `check owner/repo#N` and `audit owner/repo` against GitHub answered by nock.
// Only reads are mocked: any write the CLI made would be an unmatched request and fail the test.
import { describe, expect, it } from "@jest/globals";
import nock from "nock";
import { nodeIo, runCli, type Io } from "../src/cli.js";
import { HEAD_SHA, NUMBER, OWNER, REPO, pullRequestReply, type PullRequestSpec } from "./helpers/github-replies.js";

const API = "https://api.github.com";
const GHE = "https://ghe.example.com";
const TARGET = `${OWNER}/${REPO}#${NUMBER}`;
const NOW = "2026-11-30T12:00:00Z";

const POLICY = `version: 1
statement: We do not accept work done on behalf of organizations that build deportation tooling.
organizations:
  - name: Palantir Technologies
    aliases: [Palantir]
    github_orgs: [palantir]
    email_domains: [palantir.com]
    reason: Builds ICE's case-management software.
actions:
  request_reviewers: [maintainer-a]
`;
const FLAGGED_AUTHOR = { login: OWNER, company: "Palantir Technologies, Inc.", organizations: ["palantir"] };
const CLEAR_AUTHOR = { login: OWNER, company: "Acme", organizations: ["acme"] };

async function run(argv: string[], env: Record<string, string | undefined> = { GITHUB_TOKEN: "ghp_test" }) {
  let stdout = "";
  let stderr = "";
  const io: Io = { ...nodeIo, env, stdout: (s) => void (stdout += s), stderr: (s) => void (stderr += s) };
  const code = await runCli(argv, io);
  return { code, stdout, stderr };
}

/** GET /repos/{owner}/{repo}: the default branch. */
function repoRead(base = API, prefix = "", token = "ghp_test") {
  return nock(base)
    .matchHeader("authorization", `token ${token}`)
    .get(`${prefix}/repos/${OWNER}/${REPO}`)
    .reply(200, { full_name: `${OWNER}/${REPO}`, default_branch: "master" });
}

/** The one GraphQL read of a pull request. */
function graphqlRead(spec: PullRequestSpec, { base = API, path = "/graphql", number = NUMBER, appId = 0 } = {}) {
  return nock(base)
    .post(path, (body: { query: string; variables: Record<string, unknown> }) => {
      return (
        body.query.includes("query EthicsPolicyPullRequest(") &&
        body.variables.number === number &&
        body.variables.appId === appId
      );
    })
    .reply(200, pullRequestReply(spec));
}

describe("check owner/repo#N (live dry run)", () => {
  it("prints the decision, what was not checked and the planned writes of a flagged PR, writing nothing", async () => {
    repoRead();
    graphqlRead({
      policy: POLICY,
      author: FLAGGED_AUTHOR,
      commits: [
        { sha: HEAD_SHA, author: { email: "codertocat@palantir.com", user: FLAGGED_AUTHOR } },
        { sha: "b".repeat(40), author: { name: "Anon", email: "anon@unlinked.example" } },
      ],
    });
    const r = await run(["check", TARGET, "--now", NOW]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`${TARGET} (head ${HEAD_SHA.slice(0, 7)}) — dry run, nothing on GitHub was changed`);
    expect(r.stdout).toContain("Decision: FLAGGED for a maintainer to review — Palantir Technologies");
    expect(r.stdout).toMatch(
      /Palantir Technologies — profile_company \(profile company field\) — "Codertocat" — "Palantir Technologies, Inc\."/,
    );
    expect(r.stdout).toMatch(/Palantir Technologies — organizations .* — "Codertocat" — "palantir"/);
    expect(r.stdout).toMatch(/commit_email .* "codertocat@palantir\.com"/);
    expect(r.stdout).toContain("Not checked (unattributed):");
    expect(r.stdout).toMatch(
      /commit bbbbbbb author "Anon" uses an address at unlinked\.example linked to no GitHub account/,
    );
    expect(r.stdout).toContain('1. add label "ethics-review"');
    expect(r.stdout).toMatch(/2\. create the app's comment \(\d+ lines; --show-comment prints it\)/);
    expect(r.stdout).toContain(`3. create check run "Ethics policy" on ${HEAD_SHA.slice(0, 7)}: neutral — `);
    expect(r.stdout).toContain("4. request reviewers: maintainer-a");
    expect(r.stdout).toContain("the app's own check run cannot be identified");
    expect(r.stdout).not.toContain("<!-- ethics-policy:comment -->");
  });

  it("prints the comment body with --show-comment, and the existing check run with --app-id", async () => {
    repoRead();
    graphqlRead(
      {
        policy: POLICY,
        author: FLAGGED_AUTHOR,
        labels: ["ethics-review"],
        checkRun: { id: 77, conclusion: "success", title: "Clear", summary: "-" },
      },
      { appId: 123 },
    );
    const r = await run(["check", TARGET, "--show-comment", "--app-id", "123", "--now", NOW]);
    expect(r.code).toBe(0);
    expect(r.stdout).not.toContain("add label");
    expect(r.stdout).toContain("---- comment body ----");
    expect(r.stdout).toContain("<!-- ethics-policy:comment -->");
    expect(r.stdout).toMatch(/update check run 77 "Ethics policy": neutral/);
    expect(r.stdout).not.toContain("cannot be identified");
  });

  it("prints one JSON object with --json", async () => {
    repoRead();
    graphqlRead({ policy: POLICY, author: CLEAR_AUTHOR, labels: ["ethics-review"] });
    const r = await run(["check", TARGET, "--json", "--now", NOW]);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(Object.keys(report)).toEqual(expect.arrayContaining(["ref", "outcome", "decision", "actions"]));
    expect(report).toMatchObject({
      ref: TARGET,
      outcome: "clear",
      head: HEAD_SHA,
      decision: { flagged: false, exempt: false, author: OWNER, matches: [], organizations: [] },
      notes: [expect.stringContaining("no app id"), expect.stringContaining("no state key")],
    });
    expect(report.actions.map((a: { kind: string }) => a.kind)).toEqual(["remove_label", "create_check"]);
    expect(report.actions[1]).toMatchObject({
      kind: "create_check",
      name: "Ethics policy",
      headSha: HEAD_SHA,
      output: { conclusion: "success" },
    });
  });

  it("reports an invalid policy with FILE:LINE:COL positions and exit 1", async () => {
    repoRead();
    graphqlRead({ policy: "version: 1\norganisations: [{name: Palantir}]\n" });
    const r = await run(["check", TARGET]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("The ethics policy is INVALID");
    expect(r.stdout).toMatch(
      new RegExp(`${OWNER}/${REPO}:\\.github/ethics-policy\\.yml:2:1: .*did you mean "organizations"`),
    );
    expect(r.stdout).toMatch(/create check run "Ethics policy" on \w+: failure/);

    repoRead();
    graphqlRead({ policy: "version: 1\norganisations: [{name: Palantir}]\n" });
    const json = JSON.parse((await run(["check", TARGET, "--json"])).stdout);
    expect(json).toMatchObject({
      outcome: "invalid_policy",
      problems: expect.arrayContaining([expect.objectContaining({ line: 2, col: 1 })]),
    });
  });

  it("says so when there is no policy, when the pull request is closed, and when nothing is found", async () => {
    repoRead();
    graphqlRead({ policy: null });
    const none = await run(["check", TARGET]);
    expect(none.code).toBe(0);
    expect(none.stdout).toContain("No ethics policy");

    repoRead();
    graphqlRead({ policy: POLICY, state: "CLOSED" });
    const closed = await run(["check", TARGET, "--json"]);
    expect(closed.code).toBe(0);
    expect(JSON.parse(closed.stdout)).toMatchObject({ ref: TARGET, outcome: "closed", actions: [] });

    nock(API).get(`/repos/${OWNER}/${REPO}`).reply(404, { message: "Not Found" });
    const missing = await run(["check", TARGET]);
    expect(missing.code).toBe(2);
    expect(missing.stdout).toContain("Not found");
    expect(missing.stderr).toContain(`not found: ${TARGET}`);
  });

  it("exits 2 without a token, on a bad reference, and when given both or neither form", async () => {
    const noToken = await run(["check", TARGET], {});
    expect(noToken.code).toBe(2);
    expect(noToken.stderr).toContain("no GitHub token: pass --token or set GITHUB_TOKEN");

    expect((await run(["check", "Codertocat/Hello-World"])).stderr).toContain("is not a pull request");
    const both = await run(["check", TARGET, "--policy", "p.yml", "--evidence", "e.json"]);
    expect(both.code).toBe(2);
    expect(both.stderr).toContain("not both");
    const neither = await run(["check"]);
    expect(neither.code).toBe(2);
    expect(neither.stderr).toContain("owner/repo#N");
    expect((await run(["check", "--policy", "p.yml", "--evidence", "e.json", "--json"])).code).toBe(2);
    expect((await run(["check", TARGET, "--format", "comment"])).code).toBe(2);
  });

  it("exits 2 with a clear message when GitHub rejects the token (401) or refuses access (403)", async () => {
    nock(API).get(`/repos/${OWNER}/${REPO}`).reply(401, { message: "Bad credentials" });
    const r = await run(["check", TARGET, "--token", "ghp_wrong"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/GitHub rejected the token \(401: Bad credentials.*\)\. Check --token or GITHUB_TOKEN/);
    expect(r.stdout).toBe("");

    repoRead();
    nock(API).post("/graphql").reply(403, { message: "Resource not accessible by personal access token" });
    const forbidden = await run(["check", TARGET]);
    expect(forbidden.code).toBe(2);
    expect(forbidden.stderr).toContain("GitHub refused access (403: Resource not accessible");
  });

  it("talks to GitHub Enterprise Server at /api/v3 and /api/graphql, via --api-url or GHE_HOST", async () => {
    repoRead(GHE, "/api/v3");
    graphqlRead({ policy: POLICY, author: FLAGGED_AUTHOR }, { base: GHE, path: "/api/graphql" });
    const viaFlag = await run(["check", TARGET, "--api-url", `${GHE}/api/v3/`, "--json", "--verbose"]);
    expect(viaFlag.code).toBe(0);
    expect(viaFlag.stderr).toMatch(/^http: GET \/repos\/Codertocat\/Hello-World - 200 /m);
    expect(JSON.parse(viaFlag.stdout).outcome).toBe("flagged");

    repoRead(GHE, "/api/v3", "ghp_ghe");
    graphqlRead({ policy: POLICY, author: FLAGGED_AUTHOR }, { base: GHE, path: "/api/graphql" });
    const viaEnv = await run(["check", TARGET, "--json"], { GITHUB_TOKEN: "ghp_ghe", GHE_HOST: "ghe.example.com" });
    expect(viaEnv.code).toBe(0);
    expect(JSON.parse(viaEnv.stdout).outcome).toBe("flagged");
  });

  it("describes itself with examples in --help", async () => {
    for (const command of ["check", "audit"]) {
      const r = await run([command, "--help"]);
      expect(r.code).toBe(0);
      expect(r.stdout).toContain(`Usage: ethics-policy ${command}`);
      expect(r.stdout).toMatch(/\$ (GITHUB_TOKEN=\S+ )?ethics-policy /);
      expect(r.stdout).toContain("--api-url");
    }
  });
});

describe("audit owner/repo", () => {
  const pull = (number: number, login: string) => ({ number, user: { login }, state: "open" });

  /** Two pages of open pull requests, linked by a Link header as GitHub does. */
  function openPulls() {
    const page2 = `${API}/repositories/1296269/pulls?state=open&per_page=100&page=2`;
    return nock(API)
      .get(`/repos/${OWNER}/${REPO}/pulls`)
      .query({ state: "open", per_page: "100" })
      .reply(200, [pull(2, "Codertocat")], { link: `<${page2}>; rel="next", <${page2}>; rel="last"` })
      .get("/repositories/1296269/pulls")
      .query({ state: "open", per_page: "100", page: "2" })
      .reply(200, [pull(3, "octocat")]);
  }

  it("dry-runs every open pull request across pages and prints a table, or a JSON array", async () => {
    for (const json of [false, true]) {
      repoRead();
      openPulls();
      graphqlRead({ policy: POLICY, author: FLAGGED_AUTHOR });
      graphqlRead({ policy: POLICY, author: { ...CLEAR_AUTHOR, login: "octocat" } }, { number: 3 });
      const r = await run(["audit", `${OWNER}/${REPO}`, "--now", NOW, ...(json ? ["--json"] : [])]);
      expect(r.stderr).toBe("");
      expect(r.code).toBe(0);
      if (json) {
        const reports = JSON.parse(r.stdout);
        expect(reports).toMatchObject([
          {
            ref: `${OWNER}/${REPO}#2`,
            author: "Codertocat",
            outcome: "flagged",
            decision: { organizations: ["Palantir Technologies"] },
          },
          { ref: `${OWNER}/${REPO}#3`, author: "octocat", outcome: "clear" },
        ]);
        expect(reports[0].actions.map((a: { kind: string }) => a.kind)).toEqual([
          "add_label",
          "create_comment",
          "create_check",
          "request_reviewers",
        ]);
      } else {
        const lines = r.stdout.split("\n");
        expect(lines[0]).toBe(`${OWNER}/${REPO}: 2 open pull requests — dry run, nothing on GitHub was changed`);
        expect(lines).toContainEqual(expect.stringMatching(/^PR\s+AUTHOR\s+OUTCOME\s+ORGANIZATIONS\s+ACTIONS$/));
        expect(lines).toContainEqual(
          expect.stringMatching(
            /^#2\s+Codertocat\s+flagged\s+Palantir Technologies\s+add_label, create_comment, create_check, request_reviewers$/,
          ),
        );
        expect(lines).toContainEqual(expect.stringMatching(/^#3\s+octocat\s+clear\s+-\s+create_check$/));
        expect(r.stdout).toContain("1 flagged, 1 clear");
      }
    }
  });

  it("exits 1 when the policy is invalid, stops asking after 'no policy', and bounds the list with --limit", async () => {
    repoRead();
    openPulls();
    graphqlRead({ policy: "version: 2\norganizations: [{name: A}]\n" });
    graphqlRead({ policy: "version: 2\norganizations: [{name: A}]\n" }, { number: 3 });
    const invalid = await run(["audit", `${OWNER}/${REPO}`]);
    expect(invalid.code).toBe(1);
    expect(invalid.stdout).toMatch(/^#2\s+Codertocat\s+invalid\s+-\s+create_check$/m);
    expect(invalid.stdout).toMatch(/ethics-policy\.yml:1:10: /);

    repoRead();
    openPulls();
    graphqlRead({ policy: null });
    const none = await run(["audit", `${OWNER}/${REPO}`]);
    expect(none.code).toBe(0);
    expect(none.stdout).toMatch(/^#3\s+octocat\s+no policy\s+-\s+-$/m);

    repoRead();
    nock(API)
      .get(`/repos/${OWNER}/${REPO}/pulls`)
      .query({ state: "open", per_page: "1" })
      .reply(200, [pull(2, "Codertocat")], { link: `<${API}/x?page=2>; rel="next"` });
    graphqlRead({ policy: POLICY, author: CLEAR_AUTHOR });
    const limited = await run(["audit", `${OWNER}/${REPO}`, "--limit", "1", "--json"]);
    expect(limited.code).toBe(0);
    expect(JSON.parse(limited.stdout)).toHaveLength(1);
  });

  it("exits 2 on usage and authentication errors", async () => {
    expect((await run(["audit", `${OWNER}/${REPO}`], {})).code).toBe(2);
    expect((await run(["audit", "not-a-repo"])).code).toBe(2);
    expect((await run(["audit", `${OWNER}/${REPO}`, "--limit", "0"])).code).toBe(2);
    nock(API).get(`/repos/${OWNER}/${REPO}`).reply(401, { message: "Bad credentials" });
    const r = await run(["audit", `${OWNER}/${REPO}`]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("GitHub rejected the token (401");
  });
});
