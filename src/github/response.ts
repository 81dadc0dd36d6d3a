// The shapes the queries in query.ts return (the `data` member of the reply), written as GitHub
// may send them: anything nullable in the schema, or nulled by a partial error, is nullable here.

export interface PageInfo {
  hasNextPage: boolean;
  endCursor: string | null;
}

export interface GqlProfile {
  login: string;
  company: string | null;
  bio: string | null;
  email: string | null;
  websiteUrl: string | null;
  organizations: { nodes: ({ login: string } | null)[] | null } | null;
}

/** PullRequest.author: an Actor; only a User carries profile fields. */
export type GqlActor = { __typename: string; login: string } & Partial<Omit<GqlProfile, "login">>;

export interface GqlBlob {
  __typename: string;
  oid?: string;
  byteSize?: number;
  isBinary?: boolean | null;
  isTruncated?: boolean;
  text?: string | null;
}

export interface GqlPolicyRepo {
  nameWithOwner: string;
  policy: GqlBlob | null;
}

export interface GqlGitActor<U> {
  name: string | null;
  email: string | null;
  user: U | null;
}

export interface GqlCommitNode {
  commit: {
    oid: string;
    message: string;
    author: GqlGitActor<GqlProfile> | null;
    committer: GqlGitActor<{ login: string }> | null;
  } | null;
}

export interface GqlCommitPage {
  totalCount: number;
  pageInfo: PageInfo;
  nodes: (GqlCommitNode | null)[] | null;
}

export interface GqlComment {
  id: string;
  /** BigInt, sent as a decimal string. */
  fullDatabaseId: string | number | null;
  body: string;
  createdAt: string;
  /** Absent in replies to older queries. */
  lastEditedAt?: string | null;
  viewerDidAuthor: boolean;
  author: { __typename?: string; login: string } | null;
  /** The last editor (an Actor); absent in replies to older queries. */
  editor?: { login: string } | null;
}

export interface GqlCommentPage {
  pageInfo: PageInfo;
  nodes: (GqlComment | null)[] | null;
}

export interface GqlCheckRun {
  /** Node id; absent in replies to older queries. */
  id?: string;
  databaseId: number | null;
  status: string;
  conclusion: string | null;
  title: string | null;
  summary: string | null;
}

export interface GqlHeadChecks {
  oid: string;
  checkSuites: {
    nodes: ({ checkRuns: { nodes: (GqlCheckRun | null)[] | null } | null } | null)[] | null;
  } | null;
}

export interface GqlPullRequest {
  /** Node id; absent in replies to older queries. */
  id?: string;
  number: number;
  headRefOid: string;
  /** The base branch's commit; absent in replies to older queries. */
  baseRefOid?: string;
  state: "OPEN" | "CLOSED" | "MERGED";
  isDraft: boolean;
  author: GqlActor | null;
  labels: { nodes: ({ name: string; id?: string } | null)[] | null } | null;
  comments: GqlCommentPage;
  commits: GqlCommitPage;
  headCommit: { nodes: ({ commit: GqlHeadChecks | null } | null)[] | null } | null;
  /** The first 100 changed files; absent in replies to older queries. */
  files?: { pageInfo: Pick<PageInfo, "hasNextPage">; nodes: ({ path: string } | null)[] | null } | null;
}

export interface PullRequestResponse {
  repository:
    | (GqlPolicyRepo & {
        /** Node id; absent in replies to older queries. */
        id?: string;
        /** The label named `$labelName`, null when the repository has none. */
        label?: { id: string; name: string } | null;
        defaultBranchRef: { name: string } | null;
        pullRequest: GqlPullRequest | null;
      })
    | null;
  ownerConfig: GqlPolicyRepo | null;
}

export interface PullRequestPageResponse {
  repository: {
    pullRequest: { commits?: GqlCommitPage; comments?: GqlCommentPage } | null;
  } | null;
}

export interface HeadChecksResponse {
  /** `object` is `{}` when the oid names no commit. */
  repository: { object: Partial<GqlHeadChecks> | null } | null;
}

export interface PolicyFileResponse {
  repository: GqlPolicyRepo | null;
}

/** `u0`, `u1`, ...: one per login asked for; null when no such user. */
export type UsersResponse = Record<string, GqlProfile | null>;
