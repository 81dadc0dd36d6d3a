// The REST reads the stand-in answers for the benchmark's straightforward REST app
// (bench/naive-app.ts), through Octokit as that app calls them.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "@jest/globals";
import { Octokit } from "@octokit/rest";
import { startGitHubStandin, type GitHubStandin } from "../../src/standin/github-standin.js";

let standin: GitHubStandin;
let octokit: Octokit;
beforeAll(async () => {
  standin = await startGitHubStandin();
  octokit = new Octokit({ baseUrl: standin.url, auth: "ghs_standin_1" });
});
afterAll(() => standin.close());
beforeEach(() => standin.reset());

function seed() {
  standin.addRepo({ owner: "acme", name: "widgets", files: { ".github/ethics-policy.yml": "version: 1\n" } });
  standin.addUser({
    login: "alice",
    company: "Palantir Technologies",
    bio: "hi",
    email: "alice@palantir.com",
    websiteUrl: "https://alice.dev",
    organizations: ["palantir", "rust-lang"],
  });
  return standin.addPullRequest({
    owner: "acme",
    repo: "widgets",
    number: 7,
    author: "alice",
    commits: [{ message: "one" }, { message: "two", author: { name: "Nobody", email: "n@example.org", login: null } }],
  });
}

const owner = "acme";
const repo = "widgets";

describe("stand-in REST reads", () => {
  it("answers a pull request, its commits and its comments", async () => {
    const pr = seed();
    standin.state.addComment(pr, { body: "hello", authorLogin: "bob", viaApp: false });
    expect((await octokit.rest.pulls.get({ owner, repo, pull_number: 7 })).data).toMatchObject({
      number: 7,
      user: { login: "alice" },
      head: { sha: pr.headSha },
    });
    const commits = (await octokit.rest.pulls.listCommits({ owner, repo, pull_number: 7 })).data;
    expect(commits.map((c) => [c.commit.message, c.author?.login ?? null, c.committer?.login])).toEqual([
      ["one", "alice", "web-flow"],
      ["two", null, "web-flow"],
    ]);
    expect((await octokit.rest.issues.listComments({ owner, repo, issue_number: 7 })).data.map((c) => c.body)).toEqual([
      "hello",
    ]);
    await expect(octokit.rest.pulls.get({ owner, repo, pull_number: 8 })).rejects.toMatchObject({ status: 404 });
  });

  it("answers profiles and public organizations", async () => {
    seed();
    expect((await octokit.rest.users.getByUsername({ username: "ALICE" })).data).toMatchObject({
      login: "alice",
      company: "Palantir Technologies",
      blog: "https://alice.dev",
    });
    expect((await octokit.rest.orgs.listForUser({ username: "alice" })).data).toEqual([
      { login: "palantir" },
      { login: "rust-lang" },
    ]);
    await expect(octokit.rest.users.getByUsername({ username: "nobody" })).rejects.toMatchObject({ status: 404 });
  });

  it("answers files on the default branch only, base64-encoded, by nested path", async () => {
    seed();
    const { data } = await octokit.rest.repos.getContent({ owner, repo, path: ".github/ethics-policy.yml" });
    expect(data).toMatchObject({ type: "file", encoding: "base64", path: ".github/ethics-policy.yml" });
    expect(Buffer.from((data as { content: string }).content, "base64").toString("utf8")).toBe("version: 1\n");
    await expect(
      octokit.rest.repos.getContent({ owner, repo, path: ".github/ethics-policy.yml", ref: "feature" }),
    ).rejects.toMatchObject({ status: 404 });
    await expect(octokit.rest.repos.getContent({ owner, repo, path: "missing.yml" })).rejects.toMatchObject({
      status: 404,
    });
  });

  it("answers the check runs on a commit, newest first, filtered by name and app", async () => {
    const pr = seed();
    const old = standin.addCheckRun({
      owner,
      repo,
      headSha: pr.headSha,
      name: "Ethics policy",
      status: "completed",
      conclusion: "neutral",
    });
    const latest = standin.addCheckRun({
      owner,
      repo,
      headSha: pr.headSha,
      name: "Ethics policy",
      status: "completed",
      conclusion: "success",
    });
    standin.addCheckRun({ owner, repo, headSha: pr.headSha, name: "CI", status: "completed", conclusion: "success" });
    const { data } = await octokit.rest.checks.listForRef({
      owner,
      repo,
      ref: pr.headSha,
      check_name: "Ethics policy",
      app_id: 123,
    });
    expect(data.total_count).toBe(2);
    expect(data.check_runs.map((r) => r.id)).toEqual([latest.id, old.id]);
  });
});
