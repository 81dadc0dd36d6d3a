// A pull request longer than GitHub's 250-commit listing: the commits past it are read through the
// compare API, so an affiliated commit at position 255 is found, not missed.
import { describe, expect, it } from "@jest/globals";
import {
  authorLogins,
  commitsBeyondListing,
  toCommitNode,
  type RestCompareCommit,
} from "../../src/github/compare-commits.js";
import type { GitHubStandin } from "../../src/standin/github-standin.js";
import { fakeSha } from "../../src/standin/state.js";
import { deliver, pullRequestPayload, useStandinAndApp, type RunningApp } from "../helpers/e2e.js";

const OWNER = "entropic-dev";
const REPO = "long";
const POLICY = "version: 1\norganizations:\n  - name: Palantir Technologies\n    email_domains: [palantir.com]\n";

let standin: GitHubStandin;
let app: RunningApp;
useStandinAndApp((s, a) => {
  standin = s;
  app = a;
});

function seedLongPullRequest(number: number, commits: number, affiliatedAt: number | null) {
  standin.addRepo({ owner: OWNER, name: REPO, files: { ".github/ethics-policy.yml": POLICY } });
  standin.addUser({ login: "dev", company: null });
  standin.addUser({ login: "late", company: null });
  const list = Array.from({ length: commits }, (_, i) => ({
    sha: fakeSha("long", number, i),
    message: `Commit ${i + 1}`,
    author:
      i + 1 === affiliatedAt
        ? { name: "Late", email: "late@palantir.com", login: "late" }
        : { name: "Dev", email: "dev@example.org", login: "dev" },
  }));
  standin.addPullRequest({ owner: OWNER, repo: REPO, number, author: "dev", commits: list });
  return pullRequestPayload({
    owner: OWNER,
    repo: REPO,
    number,
    headSha: list.at(-1)!.sha,
    author: "dev",
    defaultBranch: "main",
  });
}

describe("a pull request longer than GitHub lists", () => {
  it("finds an affiliated commit past the 250th through the compare API", async () => {
    const payload = seedLongPullRequest(1, 260, 255);
    const before = standin.requests.length;
    expect((await deliver(app, { event: "pull_request", payload })).status).toBe(200);
    const pr = standin.pullRequest(OWNER, REPO, 1);
    expect(pr.labels).toEqual(["ethics-review"]);
    const comment = pr.comments.find((c) => c.viaApp)?.body ?? "";
    expect(comment).toContain(fakeSha("long", 1, 254).slice(0, 7));
    expect(comment).not.toContain("Not read");
    // Listed commits end at 250: one compare page (commits 201–300) brings the rest.
    expect(
      standin.requests
        .slice(before)
        .filter((r) => r.path.includes("/compare/"))
        .map((r) => r.path),
    ).toEqual([expect.stringMatching(/\/compare\/[0-9a-f]{40}\.\.\.[0-9a-f]{40}\?per_page=100&page=3$/)]);
  });

  it("reads nothing more for a pull request GitHub lists whole", async () => {
    const payload = seedLongPullRequest(2, 30, null);
    const before = standin.requests.length;
    await deliver(app, { event: "pull_request", payload });
    expect(standin.requests.slice(before).some((r) => r.path.includes("/compare/"))).toBe(false);
  });
});

describe("compare-commits", () => {
  const rest = (i: number, login: string | null = "dev", type = "User"): RestCompareCommit => ({
    sha: `sha${i}`,
    commit: {
      message: `m${i}`,
      author: { name: "N", email: "n@example.org" },
      committer: { name: "GitHub", email: "noreply@github.com" },
    },
    author: login ? { login, type } : null,
    committer: { login: "web-flow" },
  });

  it("starts at the page where the known commits end and stops at the limit or a short page", async () => {
    const pages: number[] = [];
    const all = Array.from({ length: 330 }, (_, i) => rest(i));
    const compare = async (_basehead: string, page: number) => {
      pages.push(page);
      return { commits: all.slice((page - 1) * 100, page * 100) };
    };
    const known = new Set(all.slice(0, 250).map((c) => c.sha));
    expect((await commitsBeyondListing(compare, "a...b", known, 1000)).map((c) => c.sha)).toEqual(
      all.slice(250).map((c) => c.sha),
    );
    expect(pages).toEqual([3, 4]);
    pages.length = 0;
    expect(await commitsBeyondListing(compare, "a...b", known, 260)).toHaveLength(10);
    expect(pages).toEqual([3]);
  });

  it("maps REST commits to the read's shape: bots and unknown emails have no account, a known login keeps its account", () => {
    expect(authorLogins([rest(1), rest(2, "dependabot[bot]", "Bot"), rest(3, null), rest(4)])).toEqual(["dev"]);
    const profiles = new Map([
      [
        "dev",
        { login: "dev", company: "Acme", bio: null, email: null, websiteUrl: null, organizations: { nodes: [] } },
      ],
    ]);
    expect(toCommitNode(rest(1), profiles).commit?.author?.user?.company).toBe("Acme");
    expect(toCommitNode(rest(2, "dependabot[bot]", "Bot"), profiles).commit?.author?.user).toBeNull();
    expect(toCommitNode(rest(3, null), profiles).commit?.author?.user).toBeNull();
    expect(toCommitNode(rest(4, "ghost-profile"), new Map()).commit?.author?.user?.login).toBe("ghost-profile");
  });
});
