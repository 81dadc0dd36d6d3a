// PURE: the replies of the queries in query.ts → a Snapshot. No I/O here; read-pull-request.ts
// decides which queries to send and hands every reply to these functions.
import { MAX_POLICY_BYTES } from "../policy/limits.js";
import { COMMENT_MARKER } from "../state/marker.js";
import type { AppCheckRun, AppComment, CurrentState, NodeIds, PolicyFile, PullRequestRef, Snapshot } from "./types.js";
import type {
  GqlBlob,
  GqlComment,
  GqlCommentPage,
  GqlCommitPage,
  GqlHeadChecks,
  GqlPolicyRepo,
  GqlProfile,
  GqlPullRequest,
  PullRequestPageResponse,
  PullRequestResponse,
} from "./response.js";
import { toEvidence } from "./to-evidence.js";

/** Marks the app's own comment. Only a comment by the app's bot counts (see `byTheApp`). */
export const APP_COMMENT_MARKER = COMMENT_MARKER;

/** Policy files larger than this are not read. */
export { MAX_POLICY_BYTES };

export interface SnapshotOptions {
  policyPath: string;
  /** Used when the repository reports no default branch (an empty repository). */
  defaultBranch: string;
  commentMarker?: string;
  /**
   * The app's bot login ("<slug>", with or without "[bot]"; "github-actions" in Actions mode): its
   * comments are the app's. Unknown (null): GitHub's `viewerDidAuthor` is used instead.
   */
  botLogin?: string | null;
}

export interface SnapshotExtras {
  /** Profiles of noreply co-authors fetched by the second query, if it was needed. */
  coAuthors?: readonly (GqlProfile | null)[];
  /** Check runs read on the exact head commit, when `commits(last: 1)` was not it. */
  headChecks?: GqlHeadChecks | null;
}

export function toPolicyFile(repo: GqlPolicyRepo | null | undefined, path: string): PolicyFile | null {
  const blob: GqlBlob | null | undefined = repo?.policy;
  if (!repo || blob?.__typename !== "Blob" || !blob.oid) return null;
  const file: PolicyFile = { repo: repo.nameWithOwner, path, sha: blob.oid, text: "" };
  if (blob.isTruncated || (blob.byteSize ?? 0) > MAX_POLICY_BYTES) file.tooLarge = true;
  else if (blob.isBinary || typeof blob.text !== "string") file.binary = true;
  else file.text = blob.text;
  return file;
}

/** The repo's own policy file, else the owner's `.github` one, else none. */
export function choosePolicyFile(response: PullRequestResponse, path: string): PolicyFile | null {
  return toPolicyFile(response.repository, path) ?? toPolicyFile(response.ownerConfig, path);
}

function commentId(comment: GqlComment): number | null {
  const id = Number(comment.fullDatabaseId);
  return comment.fullDatabaseId !== null && Number.isSafeInteger(id) ? id : null;
}

/** A login without GitHub's "[bot]" suffix (GraphQL spells bots without it, REST and webhooks with it), lower case. */
export const botName = (login: string): string => login.replace(/\[bot\]$/i, "").toLowerCase();

/**
 * Whether the app's bot wrote the comment: its author is the bot login (a Bot, when GitHub says
 * the type). `viewerDidAuthor`, whose meaning for an installation token GitHub does not document,
 * is used only when the bot login is unknown.
 */
export function byTheApp(c: GqlComment, botLogin: string | null | undefined): boolean {
  if (!botLogin) return c.viewerDidAuthor === true;
  const author = c.author;
  if (!author || (author.__typename !== undefined && author.__typename !== "Bot")) return false;
  return botName(author.login) === botName(botLogin);
}

/** The app's marked comments, oldest first: the first is kept, the rest are leftovers to delete. */
export function appComments(
  nodes: readonly (GqlComment | null)[],
  marker = APP_COMMENT_MARKER,
  botLogin?: string | null,
): Pick<CurrentState, "comment" | "extraComments"> {
  const ours: AppComment[] = nodes
    .flatMap((c) => {
      const id = c ? commentId(c) : null;
      if (!c || id === null || !byTheApp(c, botLogin) || !c.body.includes(marker)) return [];
      const comment: AppComment = { id, nodeId: c.id, body: c.body, createdAt: c.createdAt };
      if (c.lastEditedAt !== undefined) comment.lastEditedAt = c.lastEditedAt;
      if (c.editor !== undefined) comment.editor = c.editor ? botName(c.editor.login) : null;
      return [comment];
    })
    .sort((a, b) => a.id - b.id);
  return { comment: ours[0] ?? null, extraComments: ours.slice(1) };
}

export function hasAppComment(
  nodes: readonly (GqlComment | null)[],
  marker = APP_COMMENT_MARKER,
  botLogin?: string | null,
): boolean {
  return appComments(nodes, marker, botLogin).comment !== null;
}

/** The check runs read on `commits(last: 1)`, if that commit is the head the PR reports. */
export function headChecksOf(pr: GqlPullRequest): GqlHeadChecks | null {
  const head = pr.headCommit?.nodes?.[0]?.commit ?? null;
  return head?.oid === pr.headRefOid ? head : null;
}

/** The latest run (highest id) among the app's check suites on the head commit. */
export function latestCheckRun(head: GqlHeadChecks | null | undefined): AppCheckRun | null {
  let latest: AppCheckRun | null = null;
  for (const suite of head?.checkSuites?.nodes ?? []) {
    for (const run of suite?.checkRuns?.nodes ?? []) {
      if (!run || typeof run.databaseId !== "number" || (latest && latest.id >= run.databaseId)) continue;
      latest = {
        id: run.databaseId,
        ...(run.id ? { nodeId: run.id } : {}),
        headSha: head?.oid ?? "",
        // REST spelling ("completed", "neutral"), which is what reconcile writes and compares.
        status: run.status.toLowerCase(),
        conclusion: run.conclusion?.toLowerCase() ?? null,
        title: run.title,
        summary: run.summary,
      };
    }
  }
  return latest;
}

export interface NextPages {
  /** Cursor after which more commits are wanted, and how many. */
  commits?: { after: string; first: number };
  /** Cursor after which more comments are wanted (the app's comment is not found yet). */
  comments?: { after: string };
}

/** What else to fetch: commits up to maxCommits, comments until the app's comment is found. */
export function nextPages(
  pr: GqlPullRequest,
  maxCommits: number,
  marker = APP_COMMENT_MARKER,
  botLogin?: string | null,
): NextPages {
  const next: NextPages = {};
  const fetched = pr.commits.nodes?.length ?? 0;
  const { hasNextPage, endCursor } = pr.commits.pageInfo;
  if (hasNextPage && endCursor && fetched < maxCommits) {
    next.commits = { after: endCursor, first: Math.min(100, maxCommits - fetched) };
  }
  const comments = pr.comments.pageInfo;
  if (comments.hasNextPage && comments.endCursor && !hasAppComment(pr.comments.nodes ?? [], marker, botLogin)) {
    next.comments = { after: comments.endCursor };
  }
  return next;
}

function appendCommits(base: GqlCommitPage, page: GqlCommitPage | undefined): GqlCommitPage {
  if (!page) return base;
  return {
    totalCount: base.totalCount,
    pageInfo: page.pageInfo,
    nodes: [...(base.nodes ?? []), ...(page.nodes ?? [])],
  };
}

function appendComments(base: GqlCommentPage, page: GqlCommentPage | undefined): GqlCommentPage {
  if (!page) return base;
  return { pageInfo: page.pageInfo, nodes: [...(base.nodes ?? []), ...(page.nodes ?? [])] };
}

/**
 * The pull request with a further page appended. A page without the pull request (deleted
 * meanwhile) ends paging: its connections are marked complete.
 */
export function withPage(pr: GqlPullRequest, page: PullRequestPageResponse): GqlPullRequest {
  const more = page.repository?.pullRequest;
  if (!more) {
    const done = { hasNextPage: false, endCursor: null };
    return { ...pr, commits: { ...pr.commits, pageInfo: done }, comments: { ...pr.comments, pageInfo: done } };
  }
  return {
    ...pr,
    commits: appendCommits(pr.commits, more.commits),
    comments: appendComments(pr.comments, more.comments),
  };
}

const STATES = { OPEN: "open", CLOSED: "closed", MERGED: "merged" } as const;

/** Everything read, as one Snapshot; null when the repository or pull request does not exist. */
export function toSnapshot(
  ref: PullRequestRef,
  response: PullRequestResponse,
  options: SnapshotOptions,
  extras: SnapshotExtras = {},
): Snapshot | null {
  const pr = response.repository?.pullRequest;
  if (!response.repository || !pr) return null;
  const head = extras.headChecks !== undefined ? extras.headChecks : headChecksOf(pr);
  return {
    ...ref,
    headSha: pr.headRefOid,
    defaultBranch: response.repository.defaultBranchRef?.name ?? options.defaultBranch,
    state: STATES[pr.state] ?? "closed",
    draft: pr.isDraft,
    policyFile: choosePolicyFile(response, options.policyPath),
    ownerPolicyFile: toPolicyFile(response.ownerConfig, options.policyPath),
    evidence: toEvidence({
      author: pr.author,
      commits: pr.commits.nodes ?? [],
      totalCommits: pr.commits.totalCount,
      coAuthors: extras.coAuthors,
    }),
    current: {
      labels: (pr.labels?.nodes ?? []).flatMap((l) => (l?.name ? [l.name] : [])),
      ...appComments(pr.comments.nodes ?? [], options.commentMarker, options.botLogin),
      checkRun: latestCheckRun(head),
    },
    ids: nodeIds(response),
    ...(pr.files ? { changedFiles: changedFiles(pr.files) } : {}),
  };
}

function changedFiles(files: NonNullable<GqlPullRequest["files"]>): NonNullable<Snapshot["changedFiles"]> {
  const paths = (files.nodes ?? []).flatMap((f) => (f ? [f.path] : []));
  return { paths, complete: !files.pageInfo.hasNextPage };
}

/** The node ids the batched write needs: the repository, the pull request and known labels. */
export function nodeIds(response: PullRequestResponse): NodeIds {
  const repo = response.repository;
  const labels: NodeIds["labels"] = [];
  const add = (label: { name: string; id?: string } | null | undefined) => {
    if (label?.id && !labels.some((l) => l.name.toLowerCase() === label.name.toLowerCase()))
      labels.push({ name: label.name, id: label.id });
  };
  for (const label of repo?.pullRequest?.labels?.nodes ?? []) add(label);
  add(repo?.label);
  return { repository: repo?.id ?? null, pullRequest: repo?.pullRequest?.id ?? null, labels };
}
