// Builds the GraphQL replies GitHub would send for a pull request, from a short description, so
// handler tests say what the pull request looks like rather than spell out GitHub's JSON.
import type { GqlCommitNode, GqlComment, GqlProfile, PullRequestResponse } from "../../src/github/response.js";

/** A check run's node id as the replies here give it (GitHub's are opaque; the app only passes them back). */
export const checkRunNodeId = (id: number): string => `CR_kwDO${id.toString(36)}`;

export const OWNER = "Codertocat";
export const REPO = "Hello-World";
export const NUMBER = 2;
/** The head SHA of the webhook examples' pull request. */
export const HEAD_SHA = "ec26c3e57ca3a959ca5aad62de7213c562f8c821";

export interface ProfileSpec {
  login: string;
  company?: string | null;
  bio?: string | null;
  email?: string | null;
  websiteUrl?: string | null;
  organizations?: string[];
}

export interface CommitSpec {
  sha: string;
  message?: string;
  author: { name?: string; email: string; user?: ProfileSpec | null };
  committer?: { name?: string; email: string; login?: string | null };
}

export interface PullRequestSpec {
  policy?: string | null;
  ownerPolicy?: string | null;
  author?: ProfileSpec & { type?: "User" | "Bot" };
  commits?: CommitSpec[];
  labels?: string[];
  comments?: { id: number; body: string; mine: boolean }[];
  checkRun?: { id: number; status?: string; conclusion: string; title: string; summary: string } | null;
  headSha?: string;
  state?: "OPEN" | "CLOSED" | "MERGED";
  /** Paths the pull request changes. */
  files?: string[];
}

export function profile(p: ProfileSpec): GqlProfile {
  return {
    login: p.login,
    company: p.company ?? null,
    bio: p.bio ?? null,
    email: p.email ?? "",
    websiteUrl: p.websiteUrl ?? null,
    organizations: { nodes: (p.organizations ?? []).map((login) => ({ login })) },
  };
}

function blob(text: string | null | undefined) {
  if (text === null || text === undefined) return null;
  const oid = `blob-${text.length}-${[...text].reduce((h, c) => (h * 31 + c.charCodeAt(0)) >>> 0, 7).toString(16)}`;
  return { __typename: "Blob", oid, byteSize: Buffer.byteLength(text), isBinary: false, isTruncated: false, text };
}

function commitNode(c: CommitSpec): GqlCommitNode {
  return {
    commit: {
      oid: c.sha,
      message: c.message ?? "Change things",
      author: {
        name: c.author.name ?? "Someone",
        email: c.author.email,
        user: c.author.user ? profile(c.author.user) : null,
      },
      committer: {
        name: c.committer?.name ?? "GitHub",
        email: c.committer?.email ?? "noreply@github.com",
        user: c.committer?.login === null ? null : { login: c.committer?.login ?? "web-flow" },
      },
    },
  };
}

function comment(c: { id: number; body: string; mine: boolean }): GqlComment {
  return {
    id: `IC_${c.id}`,
    fullDatabaseId: String(c.id),
    body: c.body,
    createdAt: "2026-11-30T00:00:00Z",
    viewerDidAuthor: c.mine,
    author: { login: c.mine ? "ethics-policy" : "someone" },
  };
}

export function pullRequestReply(spec: PullRequestSpec): { data: PullRequestResponse } {
  const author = spec.author ?? { login: "Codertocat" };
  const headSha = spec.headSha ?? HEAD_SHA;
  const commits = spec.commits ?? [{ sha: headSha, author: { email: `${author.login}@example.com`, user: author } }];
  return {
    data: {
      repository: {
        url: `https://github.com/${OWNER}/${REPO}`,
        nameWithOwner: `${OWNER}/${REPO}`,
        defaultBranchRef: { name: "master" },
        policy: blob(spec.policy),
        pullRequest: {
          number: NUMBER,
          url: `https://github.com/${OWNER}/${REPO}/pull/${NUMBER}`,
          headRefOid: headSha,
          state: spec.state ?? "OPEN",
          isDraft: false,
          author:
            author.type === "Bot"
              ? { __typename: "Bot", login: author.login }
              : { __typename: "User", ...profile(author) },
          labels: { nodes: (spec.labels ?? []).map((name) => ({ name })) },
          comments: { pageInfo: { hasNextPage: false, endCursor: null }, nodes: (spec.comments ?? []).map(comment) },
          commits: {
            totalCount: commits.length,
            pageInfo: { hasNextPage: false, endCursor: null },
            nodes: commits.map(commitNode),
          },
          files: { pageInfo: { hasNextPage: false }, nodes: (spec.files ?? []).map((path) => ({ path })) },
          headCommit: {
            nodes: [
              {
                commit: {
                  oid: headSha,
                  checkSuites: {
                    nodes: spec.checkRun
                      ? [
                          {
                            checkRuns: {
                              nodes: [
                                {
                                  id: checkRunNodeId(spec.checkRun.id),
                                  status: spec.checkRun.status ?? "COMPLETED",
                                  conclusion: spec.checkRun.conclusion.toUpperCase(),
                                  title: spec.checkRun.title,
                                  summary: spec.checkRun.summary,
                                },
                              ],
                            },
                          },
                        ]
                      : [],
                  },
                },
              },
            ],
          },
        },
      },
      ownerConfig:
        spec.ownerPolicy === undefined ? null : { nameWithOwner: `${OWNER}/.github`, policy: blob(spec.ownerPolicy) },
    },
  };
}
