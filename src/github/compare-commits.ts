// Commits past the 250 that GitHub lists for a pull request, read through the compare API
// (base...head lists the same commits, and pages past 250). Pure mapping plus one thin reader.
import type { GqlCommitNode, GqlProfile } from "./response.js";

/**
 * The fields of a REST compare commit this app reads. Octokit's answer must be assignable to it
 * (review.ts passes it through), so tsc checks it against GitHub's description: an account
 * GitHub no longer knows comes as an empty object, with no login.
 */
export interface RestCompareCommit {
  sha: string;
  commit: {
    message: string;
    author: { name?: string | null; email?: string | null } | null;
    committer: { name?: string | null; email?: string | null } | null;
  };
  author: { login?: string; type?: string } | null;
  committer: { login?: string } | null;
}

/** One page of `GET /repos/{owner}/{repo}/compare/{base}...{head}`. */
export type CompareCommits = (basehead: string, page: number) => Promise<{ commits: RestCompareCommit[] }>;

export const COMPARE_PAGE_SIZE = 100;

/**
 * The commits of base...head that are not in `known`, in order, until `limit` commits are known
 * in all. Starts at the page where the listed commits end, so the usual case is one or two pages.
 */
export async function commitsBeyondListing(
  compare: CompareCommits,
  basehead: string,
  known: ReadonlySet<string>,
  limit: number,
): Promise<RestCompareCommit[]> {
  const found: RestCompareCommit[] = [];
  const lastPage = Math.ceil(limit / COMPARE_PAGE_SIZE) + 1;
  for (
    let page = Math.floor(known.size / COMPARE_PAGE_SIZE) + 1;
    page <= lastPage && known.size + found.length < limit;
    page++
  ) {
    const { commits } = await compare(basehead, page);
    for (const c of commits) if (!known.has(c.sha) && known.size + found.length < limit) found.push(c);
    if (commits.length < COMPARE_PAGE_SIZE) break;
  }
  return found;
}

/** Logins of the accounts that authored these commits (bots have no profile to read). */
export function authorLogins(commits: readonly RestCompareCommit[]): string[] {
  return [...new Set(commits.flatMap((c) => (c.author?.login && c.author.type !== "Bot" ? [c.author.login] : [])))];
}

/**
 * A compare commit in the GraphQL shape the rest of the read uses. `profiles` holds the authors'
 * profiles; an author whose profile could not be read still counts as that account, with an empty
 * profile, never as "no account".
 */
export function toCommitNode(c: RestCompareCommit, profiles: ReadonlyMap<string, GqlProfile | null>): GqlCommitNode {
  const login = c.author?.login && c.author.type !== "Bot" ? c.author.login : null;
  const user: GqlProfile | null = login
    ? (profiles.get(login.toLowerCase()) ?? {
        login,
        company: null,
        bio: null,
        email: null,
        websiteUrl: null,
        organizations: { nodes: [] },
      })
    : null;
  return {
    commit: {
      oid: c.sha,
      message: c.commit.message,
      author: { name: c.commit.author?.name ?? null, email: c.commit.author?.email ?? null, user },
      committer: {
        name: c.commit.committer?.name ?? null,
        email: c.commit.committer?.email ?? null,
        user: c.committer?.login ? { login: c.committer.login } : null,
      },
    },
  };
}
