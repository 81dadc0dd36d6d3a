// The pure transform from GraphQL replies to a Snapshot, on fixture replies: no HTTP.
import { describe, expect, it } from "@jest/globals";
import {
  appComments,
  headChecksOf,
  nextPages,
  toPolicyFile,
  toSnapshot,
  withPage,
} from "../../src/github/to-snapshot.js";
import { actorProfile, toEvidence, unknownCoAuthorLogins } from "../../src/github/to-evidence.js";
import type { GqlProfile, PullRequestResponse } from "../../src/github/response.js";
import type { PullRequestRef } from "../../src/github/types.js";
import { commitNodes, fixture, longPullRequest } from "./fixtures.js";

const ref: PullRequestRef = { owner: "entropic-dev", repo: "entropic", number: 42 };
const options = { policyPath: ".github/ethics-policy.yml", defaultBranch: "main" };
const snapshot = (response: PullRequestResponse, extras = {}) => {
  const result = toSnapshot(ref, response, options, extras);
  if (!result) throw new Error("expected a snapshot");
  return result;
};

describe("toSnapshot", () => {
  it("reads a flagged author's profile, other commit authors, labels, comment and check run", () => {
    const s = snapshot(fixture("pr-flagged"));
    expect(s).toMatchObject({
      ...ref,
      headSha: "9c1d5a7e3b2f4c6d8e0a1b3c5d7e9f1a2b4c6d8e",
      defaultBranch: "main",
      state: "open",
      draft: false,
    });
    expect(s.policyFile).toEqual({
      repo: "entropic-dev/entropic",
      path: ".github/ethics-policy.yml",
      sha: "3f5e0c2a9b7d4e1f8a6c5b4d3e2f1a0b9c8d7e6f",
      text: expect.stringContaining("name: Palantir Technologies"),
    });
    expect(s.evidence.author).toEqual({
      login: "alice",
      type: "User",
      company: "@palantir",
      bio: "Forward deployed engineer. Opinions my own.",
      email: null,
      blog: "https://alice.dev",
      organizations: ["palantir", "rust-lang"],
    });
    expect(Object.keys(s.evidence.users)).toEqual(["bobtables"]);
    expect(s.evidence.users.bobtables).toMatchObject({
      login: "bobtables",
      email: "bob@example.org",
      organizations: [],
    });
    expect(s.evidence.commits).toEqual([
      {
        sha: "4b8f2e6a1c3d5e7f9a0b2c4d6e8f0a1b3c5d7e9f",
        message: "Add package tarball cache",
        author: { name: "Alice Liddell", email: "alice@palantir.com", login: "alice" },
        committer: { name: "Alice Liddell", email: "alice@palantir.com", login: "alice" },
      },
      {
        sha: "9c1d5a7e3b2f4c6d8e0a1b3c5d7e9f1a2b4c6d8e",
        message: "Apply suggestions from code review",
        author: { name: "Bob Tables", email: "bob@example.org", login: "bobtables" },
        committer: { name: "GitHub", email: "noreply@github.com", login: "web-flow" },
      },
    ]);
    expect(s.evidence.commits_truncated).toBeUndefined();
    expect(s.current).toEqual({
      labels: ["ethics-review", "enhancement"],
      comment: {
        id: 2463312401,
        nodeId: "IC_kwDOCm9Lms6Ac9Zx",
        body: expect.stringMatching(/^<!-- ethics-policy:comment -->/),
        createdAt: expect.any(String),
      },
      extraComments: [],
      checkRun: {
        id: 33710452311,
        headSha: "9c1d5a7e3b2f4c6d8e0a1b3c5d7e9f1a2b4c6d8e",
        status: "completed",
        conclusion: "neutral",
        title: "Needs a maintainer's review",
        summary: "The author's profile names an organization listed in the policy.",
      },
    });
  });

  it("gives a bot its [bot] login, and falls back to the owner's .github policy", () => {
    const s = snapshot(fixture("pr-bot-author"));
    expect(s.evidence.author).toEqual({
      login: "dependabot[bot]",
      type: "Bot",
      company: null,
      bio: null,
      email: null,
      blog: null,
      organizations: [],
    });
    expect(s.evidence.users).toEqual({});
    expect(s.evidence.commits[0]?.author).toEqual({
      name: "dependabot[bot]",
      email: "49699333+dependabot[bot]@users.noreply.github.com",
      login: null,
    });
    expect(s.defaultBranch).toBe("latest");
    expect(s.policyFile).toMatchObject({
      repo: "entropic-dev/.github",
      path: ".github/ethics-policy.yml",
      sha: "a9b8c7d6e5f4a3b2c1d0e9f8a7b6c5d4e3f2a1b0",
    });
    expect(s.current.comment).toBeNull();
    expect(s.current.checkRun).toMatchObject({ id: 33710499999, status: "in_progress", conclusion: null, title: null });
  });

  it("reads a deleted author as ghost and commits with no email as unattributed", () => {
    const s = snapshot(fixture("pr-ghost-author"));
    expect(s.state).toBe("merged");
    expect(s.evidence.author).toEqual({
      login: "ghost",
      type: "User",
      company: null,
      bio: null,
      email: null,
      blog: null,
      organizations: [],
    });
    expect(s.evidence.commits[0]).toMatchObject({
      author: { name: null, email: null, login: null },
      committer: { name: "someone", email: "someone@localhost", login: null },
    });
    expect(s.current.checkRun).toBeNull();
  });

  it("takes only the app's own marked comments: oldest kept, later copies extra, quotes ignored", () => {
    const { current } = snapshot(fixture("pr-ghost-author"));
    expect(current.comment).toEqual({
      id: 512340005,
      nodeId: "IC_kwDOCm9Lms5AAAAC",
      body: "<!-- ethics-policy:comment -->\nfirst copy",
      createdAt: expect.any(String),
    });
    expect(current.extraComments.map((c) => c.id)).toEqual([512340007]);
  });

  it("knows the app's comment by its author, the app's bot, not by viewerDidAuthor alone", () => {
    const nodes = fixture("pr-flagged").repository!.pullRequest!.comments.nodes!;
    const ours = nodes.find((c) => c?.viewerDidAuthor)!;
    const marked = (over: Partial<typeof ours>) => [{ ...ours, ...over }];
    const botAuthor = { __typename: "Bot", login: "ethics-policy" };
    // GitHub says viewerDidAuthor false: the bot login still tells.
    expect(
      appComments(marked({ viewerDidAuthor: false, author: botAuthor }), undefined, "ethics-policy[bot]").comment,
    ).not.toBeNull();
    // viewerDidAuthor true, but another bot, or a user named like the app: not ours.
    expect(
      appComments(marked({ author: { __typename: "Bot", login: "github-actions" } }), undefined, "ethics-policy")
        .comment,
    ).toBeNull();
    expect(
      appComments(marked({ author: { __typename: "User", login: "ethics-policy" } }), undefined, "ethics-policy")
        .comment,
    ).toBeNull();
    // With the bot login unknown (a dry run without the app id), viewerDidAuthor is what there is.
    expect(appComments(marked({ viewerDidAuthor: true, author: null }), undefined, null).comment).not.toBeNull();
    // Edits are read along: who edited last, and when.
    const edited = appComments(
      marked({ author: botAuthor, editor: { login: "mallory" }, lastEditedAt: "2026-01-02T00:00:00Z" }),
      undefined,
      "ethics-policy",
    ).comment;
    expect(edited).toMatchObject({ editor: "mallory", lastEditedAt: "2026-01-02T00:00:00Z" });
  });

  it("does not take a user's comment carrying the marker for the app's", () => {
    const response = fixture("pr-flagged");
    const nodes = response.repository!.pullRequest!.comments.nodes!;
    nodes[1] = { ...nodes[1]!, viewerDidAuthor: false, author: { login: "mallory" } };
    expect(snapshot(response).current).toMatchObject({ comment: null, extraComments: [] });
  });

  it("reads draft and closed states, and no policy at all", () => {
    const s = snapshot(fixture("pr-coauthor"));
    expect(s).toMatchObject({ state: "closed", draft: true, policyFile: null });
    const none = fixture("pr-bot-author");
    none.ownerConfig = null;
    expect(snapshot(none).policyFile).toBeNull();
  });

  it("adds noreply co-authors' profiles fetched separately", () => {
    const users = fixture<Record<string, GqlProfile | null>>("users-coauthor");
    const s = snapshot(fixture("pr-coauthor"), { coAuthors: [users.u0, users.u1] });
    expect(Object.keys(s.evidence.users)).toEqual(["bobtables", "carol-m"]);
    expect(s.evidence.users["carol-m"]).toEqual({
      login: "carol-m",
      type: "User",
      company: "Palantir Technologies",
      bio: null,
      email: null,
      blog: "palantir.com",
      organizations: ["palantir"],
    });
  });

  it("marks evidence truncated when the PR has more commits than were read", () => {
    const s = snapshot(longPullRequest(300, 250));
    expect(s.evidence.commits).toHaveLength(250);
    expect(s.evidence.commits_truncated).toBe(true);
    expect(Object.keys(s.evidence.users)).toHaveLength(250);
  });

  it("returns null when the repository or pull request does not exist", () => {
    expect(toSnapshot(ref, { repository: null, ownerConfig: null }, options)).toBeNull();
    const response = fixture("pr-flagged");
    response.repository!.pullRequest = null;
    expect(toSnapshot(ref, response, options)).toBeNull();
  });

  it("ignores check runs read on a commit other than the head", () => {
    const response = fixture("pr-flagged");
    response.repository!.pullRequest!.headRefOid = "1".repeat(40);
    expect(headChecksOf(response.repository!.pullRequest!)).toBeNull();
    expect(snapshot(response).current.checkRun).toBeNull();
    expect(snapshot(response, { headChecks: null }).current.checkRun).toBeNull();
  });
});

describe("unknownCoAuthorLogins", () => {
  it("names noreply co-authors not yet known, once each, never the PR author", () => {
    const pr = fixture("pr-coauthor").repository!.pullRequest!;
    const evidence = toEvidence({ author: pr.author, commits: pr.commits.nodes!, totalCommits: 1 });
    expect(unknownCoAuthorLogins(evidence)).toEqual(["carol-m", "dave"]);
  });

  it("needs no lookup when there are no noreply co-authors", () => {
    const pr = fixture("pr-flagged").repository!.pullRequest!;
    expect(
      unknownCoAuthorLogins(toEvidence({ author: pr.author, commits: pr.commits.nodes!, totalCommits: 2 })),
    ).toEqual([]);
  });
});

describe("actorProfile", () => {
  it("keeps the type of mannequins and organizations, with no profile", () => {
    expect(actorProfile({ __typename: "Mannequin", login: "old-svn-user" })).toMatchObject({
      login: "old-svn-user",
      type: "Mannequin",
      company: null,
    });
    expect(actorProfile({ __typename: "Organization", login: "palantir" })).toMatchObject({
      login: "palantir",
      type: "Organization",
      organizations: [],
    });
  });

  it("does not double a [bot] suffix", () => {
    expect(actorProfile({ __typename: "Bot", login: "renovate[bot]" }).login).toBe("renovate[bot]");
  });
});

describe("toPolicyFile", () => {
  const repo = (policy: object | null) => ({ nameWithOwner: "o/r", policy: policy as never });
  const blob = {
    __typename: "Blob",
    oid: "abc",
    byteSize: 10,
    isBinary: false,
    isTruncated: false,
    text: "version: 1",
  };

  it("reads a text blob", () => {
    expect(toPolicyFile(repo(blob), "p.yml")).toEqual({ repo: "o/r", path: "p.yml", sha: "abc", text: "version: 1" });
  });

  it("marks a large, truncated or binary blob unread", () => {
    expect(toPolicyFile(repo({ ...blob, byteSize: 256 * 1024 + 1 }), "p")).toMatchObject({ text: "", tooLarge: true });
    expect(toPolicyFile(repo({ ...blob, isTruncated: true }), "p")).toMatchObject({ text: "", tooLarge: true });
    expect(toPolicyFile(repo({ ...blob, isBinary: true, text: null }), "p")).toEqual({
      repo: "o/r",
      path: "p",
      sha: "abc",
      text: "",
      binary: true,
    });
  });

  it("is null for a directory or a missing file", () => {
    expect(toPolicyFile(repo({ __typename: "Tree" }), "p")).toBeNull();
    expect(toPolicyFile(repo(null), "p")).toBeNull();
    expect(toPolicyFile(null, "p")).toBeNull();
  });
});

describe("nextPages and withPage", () => {
  it("asks for commits up to maxCommits, 100 at a time", () => {
    const pr = longPullRequest(250, 100).repository!.pullRequest!;
    expect(nextPages(pr, 250)).toEqual({ commits: { after: "cursor-100", first: 100 } });
    expect(nextPages(pr, 130)).toEqual({ commits: { after: "cursor-100", first: 30 } });
    expect(nextPages(pr, 100)).toEqual({});
    const more = withPage(pr, {
      repository: {
        pullRequest: {
          commits: {
            totalCount: 250,
            pageInfo: { hasNextPage: true, endCursor: "cursor-200" },
            nodes: commitNodes(101, 200),
          },
        },
      },
    });
    expect(more.commits.nodes).toHaveLength(200);
    expect(more.commits.totalCount).toBe(250);
    expect(nextPages(more, 250)).toEqual({ commits: { after: "cursor-200", first: 50 } });
  });

  it("asks for more comments only while the app's comment is not found", () => {
    const response = fixture("pr-flagged");
    const pr = response.repository!.pullRequest!;
    pr.comments.pageInfo = { hasNextPage: true, endCursor: "c100" };
    expect(nextPages(pr, 250)).toEqual({});
    pr.comments.nodes = pr.comments.nodes!.slice(0, 1);
    expect(nextPages(pr, 250)).toEqual({ comments: { after: "c100" } });
  });

  it("stops paging when the pull request vanished meanwhile", () => {
    const pr = longPullRequest(250, 100).repository!.pullRequest!;
    expect(nextPages(withPage(pr, { repository: { pullRequest: null } }), 250)).toEqual({});
  });
});

describe("node ids for the batched write", () => {
  it("are read for the repository, pull request, labels (PR's and the asked-for one) and the check run", () => {
    const response = fixture("pr-flagged");
    const repo = response.repository!;
    repo.id = "R_1";
    repo.label = { id: "LA_asked", name: "ethics-review" };
    repo.pullRequest!.id = "PR_1";
    repo.pullRequest!.labels = {
      nodes: [{ id: "LA_er", name: "Ethics-Review" }, { id: "LA_enh", name: "enhancement" }, { name: "no-id" }],
    };
    const run = repo.pullRequest!.headCommit!.nodes![0]!.commit!.checkSuites!.nodes![0]!.checkRuns!.nodes![0]!;
    run.id = "CR_1";
    const s = snapshot(response);
    expect(s.ids).toEqual({
      repository: "R_1",
      pullRequest: "PR_1",
      // The PR's own label wins over the repository lookup of the same name (any case).
      labels: [
        { name: "Ethics-Review", id: "LA_er" },
        { name: "enhancement", id: "LA_enh" },
      ],
    });
    expect(s.current.checkRun?.nodeId).toBe("CR_1");
  });

  it("are null when an older reply carries none", () => {
    expect(snapshot(fixture("pr-flagged")).ids).toEqual({ repository: null, pullRequest: null, labels: [] });
  });
});
