// Read everything the app needs about one pull request, in as few GraphQL requests as GitHub
// allows: ONE for a pull request with up to 100 commits whose app comment (if any) is among its
// first 100 comments and with no noreply co-author of unknown profile. Further requests only for
// more commits or comments, for those co-author profiles (one request per 100), and, rarely, for
// check runs when `commits(last: 1)` is not the head commit. The query text is in query.ts, the
// transform in to-snapshot.ts; this file only sequences the requests.
import {
  HEAD_CHECKS_QUERY,
  POLICY_FILE_QUERY,
  PULL_REQUEST_PAGE_QUERY,
  PULL_REQUEST_QUERY,
  USERS_PER_QUERY,
  blobExpression,
  userAlias,
  usersQuery,
  usersVariables,
} from "./query.js";
import {
  anyOf,
  hiddenOrganization,
  missingOwnerConfig,
  missingPullRequest,
  missingUser,
  queryAccepting,
  type GraphqlClient,
} from "./partial-errors.js";
import type {
  GqlHeadChecks,
  GqlProfile,
  GqlPullRequest,
  HeadChecksResponse,
  PolicyFileResponse,
  PullRequestPageResponse,
  PullRequestResponse,
  UsersResponse,
} from "./response.js";
import {
  APP_COMMENT_MARKER,
  headChecksOf,
  latestCheckRun,
  nextPages,
  toPolicyFile,
  toSnapshot,
  withPage,
} from "./to-snapshot.js";
import { authorLogins, commitsBeyondListing, toCommitNode, type CompareCommits } from "./compare-commits.js";
import { toEvidence, unknownCoAuthorLogins } from "./to-evidence.js";
import type { AppCheckRun, PolicyFile, PullRequestRef, Snapshot } from "./types.js";

export type { GraphqlClient } from "./partial-errors.js";

export interface ReadOptions {
  /** Our GitHub App id: finds the app's own check suites (CheckSuiteFilter.appId). */
  appId: number;
  /** The check run name, e.g. "Ethics policy". */
  checkName: string;
  /** The policy file path, e.g. ".github/ethics-policy.yml". */
  policyPath: string;
  /** From the webhook payload; used only if the repository reports no default branch. */
  defaultBranch: string;
  /** Most commits to read (default 250). */
  maxCommits?: number;
  /**
   * Pages of the compare API, for commits past the 250 GitHub lists for a pull request. Without
   * it, a longer pull request is read up to 250 commits and the decision says so.
   */
  compareCommits?: CompareCommits;
  /** The marker in the app's own comment (default APP_COMMENT_MARKER). */
  commentMarker?: string;
  /** The app's bot login: its comments are the app's (see to-snapshot.ts `byTheApp`). */
  botLogin?: string | null;
  /** The label whose node id to read along (default DEFAULT_LABEL_NAME): the one the policy adds. */
  labelName?: string;
}

/** The policy's default `actions.label`. */
export const DEFAULT_LABEL_NAME = "ethics-review";

/** Commits read at most; GitHub lists 250 (LISTED_COMMITS), the compare API the rest. */
export const DEFAULT_MAX_COMMITS = 1000;
/** GitHub lists at most this many commits of a pull request, in GraphQL as in REST. */
export const LISTED_COMMITS = 250;

/** Reads one pull request. Null when the repository or pull request does not exist. */
export async function readPullRequest(
  graphql: GraphqlClient,
  ref: PullRequestRef,
  options: ReadOptions,
): Promise<Snapshot | null> {
  const maxCommits = Math.max(1, options.maxCommits ?? DEFAULT_MAX_COMMITS);
  const marker = options.commentMarker ?? APP_COMMENT_MARKER;
  const base = { owner: ref.owner, repo: ref.repo, number: ref.number };
  const checks = { appId: options.appId, checkName: options.checkName };

  const response = await queryAccepting<PullRequestResponse>(
    graphql,
    PULL_REQUEST_QUERY,
    {
      ...base,
      ...checks,
      policyExpression: blobExpression(options.policyPath),
      commitsFirst: Math.min(100, maxCommits),
      labelName: options.labelName ?? DEFAULT_LABEL_NAME,
    },
    anyOf(missingPullRequest, missingOwnerConfig, hiddenOrganization),
  );
  let pr = response.repository?.pullRequest;
  if (!pr) return null;

  pr = await readRemainingPages(graphql, base, pr, Math.min(maxCommits, LISTED_COMMITS), marker, options.botLogin);
  if (options.compareCommits) pr = await readCommitsBeyondListing(graphql, options.compareCommits, pr, maxCommits);

  const evidence = toEvidence({
    author: pr.author,
    commits: pr.commits.nodes ?? [],
    totalCommits: pr.commits.totalCount,
  });
  const coAuthors = await readUsers(graphql, unknownCoAuthorLogins(evidence));

  let headChecks: GqlHeadChecks | null = headChecksOf(pr);
  if (!headChecks) {
    const reply = await graphql<HeadChecksResponse>(HEAD_CHECKS_QUERY, {
      owner: ref.owner,
      repo: ref.repo,
      oid: pr.headRefOid,
      ...checks,
    });
    const object = reply.repository?.object;
    headChecks = object?.oid ? { oid: object.oid, checkSuites: object.checkSuites ?? null } : null;
  }

  const full: PullRequestResponse = {
    ...response,
    repository: response.repository && { ...response.repository, pullRequest: pr },
  };
  return toSnapshot(
    ref,
    full,
    {
      policyPath: options.policyPath,
      defaultBranch: options.defaultBranch,
      commentMarker: marker,
      botLogin: options.botLogin ?? null,
    },
    { coAuthors, headChecks },
  );
}

/** Adds the commits GitHub's pull request listing stops short of, with their authors' profiles. */
async function readCommitsBeyondListing(
  graphql: GraphqlClient,
  compare: CompareCommits,
  pr: GqlPullRequest,
  maxCommits: number,
): Promise<GqlPullRequest> {
  const listed = (pr.commits.nodes ?? []).flatMap((n) => (n?.commit ? [n.commit] : []));
  const total = Math.min(pr.commits.totalCount, maxCommits);
  if (listed.length >= total || pr.commits.pageInfo.hasNextPage || !pr.baseRefOid) return pr;
  const known = new Set(listed.map((c) => c.oid));
  const more = await commitsBeyondListing(compare, `${pr.baseRefOid}...${pr.headRefOid}`, known, total);
  if (more.length === 0) return pr;
  const knownProfiles = new Set(listed.flatMap((c) => (c.author?.user ? [c.author.user.login.toLowerCase()] : [])));
  const logins = authorLogins(more).filter((l) => !knownProfiles.has(l.toLowerCase()));
  const read = await readUsers(graphql, logins);
  const profiles = new Map(logins.map((l, i) => [l.toLowerCase(), read[i] ?? null]));
  for (const c of listed) if (c.author?.user) profiles.set(c.author.user.login.toLowerCase(), c.author.user);
  const nodes = [...(pr.commits.nodes ?? []), ...more.map((c) => toCommitNode(c, profiles))];
  return { ...pr, commits: { ...pr.commits, nodes } };
}

async function readRemainingPages(
  graphql: GraphqlClient,
  base: { owner: string; repo: string; number: number },
  first: GqlPullRequest,
  maxCommits: number,
  marker: string,
  botLogin: string | null | undefined,
): Promise<GqlPullRequest> {
  let pr = first;
  for (
    let next = nextPages(pr, maxCommits, marker, botLogin);
    next.commits || next.comments;
    next = nextPages(pr, maxCommits, marker, botLogin)
  ) {
    const page = await queryAccepting<PullRequestPageResponse>(
      graphql,
      PULL_REQUEST_PAGE_QUERY,
      {
        ...base,
        withCommits: Boolean(next.commits),
        commitsFirst: next.commits?.first ?? 1,
        commitsAfter: next.commits?.after ?? null,
        withComments: Boolean(next.comments),
        commentsAfter: next.comments?.after ?? null,
      },
      anyOf(missingPullRequest, hiddenOrganization),
    );
    pr = withPage(pr, page);
  }
  return pr;
}

/** Profiles of the given logins, USERS_PER_QUERY per request; null for logins naming no user. */
async function readUsers(graphql: GraphqlClient, logins: readonly string[]): Promise<(GqlProfile | null)[]> {
  const profiles: (GqlProfile | null)[] = [];
  for (let start = 0; start < logins.length; start += USERS_PER_QUERY) {
    const chunk = logins.slice(start, start + USERS_PER_QUERY);
    const reply = await queryAccepting<UsersResponse>(
      graphql,
      usersQuery(chunk.length),
      usersVariables(chunk),
      anyOf(missingUser, hiddenOrganization),
    );
    chunk.forEach((_, i) => profiles.push(reply[userAlias(i)] ?? null));
  }
  return profiles;
}

/**
 * One policy file, e.g. an `_extends` base: `repoFullName` is "owner/repo", `ref` defaults to the
 * repository's default branch. Null when the repository or file does not exist.
 */
export async function readPolicyFile(
  graphql: GraphqlClient,
  repoFullName: string,
  path: string,
  ref?: string,
): Promise<PolicyFile | null> {
  const slash = repoFullName.indexOf("/");
  if (slash <= 0 || slash === repoFullName.length - 1) throw new Error(`Not an "owner/repo" name: ${repoFullName}`);
  const reply = await queryAccepting<PolicyFileResponse>(
    graphql,
    POLICY_FILE_QUERY,
    { owner: repoFullName.slice(0, slash), repo: repoFullName.slice(slash + 1), expression: blobExpression(path, ref) },
    (e) => e.type === "NOT_FOUND" && e.path?.[0] === "repository",
  );
  return toPolicyFile(reply.repository, path);
}

/** The app's latest check run named `checkName` on one commit: for checks other than the main one. */
export async function readCheckRun(
  graphql: GraphqlClient,
  repo: { owner: string; repo: string },
  oid: string,
  check: { appId: number; checkName: string },
): Promise<AppCheckRun | null> {
  const reply = await graphql<HeadChecksResponse>(HEAD_CHECKS_QUERY, {
    owner: repo.owner,
    repo: repo.repo,
    oid,
    ...check,
  });
  const object = reply.repository?.object;
  return object?.oid ? latestCheckRun({ oid: object.oid, checkSuites: object.checkSuites ?? null }) : null;
}
