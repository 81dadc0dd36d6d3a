// REST reads the app itself never makes (it reads everything in one GraphQL query), answered so the
// benchmark's straightforward REST app (bench/naive-app.ts) can do the same job against the same
// stand-in: the pull request, its commits and comments, user profiles and public organizations,
// file contents on the default branch, and the check runs on a commit.
import { checkRunJson, commentJson, notFound, pullJson, type Reply, type RestContext } from "./rest.js";
import type { StandinPullRequest, StandinRepo } from "./types.js";

type Handler = (ctx: RestContext) => Reply;

export function readRoutes(
  withRepo: (handler: (ctx: RestContext, repo: StandinRepo) => Reply) => Handler,
  withPull: (handler: (ctx: RestContext, repo: StandinRepo, pr: StandinPullRequest) => Reply) => Handler,
): [method: string, pattern: string, handler: Handler][] {
  return [
    [
      "GET",
      "/repos/:owner/:repo/pulls/:number",
      withPull((ctx, repo, pr) => ({ status: 200, body: pullJson(ctx, repo, pr) })),
    ],
    ["GET", "/repos/:owner/:repo/pulls/:number/commits", withPull(listCommits)],
    ["GET", "/repos/:owner/:repo/compare/:basehead", withRepo(compareCommits)],
    ["GET", "/repos/:owner/:repo/issues/:number/comments", withPull(listComments)],
    ["GET", "/repos/:owner/:repo/issues/comments", withRepo(listRepoComments)],
    ["GET", "/repos/:owner/:repo/contents/*path", withRepo(getContents)],
    ["GET", "/repos/:owner/:repo/commits/:ref/check-runs", withRepo(listCheckRuns)],
    ["GET", "/users/:login", getUser],
    ["GET", "/users/:login/orgs", listUserOrgs],
  ];
}

/** One page (`per_page`, `page`) of a list. */
function paged<T>(ctx: RestContext, items: T[]): T[] {
  const perPage = Math.min(100, Math.max(1, Number(ctx.query.get("per_page") ?? 30) || 30));
  const page = Math.max(1, Number(ctx.query.get("page") ?? 1) || 1);
  return items.slice((page - 1) * perPage, page * perPage);
}

function commitJson(ctx: RestContext, c: StandinPullRequest["commits"][number]) {
  const account = (login: string | null) => (login ? { login, type: ctx.state.user(login)?.type ?? "User" } : null);
  return {
    sha: c.sha,
    commit: {
      message: c.message,
      author: { name: c.author.name, email: c.author.email },
      committer: { name: c.committer.name, email: c.committer.email },
    },
    author: account(c.author.login),
    committer: account(c.committer.login),
  };
}

/** GitHub lists at most this many commits of a pull request (REST and GraphQL alike). */
export const PULL_COMMIT_LISTING_LIMIT = 250;

function listCommits(ctx: RestContext, _repo: StandinRepo, pr: StandinPullRequest): Reply {
  return {
    status: 200,
    body: paged(ctx, pr.commits.slice(0, PULL_COMMIT_LISTING_LIMIT)).map((c) => commitJson(ctx, c)),
  };
}

/** `base...head`, for a head that is a pull request's: that pull request's commits, every one. */
function compareCommits(ctx: RestContext, repo: StandinRepo): Reply {
  const head = (ctx.params.basehead ?? "").split("...")[1];
  const pr = ctx.state.pullRequestsOf(repo.owner, repo.name).find((p) => p.headSha === head);
  if (!pr) return notFound();
  return {
    status: 200,
    body: {
      status: "ahead",
      total_commits: pr.commits.length,
      commits: paged(ctx, pr.commits).map((c) => commitJson(ctx, c)),
    },
  };
}

function listComments(ctx: RestContext, repo: StandinRepo, pr: StandinPullRequest): Reply {
  return { status: 200, body: paged(ctx, pr.comments).map((c) => commentJson(ctx, repo, pr, c)) };
}

/** Every issue and pull request comment in the repository, oldest first (GitHub's default sort). */
function listRepoComments(ctx: RestContext, repo: StandinRepo): Reply {
  const all = ctx.state
    .pullRequestsOf(repo.owner, repo.name)
    .flatMap((pr) => pr.comments.map((c) => ({ pr, c })))
    .sort((a, b) => a.c.id - b.c.id);
  return { status: 200, body: paged(ctx, all).map(({ pr, c }) => commentJson(ctx, repo, pr, c)) };
}

function getContents(ctx: RestContext, repo: StandinRepo): Reply {
  const path = (ctx.params.path ?? "").replace(/^\/+/, "");
  const ref = ctx.query.get("ref");
  if (ref && ref !== repo.defaultBranch) return notFound();
  const file = repo.files.get(path);
  if (!file) return notFound();
  return {
    status: 200,
    body: {
      type: "file",
      encoding: "base64",
      path,
      name: path.split("/").at(-1),
      sha: file.oid,
      size: Buffer.byteLength(file.text),
      content: Buffer.from(file.text).toString("base64"),
    },
  };
}

function listCheckRuns(ctx: RestContext, repo: StandinRepo): Reply {
  const name = ctx.query.get("check_name");
  const appId = ctx.query.get("app_id");
  const runs = ctx.state
    .checkRunsOf(repo.owner, repo.name, ctx.params.ref)
    .filter((r) => (name === null || r.name === name) && (appId === null || String(r.appId) === appId))
    .sort((a, b) => b.id - a.id);
  return {
    status: 200,
    body: { total_count: runs.length, check_runs: paged(ctx, runs).map((r) => checkRunJson(ctx, r)) },
  };
}

function getUser(ctx: RestContext): Reply {
  const user = ctx.state.user(ctx.params.login ?? "");
  if (!user) return notFound();
  return {
    status: 200,
    body: {
      login: user.login,
      type: user.type,
      company: user.company,
      bio: user.bio,
      email: user.email,
      blog: user.websiteUrl ?? "",
    },
  };
}

function listUserOrgs(ctx: RestContext): Reply {
  const user = ctx.state.user(ctx.params.login ?? "");
  if (!user) return notFound();
  return { status: 200, body: paged(ctx, user.organizations).map((login) => ({ login })) };
}
