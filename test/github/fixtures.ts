// Fixture replies for the GraphQL read (test/fixtures/graphql/*.json hold the `data` member of
// GitHub's answers) and generators for pull requests too long to write out by hand.
import { readFileSync } from "node:fs";
import type { GqlCommitNode, PullRequestResponse } from "../../src/github/response.js";

export function fixture<T = PullRequestResponse>(name: string): T {
  return JSON.parse(readFileSync(new URL(`../fixtures/graphql/${name}.json`, import.meta.url), "utf8")) as T;
}

export const sha = (i: number): string => i.toString(16).padStart(40, "0");

/** Commits `from`..`to` (1-based, inclusive), each by a distinct linked user. */
export function commitNodes(from: number, to: number): GqlCommitNode[] {
  const nodes: GqlCommitNode[] = [];
  for (let i = from; i <= to; i++) {
    nodes.push({
      commit: {
        oid: sha(i),
        message: `Commit ${i}`,
        author: {
          name: `Dev ${i}`,
          email: `dev${i}@example.org`,
          user: {
            login: `dev${i}`,
            company: null,
            bio: null,
            email: "",
            websiteUrl: null,
            organizations: { nodes: [] },
          },
        },
        committer: { name: "GitHub", email: "noreply@github.com", user: { login: "web-flow" } },
      },
    });
  }
  return nodes;
}

/** The flagged fixture, changed to a pull request of `total` commits of which the first `first` are listed. */
export function longPullRequest(total: number, first: number): PullRequestResponse {
  const response = fixture("pr-flagged");
  const pr = response.repository!.pullRequest!;
  pr.headRefOid = sha(total);
  pr.commits = {
    totalCount: total,
    pageInfo: { hasNextPage: total > first, endCursor: `cursor-${first}` },
    nodes: commitNodes(1, first),
  };
  pr.headCommit!.nodes![0]!.commit!.oid = sha(total);
  return response;
}
