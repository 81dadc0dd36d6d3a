// The objects GraphQL documents read, over StandinState: each is a plain object whose members are
// GitHub schema fields, either values or functions of the field's arguments. graphql.ts executes
// documents against GitHub's schema with these as resolvers, so the schema decides what may be
// asked and how answers are typed; a field the stand-in has no data for fails loudly rather than
// answering something GitHub would not. No I/O.
import { GraphQLError } from "graphql";
import { checkRunNodeId, decodeNodeId, labelNodeId, pullNodeId, repoNodeId } from "./node-ids.js";
import { PULL_COMMIT_LISTING_LIMIT } from "./rest-reads.js";
import { fakeSha, type StandinState } from "./state.js";
import type {
  StandinCheckRun,
  StandinComment,
  StandinCommit,
  StandinFile,
  StandinGitActor,
  StandinPullRequest,
  StandinRepo,
  StandinUser,
} from "./types.js";

export interface GraphqlContext {
  state: StandinState;
  appId: number;
  baseUrl: string;
  /** Filled by mutations that broke a limit GitHub documents: the request counts as invalid. */
  brokenLimits?: string[];
}

export type Model = Record<string, unknown> & { __typename: string };
type Args = Record<string | symbol, unknown>;

/** Where graphql.ts puts the name (alias aside) of the field being resolved, beside its arguments. */
export const FIELD_NAME = Symbol("field name");

/** github.com: where labels link (the stand-in's other web addresses come from `state.webUrl`). */
const WEB = "https://github.com";

/** An error GitHub answers alongside data, e.g. NOT_FOUND with the field's path. */
export function typedError(type: string, message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { type } });
}

// ---- connections -------------------------------------------------------------------------------

const cursorOf = (position: number): string => Buffer.from(`cursor:${position}`).toString("base64");

function positionOf(cursor: unknown): number | null {
  if (typeof cursor !== "string") return null;
  const match = /^cursor:(\d+)$/.exec(Buffer.from(cursor, "base64").toString("utf8"));
  return match ? Number(match[1]) : null;
}

const MAX_PAGE = 100;

/**
 * A connection over `items` as GitHub pages them: `first` or `last` is required and at most 100;
 * cursors are positions. `totalCount` may exceed what the listing holds (a PR's commits).
 */
export function connection<T>(
  name: string,
  items: readonly T[],
  args: Args,
  node: (item: T) => unknown,
  totalCount = items.length,
): Model {
  const field = typeof args[FIELD_NAME] === "string" ? args[FIELD_NAME] : name;
  const first = typeof args.first === "number" ? args.first : null;
  const last = typeof args.last === "number" ? args.last : null;
  if (first === null && last === null)
    throw typedError(
      "MISSING_PAGINATION_BOUNDARIES",
      `You must provide a \`first\` or \`last\` value to properly paginate the \`${field}\` connection.`,
    );
  for (const [arg, value] of [
    ["first", first],
    ["last", last],
  ] as const) {
    if (value !== null && value > MAX_PAGE)
      throw typedError(
        "EXCESSIVE_PAGINATION",
        `Requesting ${value} records on the \`${field}\` connection exceeds the \`${arg}\` limit of ${MAX_PAGE} records.`,
      );
    if (value !== null && value < 0)
      throw typedError("INVALID_PAGINATION", `\`${arg}\` on the \`${field}\` connection cannot be less than zero.`);
  }
  let start = 0;
  let end = items.length;
  const after = positionOf(args.after);
  const before = positionOf(args.before);
  if (after !== null) start = Math.min(after, items.length);
  if (before !== null) end = Math.max(start, Math.min(before - 1, end));
  if (first !== null) end = Math.min(end, start + first);
  if (last !== null) start = Math.max(start, end - last);
  const slice = items.slice(start, end);
  const edges = slice.map((item, i) => ({ cursor: cursorOf(start + i + 1), node: node(item) }));
  return {
    __typename: `${name}Connection`,
    totalCount,
    nodes: edges.map((e) => e.node),
    edges,
    pageInfo: {
      hasNextPage: end < items.length,
      hasPreviousPage: start > 0,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges.at(-1)?.cursor ?? null,
    },
  };
}

// ---- actors ------------------------------------------------------------------------------------

function userModel(ctx: GraphqlContext, user: StandinUser): Model {
  return {
    __typename: "User",
    id: `U_${Buffer.from(user.login.toLowerCase()).toString("base64url")}`,
    login: user.login,
    name: null,
    company: user.company,
    bio: user.bio,
    // GitHub answers "" (never null) when a user shows no public email.
    email: user.email ?? "",
    websiteUrl: user.websiteUrl,
    url: `${ctx.state.webUrl}/${user.login}`,
    organizations: (args: Args) =>
      connection("Organization", user.organizations, args, (login) => ({
        __typename: "Organization",
        login,
        id: `O_${Buffer.from(login.toLowerCase()).toString("base64url")}`,
        url: `${ctx.state.webUrl}/${login}`,
      })),
  };
}

/** A login with no seeded user is a User whose profile is empty. */
function userByLogin(ctx: GraphqlContext, login: string): StandinUser {
  return (
    ctx.state.user(login) ?? {
      login,
      type: "User",
      company: null,
      bio: null,
      email: null,
      websiteUrl: null,
      organizations: [],
    }
  );
}

/** An Actor: null for a deleted ("ghost") account, as GitHub sends it. */
export function actorModel(ctx: GraphqlContext, login: string | null): Model | null {
  if (login === null) return null;
  const bare = login.replace(/\[bot\]$/, "");
  const user = ctx.state.user(login) ?? ctx.state.user(bare);
  if (login.endsWith("[bot]") || (user && user.type === "Bot")) {
    // GraphQL spells a Bot's login without the "[bot]" that REST and webhooks add.
    return {
      __typename: "Bot",
      id: `BOT_${Buffer.from(bare).toString("base64url")}`,
      login: bare,
      url: `${ctx.state.webUrl}/apps/${bare}`,
    };
  }
  if (user && user.type === "Organization")
    return { __typename: "Organization", id: `O_${Buffer.from(user.login).toString("base64url")}`, login: user.login };
  return userModel(ctx, userByLogin(ctx, login));
}

function gitActor(ctx: GraphqlContext, actor: StandinGitActor, date: string): Model {
  const account = actor.login ? ctx.state.user(actor.login) : undefined;
  return {
    __typename: "GitActor",
    name: actor.name,
    email: actor.email,
    date,
    // GitActor.user is a User: an email linked to a bot or to nobody gives null.
    user: actor.login && (!account || account.type === "User") ? userModel(ctx, userByLogin(ctx, actor.login)) : null,
  };
}

// ---- repository, files, labels -----------------------------------------------------------------

function blobModel(file: StandinFile): Model {
  return {
    __typename: "Blob",
    id: `B_${file.oid}`,
    oid: file.oid,
    abbreviatedOid: file.oid.slice(0, 7),
    byteSize: Buffer.byteLength(file.text),
    isBinary: false,
    isTruncated: false,
    text: file.text,
  };
}

function labelModel(repo: StandinRepo, name: string): Model {
  const label = repo.labels.find((l) => l.name.toLowerCase() === name.toLowerCase());
  return {
    __typename: "Label",
    id: labelNodeId(repo, name),
    name: label?.name ?? name,
    color: label?.color ?? "ededed",
    description: label?.description ?? null,
    url: `${WEB}/${repo.owner}/${repo.name}/labels/${encodeURIComponent(name)}`,
  };
}

/** A repository the stand-in holds, or (for a fork's head repository) one it knows only by name. */
export function repositoryModel(ctx: GraphqlContext, owner: string, name: string): Model {
  const repo = ctx.state.repo(owner, name);
  const base: Model = {
    __typename: "Repository",
    id: repoNodeId({ owner, name }),
    name: repo?.name ?? name,
    nameWithOwner: `${repo?.owner ?? owner}/${repo?.name ?? name}`,
    owner: { __typename: "User", login: repo?.owner ?? owner, id: `O_${Buffer.from(owner).toString("base64url")}` },
    url: `${ctx.state.webUrl}/${repo?.owner ?? owner}/${repo?.name ?? name}`,
    isFork: !repo,
  };
  if (!repo) return base;
  return {
    ...base,
    defaultBranchRef: {
      __typename: "Ref",
      name: repo.defaultBranch,
      prefix: "refs/heads/",
      id: `REF_${repo.defaultBranch}`,
    },
    // `Repository.label(name:)`: matched case-insensitively, null when there is none.
    label: ({ name: wanted }: Args) => {
      const found = repo.labels.find((l) => l.name.toLowerCase() === String(wanted).toLowerCase());
      return found ? labelModel(repo, found.name) : null;
    },
    labels: (args: Args) => connection("Label", repo.labels, args, (l) => labelModel(repo, l.name)),
    object: (args: Args) => objectAt(ctx, repo, args),
    pullRequest: ({ number }: Args) => {
      const pr = ctx.state.pullRequest(repo.owner, repo.name, Number(number));
      if (!pr)
        throw typedError("NOT_FOUND", `Could not resolve to a PullRequest with the number of ${String(number)}.`);
      return pullRequestModel(ctx, pr);
    },
  };
}

/** `object(expression: "REF:path")` (a Blob) or `object(oid:)` / `object(expression: "sha")` (a Commit). */
function objectAt(ctx: GraphqlContext, repo: StandinRepo, args: Args): Model | null {
  if (typeof args.oid === "string") return commitByOid(ctx, repo, args.oid);
  if (typeof args.expression !== "string") return null;
  const expression = args.expression;
  const colon = expression.indexOf(":");
  if (colon < 0) return commitByOid(ctx, repo, expression);
  const file = ctx.state.fileAt(repo.owner, repo.name, expression.slice(0, colon), expression.slice(colon + 1));
  return file ? blobModel(file) : null;
}

function commitByOid(ctx: GraphqlContext, repo: StandinRepo, oid: string): Model | null {
  for (const pr of ctx.state.pullRequestsOf(repo.owner, repo.name)) {
    const commit = pr.commits.find((c) => c.sha === oid);
    if (commit) return commitModel(ctx, repo, commit);
    if (pr.headSha === oid)
      return commitModel(ctx, repo, {
        sha: oid,
        message: pr.title,
        author: { name: pr.authorLogin ?? "Ghost", email: null, login: pr.authorLogin },
        committer: { name: "GitHub", email: "noreply@github.com", login: "web-flow" },
      });
  }
  return null;
}

// ---- commits and checks ------------------------------------------------------------------------

function commitModel(ctx: GraphqlContext, repo: StandinRepo, c: StandinCommit): Model {
  const date = "2026-01-01T00:00:00Z";
  return {
    __typename: "Commit",
    id: `C_${c.sha}`,
    oid: c.sha,
    abbreviatedOid: c.sha.slice(0, 7),
    message: c.message,
    messageHeadline: c.message.split("\n")[0] ?? "",
    url: `${ctx.state.webUrl}/${repo.owner}/${repo.name}/commit/${c.sha}`,
    author: gitActor(ctx, c.author, date),
    committer: gitActor(ctx, c.committer, date),
    checkSuites: (args: Args) => checkSuites(ctx, repo, c.sha, args),
  };
}

/** GitHub groups an app's runs on a commit into one suite. */
function checkSuites(ctx: GraphqlContext, repo: StandinRepo, sha: string, args: Args): Model {
  const filter = (args.filterBy ?? {}) as { appId?: number | null; checkName?: string | null };
  const runs = ctx.state.checkRunsOf(repo.owner, repo.name, sha);
  const apps = [...new Set(runs.map((r) => r.appId))].filter((id) => filter.appId == null || id === filter.appId);
  return connection("CheckSuite", apps, args, (appId) => {
    const own = runs.filter((r) => r.appId === appId);
    return {
      __typename: "CheckSuite",
      id: `CS_${Buffer.from(`${repo.owner}/${repo.name}/${sha}/${appId}`).toString("base64url")}`,
      app: { __typename: "App", databaseId: appId, slug: appId === ctx.appId ? ctx.state.appSlug : `app-${appId}` },
      status: own.every((r) => r.status === "completed") ? "COMPLETED" : "IN_PROGRESS",
      conclusion: null,
      checkRuns: (runArgs: Args) => {
        const f = (runArgs.filterBy ?? {}) as {
          checkName?: string | null;
          checkType?: string | null;
          status?: string | null;
        };
        let selected = own.filter(
          (r) =>
            (f.checkName == null || r.name === f.checkName) &&
            (f.status == null || r.status.toUpperCase() === f.status),
        );
        // checkType LATEST (GitHub's default): only the newest run of each name.
        if ((f.checkType ?? "LATEST") === "LATEST") {
          selected = selected.filter((r) => !selected.some((o) => o.name === r.name && o.id > r.id));
        }
        return connection("CheckRun", selected, runArgs, (r) => checkRunModel(ctx, r));
      },
    };
  });
}

export function checkRunModel(ctx: GraphqlContext, r: StandinCheckRun): Model {
  return {
    __typename: "CheckRun",
    id: checkRunNodeId(r),
    // An Int in GitHub's schema; real ids no longer fit it (graphql.ts raises GitHub's overflow error).
    databaseId: r.id,
    name: r.name,
    status: r.status.toUpperCase(),
    conclusion: r.conclusion?.toUpperCase() ?? null,
    title: r.title,
    summary: r.summary,
    text: r.text,
    detailsUrl: r.detailsUrl,
    externalId: r.externalId,
    url: `${ctx.state.webUrl}/${r.owner}/${r.repo}/runs/${r.id}`,
    permalink: `${ctx.state.webUrl}/${r.owner}/${r.repo}/runs/${r.id}`,
  };
}

// ---- pull requests and comments ----------------------------------------------------------------

export function commentModel(ctx: GraphqlContext, pr: StandinPullRequest, c: StandinComment): Model {
  return {
    __typename: "IssueComment",
    id: c.nodeId,
    // An Int in GitHub's schema: real comment ids overflow it; fullDatabaseId is the BigInt (a string).
    databaseId: c.id,
    fullDatabaseId: String(c.id),
    body: c.body,
    createdAt: c.createdAt,
    updatedAt: c.lastEditedAt ?? c.createdAt,
    lastEditedAt: c.lastEditedAt ?? null,
    // Written through this stand-in's API, i.e. by the app holding the token.
    viewerDidAuthor: c.viaApp,
    author: c.viaApp ? actorModel(ctx, `${ctx.state.appSlug}[bot]`) : actorModel(ctx, c.authorLogin),
    editor: c.editorLogin ? actorModel(ctx, c.editorLogin) : null,
    url: `${ctx.state.webUrl}/${pr.owner}/${pr.repo}/pull/${pr.number}#issuecomment-${c.id}`,
    isMinimized: false,
  };
}

export function pullRequestModel(ctx: GraphqlContext, pr: StandinPullRequest): Model {
  const repo = ctx.state.repo(pr.owner, pr.repo);
  if (!repo) throw new Error(`stand-in: pull request ${pr.owner}/${pr.repo}#${pr.number} has no repository`);
  const head = pr.headRepo ?? { owner: repo.owner, name: repo.name };
  return {
    __typename: "PullRequest",
    id: pullNodeId(pr),
    number: pr.number,
    title: pr.title,
    url: `${ctx.state.webUrl}/${repo.owner}/${repo.name}/pull/${pr.number}`,
    headRefOid: pr.headSha,
    headRefName: pr.headRef,
    baseRefOid: fakeSha("base", pr.owner, pr.repo, pr.number),
    baseRefName: repo.defaultBranch,
    state: pr.state === "open" ? "OPEN" : pr.state === "merged" ? "MERGED" : "CLOSED",
    merged: pr.state === "merged",
    isDraft: pr.draft,
    isCrossRepository: pr.headRepo !== null,
    headRepository: () => repositoryModel(ctx, head.owner, head.name),
    headRepositoryOwner: { __typename: "User", login: head.owner },
    baseRepository: () => repositoryModel(ctx, repo.owner, repo.name),
    repository: () => repositoryModel(ctx, repo.owner, repo.name),
    author: actorModel(ctx, pr.authorLogin),
    labels: (args: Args) => connection("Label", pr.labels, args, (name) => labelModel(repo, name)),
    comments: (args: Args) => connection("IssueComment", pr.comments, args, (c) => commentModel(ctx, pr, c)),
    // As on GitHub, the listing stops at 250 commits while totalCount tells the whole number.
    commits: (args: Args) =>
      connection(
        "PullRequestCommit",
        pr.commits.slice(0, PULL_COMMIT_LISTING_LIMIT),
        args,
        (c) => ({
          __typename: "PullRequestCommit",
          id: `PRC_${c.sha}`,
          commit: commitModel(ctx, repo, c),
        }),
        pr.commits.length,
      ),
    files: (args: Args) =>
      connection("PullRequestChangedFile", pr.files, args, (path) => ({
        __typename: "PullRequestChangedFile",
        path,
        additions: 1,
        deletions: 0,
        changeType: pr.headFiles.get(path) === null ? "DELETED" : "MODIFIED",
      })),
  };
}

export function userRoot(ctx: GraphqlContext, login: string): Model {
  const user = ctx.state.user(login);
  if (!user || user.type !== "User")
    throw typedError("NOT_FOUND", `Could not resolve to a User with the login of '${login}'.`);
  return userModel(ctx, user);
}

/** `node(id:)` for the ids the stand-in hands out. */
export function nodeById(ctx: GraphqlContext, id: string): Model | null {
  const decoded = decodeNodeId(id);
  if (decoded?.type === "R") return repositoryModel(ctx, decoded.parts[0] ?? "", decoded.parts[1] ?? "");
  if (decoded?.type === "PR") {
    const pr = ctx.state.pullRequest(decoded.parts[0] ?? "", decoded.parts[1] ?? "", Number(decoded.parts[2]));
    if (pr) return pullRequestModel(ctx, pr);
  }
  if (decoded?.type === "CR") {
    const run = ctx.state.checkRuns.find((r) => String(r.id) === decoded.parts[0]);
    if (run) return checkRunModel(ctx, run);
  }
  for (const pr of ctx.state.pulls.values()) {
    const comment = pr.comments.find((c) => c.nodeId === id);
    if (comment) return commentModel(ctx, pr, comment);
  }
  throw typedError("NOT_FOUND", `Could not resolve to a node with the global id of '${id}'`);
}
