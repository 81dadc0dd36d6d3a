// Every GraphQL text the app sends to read a pull request, in one place. The shapes they return
// are in response.ts; turning them into a Snapshot is to-snapshot.ts.
//
// Field notes (checked against GitHub's public schema):
// - `object(expression: "HEAD:<path>")` resolves on the default branch, never on the PR head.
//   Blob.text is null for binary blobs; isTruncated marks text GitHub cut short.
// - IssueComment.databaseId no longer fits GraphQL's 32-bit Int; fullDatabaseId (BigInt, sent as a
//   JSON string) is the REST id. CheckRun has no fullDatabaseId: its databaseId is sent as a plain
//   JSON number even beyond 2^31.
// - Bot.login has no "[bot]" suffix in GraphQL (REST and webhooks have it). The app's comment is
//   recognised by its author, the app's bot (IssueComment has no `viaApp`); `editor` and
//   `lastEditedAt` say whether anyone else edited it since (src/state/trust.ts).
// - PullRequest.commits lists oldest first; `commits(last: 1)` is the head commit.
// - Node ids (`id`) of the repository, pull request, labels, comments and check runs are read so
//   that reconcile can write everything in one mutation (src/reconcile/mutation.ts).
//   `Repository.label(name:)` is the label the policy asks for, so adding it needs no lookup.

/** The public profile fields of a User, the same wherever a User is read. */
const PROFILE = `
fragment EthicsProfile on User {
  login
  company
  bio
  email
  websiteUrl
  organizations(first: 100) { nodes { login } }
}`;

const POLICY_BLOB = `
fragment EthicsPolicyBlob on GitObject {
  __typename
  ... on Blob { oid byteSize isBinary isTruncated text }
}`;

const COMMIT_PAGE = `
fragment EthicsCommitPage on PullRequestCommitConnection {
  totalCount
  pageInfo { hasNextPage endCursor }
  nodes {
    commit {
      oid
      message
      author { name email user { ...EthicsProfile } }
      committer { name email user { login } }
    }
  }
}`;

const COMMENT_PAGE = `
fragment EthicsCommentPage on IssueCommentConnection {
  pageInfo { hasNextPage endCursor }
  nodes {
    id
    fullDatabaseId
    body
    createdAt
    lastEditedAt
    viewerDidAuthor
    author { __typename login }
    editor { login }
  }
}`;

const HEAD_CHECKS = `
fragment EthicsHeadChecks on Commit {
  oid
  checkSuites(first: 20, filterBy: { appId: $appId }) {
    nodes {
      checkRuns(first: 20, filterBy: { checkName: $checkName, checkType: LATEST }) {
        nodes { id databaseId status conclusion title summary }
      }
    }
  }
}`;

/**
 * The one read: policy files (repo and owner's `.github`), the pull request with its author,
 * labels, first page of comments and commits, the app's check runs on the head commit, and the
 * node ids the batched write needs (including the repository's label named `$labelName`).
 */
export const PULL_REQUEST_QUERY = `
query EthicsPolicyPullRequest(
  $owner: String!, $repo: String!, $number: Int!,
  $policyExpression: String!, $appId: Int!, $checkName: String!, $commitsFirst: Int!,
  $labelName: String!
) {
  repository(owner: $owner, name: $repo) {
    id
    nameWithOwner
    defaultBranchRef { name }
    label(name: $labelName) { id name }
    policy: object(expression: $policyExpression) { ...EthicsPolicyBlob }
    pullRequest(number: $number) {
      id
      number
      headRefOid
      baseRefOid
      state
      isDraft
      author {
        __typename
        login
        ... on User { ...EthicsProfile }
      }
      labels(first: 100) { nodes { id name } }
      comments(first: 100) { ...EthicsCommentPage }
      commits(first: $commitsFirst) { ...EthicsCommitPage }
      headCommit: commits(last: 1) { nodes { commit { ...EthicsHeadChecks } } }
      files(first: 100) { pageInfo { hasNextPage } nodes { path } }
    }
  }
  ownerConfig: repository(owner: $owner, name: ".github") {
    nameWithOwner
    policy: object(expression: $policyExpression) { ...EthicsPolicyBlob }
  }
}
${PROFILE}
${POLICY_BLOB}
${COMMENT_PAGE}
${COMMIT_PAGE}
${HEAD_CHECKS}`;

/** Further pages of commits and/or comments; each connection is asked for only when needed. */
export const PULL_REQUEST_PAGE_QUERY = `
query EthicsPolicyPullRequestPage(
  $owner: String!, $repo: String!, $number: Int!,
  $withCommits: Boolean!, $commitsFirst: Int!, $commitsAfter: String,
  $withComments: Boolean!, $commentsAfter: String
) {
  repository(owner: $owner, name: $repo) {
    pullRequest(number: $number) {
      commits(first: $commitsFirst, after: $commitsAfter) @include(if: $withCommits) { ...EthicsCommitPage }
      comments(first: 100, after: $commentsAfter) @include(if: $withComments) { ...EthicsCommentPage }
    }
  }
}
${PROFILE}
${COMMENT_PAGE}
${COMMIT_PAGE}`;

/** Check runs on an exact commit: only when `commits(last: 1)` disagreed with headRefOid. */
export const HEAD_CHECKS_QUERY = `
query EthicsPolicyHeadChecks($owner: String!, $repo: String!, $oid: GitObjectID!, $appId: Int!, $checkName: String!) {
  repository(owner: $owner, name: $repo) {
    object(oid: $oid) { ... on Commit { ...EthicsHeadChecks } }
  }
}
${HEAD_CHECKS}`;

/** One policy file (an `_extends` base) at `ref:path`, HEAD being the default branch. */
export const POLICY_FILE_QUERY = `
query EthicsPolicyFile($owner: String!, $repo: String!, $expression: String!) {
  repository(owner: $owner, name: $repo) {
    nameWithOwner
    policy: object(expression: $expression) { ...EthicsPolicyBlob }
  }
}
${POLICY_BLOB}`;

/** Most user lookups one request carries (GitHub allows more; this keeps each reply small). */
export const USERS_PER_QUERY = 100;

/** The alias under which `usersQuery` returns the i-th login's profile. */
export const userAlias = (i: number): string => `u${i}`;

/**
 * Profiles of several logins in one request: `u0: user(login: $l0) {...}`, .... Logins travel as
 * variables, never spliced into the text.
 */
export function usersQuery(count: number): string {
  const indexes = Array.from({ length: count }, (_, i) => i);
  const params = indexes.map((i) => `$l${i}: String!`).join(", ");
  const fields = indexes.map((i) => `  ${userAlias(i)}: user(login: $l${i}) { ...EthicsProfile }`).join("\n");
  return `query EthicsPolicyUsers(${params}) {\n${fields}\n}\n${PROFILE}`;
}

export function usersVariables(logins: readonly string[]): Record<string, string> {
  return Object.fromEntries(logins.map((login, i) => [`l${i}`, login]));
}

/** The `object(expression:)` argument for a file on a ref; HEAD is the default branch. */
export function blobExpression(path: string, ref = "HEAD"): string {
  return `${ref}:${path.replace(/^\/+/, "")}`;
}
