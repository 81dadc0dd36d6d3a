// The REST routes the app uses, answered from StandinState with GitHub's status codes and the
// parts of GitHub's reply shapes that Octokit and the app read.
import { checkRunNodeId, labelNodeId } from "./node-ids.js";
import { readRoutes } from "./rest-reads.js";
import { key, type StandinState } from "./state.js";
import type {
  StandinAnnotation,
  StandinCheckAction,
  StandinCheckRun,
  StandinPullRequest,
  StandinRepo,
  StandinRole,
} from "./types.js";

export interface Reply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
  /** Not sent: set when the request broke a limit GitHub documents, so it counts as invalid. */
  brokenLimit?: string;
}

export interface RestContext {
  state: StandinState;
  /** Decoded path parameters. */
  params: Record<string, string>;
  query: URLSearchParams;
  body: unknown;
  /** The app's id: check runs it creates carry it. */
  appId: number;
  /** The stand-in's own base URL, for Link headers and `url` fields. */
  baseUrl: string;
}

type Handler = (ctx: RestContext) => Reply;

export const notFound = (message = "Not Found"): Reply => ({
  status: 404,
  body: { message, documentation_url: "https://docs.github.com/rest" },
});

const invalid = (message: string, errors: unknown[] = []): Reply => ({
  status: 422,
  body: { message, errors, documentation_url: "https://docs.github.com/rest" },
});

/**
 * Limits GitHub states in its documentation (some also in its REST description, none in its
 * GraphQL schema), enforced here so that REST and GraphQL writes, which share these routes, meet
 * them alike.
 */
export const LIMITS = {
  /** Issue and pull request comment bodies, in characters. */
  commentBody: 65_536,
  /** Check run output summary and text, in characters. */
  checkOutputText: 65_535,
  /** Annotations in one create or update of a check run. */
  annotationsPerRequest: 50,
  /** Requested actions (buttons) on a check run, and their fields' lengths. */
  actions: 3,
  actionLabel: 20,
  actionDescription: 40,
  actionIdentifier: 20,
  labelName: 50,
  labelDescription: 100,
} as const;

/** The largest number of annotations GitHub accepts in one create or update. */
export const MAX_ANNOTATIONS_PER_REQUEST = LIMITS.annotationsPerRequest;

/** Length in characters (code points), as GitHub counts them, not UTF-16 units. */
export const characters = (text: string): number => {
  let n = 0;
  for (const _ of text) n++;
  return n;
};

/** GitHub's 422 for a resource field breaking a documented limit. */
const tooLong = (resource: string, field: string, message: string): Reply =>
  beyondLimit(invalid("Validation Failed", [{ resource, code: "custom", field, message }]), message);

const beyondLimit = (reply: Reply, why: string): Reply => ({ ...reply, brokenLimit: why });

function commentTooLong(body: string): Reply | null {
  const message = `Body is too long (maximum is ${LIMITS.commentBody} characters)`;
  return characters(body) > LIMITS.commentBody
    ? beyondLimit(
        invalid("Validation Failed", [{ resource: "IssueComment", code: "unprocessable", field: "data", message }]),
        message,
      )
    : null;
}

function labelTooLong(name: string, description: string | null): Reply | null {
  if (characters(name) > LIMITS.labelName)
    return tooLong("Label", "name", `name is too long (maximum is ${LIMITS.labelName} characters)`);
  if (description !== null && characters(description) > LIMITS.labelDescription)
    return tooLong(
      "Label",
      "description",
      `description is too long (maximum is ${LIMITS.labelDescription} characters)`,
    );
  return null;
}

const ROUTES: [method: string, pattern: string, handler: Handler][] = [
  ["POST", "/app/installations/:id/access_tokens", accessToken],
  [
    "GET",
    "/app",
    (ctx) => ({ status: 200, body: { id: ctx.appId, slug: ctx.state.appSlug, name: ctx.state.appSlug } }),
  ],
  ["POST", "/repos/:owner/:repo/labels", withRepo(createLabel)],
  ["GET", "/repos/:owner/:repo/labels/:name", withRepo(getLabel)],
  ["POST", "/repos/:owner/:repo/issues/:number/labels", withPull(addLabels)],
  ["DELETE", "/repos/:owner/:repo/issues/:number/labels/:name", withPull(removeLabel)],
  ["POST", "/repos/:owner/:repo/issues/:number/comments", withPull(createComment)],
  ["PATCH", "/repos/:owner/:repo/issues/comments/:id", withRepo(updateComment)],
  ["DELETE", "/repos/:owner/:repo/issues/comments/:id", withRepo(deleteComment)],
  ["POST", "/repos/:owner/:repo/issues/comments/:id/reactions", withRepo(addReaction)],
  ["POST", "/repos/:owner/:repo/check-runs", withRepo(createCheckRun)],
  ["PATCH", "/repos/:owner/:repo/check-runs/:id", withRepo(updateCheckRun)],
  ["POST", "/repos/:owner/:repo/pulls/:number/requested_reviewers", withPull(requestReviewers)],
  ["GET", "/repos/:owner/:repo/pulls", withRepo(listPulls)],
  ["GET", "/installation/repositories", listInstallationRepos],
  ["GET", "/repos/:owner/:repo", withRepo(getRepo)],
  ["GET", "/repos/:owner/:repo/collaborators/:user/permission", withRepo(permission)],
  ["GET", "/orgs/:org/teams/:slug/memberships/:user", teamMembership],
  // Reads only the benchmark's straightforward REST app makes.
  ...readRoutes(withRepo, withPull),
];

const COMPILED = ROUTES.map(([method, pattern, handler]) => ({
  method,
  // ":name" is one path segment, "*name" the rest of the path.
  regex: new RegExp("^" + pattern.replace(/:(\w+)/g, "(?<$1>[^/]+)").replace(/\*(\w+)/g, "(?<$1>.+)") + "/?$"),
  handler,
}));

/** One request path per route (parameters filled in), to prepare validation before any request. */
export function routeSamples(): [method: string, path: string][] {
  return ROUTES.map(([method, pattern]) => [method, pattern.replace(/[:*]\w+/g, "1")]);
}

/** Answers a REST request; null when no route matches (the caller replies 404 and logs it). */
export function routeRest(method: string, pathname: string, ctx: Omit<RestContext, "params">): Reply | null {
  for (const route of COMPILED) {
    if (route.method !== method) continue;
    const match = route.regex.exec(pathname);
    if (!match) continue;
    const params = Object.fromEntries(Object.entries(match.groups ?? {}).map(([k, v]) => [k, decodeURIComponent(v)]));
    return route.handler({ ...ctx, params });
  }
  return null;
}

function withRepo(handler: (ctx: RestContext, repo: StandinRepo) => Reply): Handler {
  return (ctx) => {
    const repo = ctx.state.repo(ctx.params.owner ?? "", ctx.params.repo ?? "");
    return repo ? handler(ctx, repo) : notFound();
  };
}

function withPull(handler: (ctx: RestContext, repo: StandinRepo, pr: StandinPullRequest) => Reply): Handler {
  return withRepo((ctx, repo) => {
    const pr = ctx.state.pullRequest(repo.owner, repo.name, Number(ctx.params.number));
    return pr ? handler(ctx, repo, pr) : notFound();
  });
}

const record = (body: unknown): Record<string, unknown> =>
  typeof body === "object" && body !== null && !Array.isArray(body) ? (body as Record<string, unknown>) : {};

const str = (value: unknown): string | null => (typeof value === "string" ? value : null);

function accessToken(ctx: RestContext): Reply {
  const expires = new Date(Date.now() + 3600_000).toISOString().replace(/\.\d+Z$/, "Z");
  return {
    status: 201,
    body: {
      token: `ghs_standin_${ctx.params.id}`,
      expires_at: expires,
      permissions: {
        checks: "write",
        contents: "read",
        issues: "write",
        metadata: "read",
        members: "read",
        pull_requests: "write",
      },
      repository_selection: "all",
    },
  };
}

function labelJson(ctx: RestContext, repo: StandinRepo, name: string) {
  const label = ctx.state.ensureLabel(repo, name);
  return {
    id: labelId(label.name),
    node_id: labelNodeId(repo, label.name),
    name: label.name,
    color: label.color,
    description: label.description,
    default: false,
  };
}

const labelId = (name: string): number =>
  [...name.toLowerCase()].reduce((h, c) => (h * 31 + c.charCodeAt(0)) >>> 0, 17);

function createLabel(ctx: RestContext, repo: StandinRepo): Reply {
  const body = record(ctx.body);
  const name = str(body.name);
  if (!name) return invalid("Validation Failed", [{ resource: "Label", code: "missing_field", field: "name" }]);
  const limit = labelTooLong(name, str(body.description));
  if (limit) return limit;
  const created = ctx.state.createLabel(repo, {
    name,
    color: str(body.color) ?? "ededed",
    description: str(body.description),
  });
  if (!created) return invalid("Validation Failed", [{ resource: "Label", code: "already_exists", field: "name" }]);
  return { status: 201, body: labelJson(ctx, repo, name) };
}

function getLabel(ctx: RestContext, repo: StandinRepo): Reply {
  const name = (ctx.params.name ?? "").toLowerCase();
  const label = repo.labels.find((l) => l.name.toLowerCase() === name);
  return label ? { status: 200, body: labelJson(ctx, repo, label.name) } : notFound();
}

function addLabels(ctx: RestContext, repo: StandinRepo, pr: StandinPullRequest): Reply {
  const raw = Array.isArray(ctx.body) ? ctx.body : record(ctx.body).labels;
  if (!Array.isArray(raw)) return invalid("Invalid request.\n\nFor 'links/0/schema', nil is not an array.");
  for (const item of raw) {
    const name = typeof item === "string" ? item : str(record(item).name);
    if (!name) continue;
    // A new name creates the repository label, under the same limits.
    const limit = repo.labels.some((l) => l.name.toLowerCase() === name.toLowerCase())
      ? null
      : labelTooLong(name, null);
    if (limit) return limit;
  }
  for (const item of raw) {
    const name = typeof item === "string" ? item : str(record(item).name);
    if (!name) continue;
    const label = ctx.state.ensureLabel(repo, name);
    if (!pr.labels.some((l) => l.toLowerCase() === label.name.toLowerCase())) pr.labels.push(label.name);
  }
  return { status: 200, body: pr.labels.map((l) => labelJson(ctx, repo, l)) };
}

function removeLabel(ctx: RestContext, repo: StandinRepo, pr: StandinPullRequest): Reply {
  const name = (ctx.params.name ?? "").toLowerCase();
  const index = pr.labels.findIndex((l) => l.toLowerCase() === name);
  if (index < 0) return notFound("Label does not exist");
  pr.labels.splice(index, 1);
  return { status: 200, body: pr.labels.map((l) => labelJson(ctx, repo, l)) };
}

export function commentJson(
  ctx: RestContext,
  repo: StandinRepo,
  pr: StandinPullRequest,
  c: StandinPullRequest["comments"][number],
) {
  const api = `${ctx.baseUrl}/repos/${repo.owner}/${repo.name}`;
  return {
    id: c.id,
    node_id: c.nodeId,
    url: `${api}/issues/comments/${c.id}`,
    html_url: `${ctx.state.webUrl}/${repo.owner}/${repo.name}/pull/${pr.number}#issuecomment-${c.id}`,
    issue_url: `${api}/issues/${pr.number}`,
    body: c.body,
    user: c.authorLogin === null ? GHOST : accountJson(ctx, c.authorLogin, c.viaApp ? "Bot" : undefined),
    created_at: c.createdAt,
    updated_at: c.lastEditedAt ?? c.createdAt,
    performed_via_github_app: c.viaApp ? { slug: ctx.state.appSlug } : null,
  };
}

function createComment(ctx: RestContext, repo: StandinRepo, pr: StandinPullRequest): Reply {
  const body = str(record(ctx.body).body);
  if (body === null) return invalid('Invalid request.\n\n"body" wasn\'t supplied.');
  const limit = commentTooLong(body);
  if (limit) return limit;
  const comment = ctx.state.addComment(pr, { body, authorLogin: `${ctx.state.appSlug}[bot]`, viaApp: true });
  return { status: 201, body: commentJson(ctx, repo, pr, comment) };
}

function updateComment(ctx: RestContext, repo: StandinRepo): Reply {
  const found = ctx.state.findComment(repo.owner, repo.name, Number(ctx.params.id));
  if (!found) return notFound();
  const body = str(record(ctx.body).body);
  if (body === null) return invalid('Invalid request.\n\n"body" wasn\'t supplied.');
  const limit = commentTooLong(body);
  if (limit) return limit;
  // Every token the stand-in issues is the app's: its edits are the app bot's.
  ctx.state.editComment(found.comment, body, `${ctx.state.appSlug}[bot]`);
  return { status: 200, body: commentJson(ctx, repo, found.pr, found.comment) };
}

function deleteComment(ctx: RestContext, repo: StandinRepo): Reply {
  const found = ctx.state.findComment(repo.owner, repo.name, Number(ctx.params.id));
  if (!found) return notFound();
  found.pr.comments.splice(found.pr.comments.indexOf(found.comment), 1);
  return { status: 204 };
}

const REACTIONS = ["+1", "-1", "laugh", "confused", "heart", "hooray", "rocket", "eyes"];

function addReaction(ctx: RestContext, repo: StandinRepo): Reply {
  const found = ctx.state.findComment(repo.owner, repo.name, Number(ctx.params.id));
  if (!found) return notFound();
  const content = str(record(ctx.body).content);
  if (!content || !REACTIONS.includes(content))
    return invalid("Validation Failed", [{ resource: "Reaction", code: "invalid", field: "content" }]);
  const existed = found.comment.reactions.includes(content);
  if (!existed) found.comment.reactions.push(content);
  const body = {
    id: labelId(`${found.comment.id}:${content}`),
    content,
    user: { login: `${ctx.state.appSlug}[bot]`, type: "Bot" },
  };
  return { status: existed ? 200 : 201, body };
}

export function checkRunJson(ctx: RestContext, run: StandinCheckRun) {
  return {
    id: run.id,
    node_id: checkRunNodeId(run),
    head_sha: run.headSha,
    name: run.name,
    status: run.status,
    conclusion: run.conclusion,
    details_url: run.detailsUrl,
    external_id: run.externalId,
    url: `${ctx.baseUrl}/repos/${run.owner}/${run.repo}/check-runs/${run.id}`,
    output: { title: run.title, summary: run.summary, text: run.text, annotations_count: run.annotations.length },
    actions: run.actions,
    app: { id: run.appId, slug: ctx.state.appSlug },
  };
}

/** Applies the fields of a create or update body to a check run; an error reply if invalid. */
function applyCheckBody(run: StandinCheckRun, body: Record<string, unknown>): Reply | null {
  const output = body.output === undefined ? undefined : record(body.output);
  const annotations = output?.annotations;
  if (annotations !== undefined && !Array.isArray(annotations))
    return invalid("Invalid request.\n\nFor 'properties/annotations', is not an array.");
  if (Array.isArray(annotations) && annotations.length > MAX_ANNOTATIONS_PER_REQUEST) {
    const message = "Invalid request.\n\nOnly 50 annotations are allowed per request.";
    return beyondLimit(invalid(message), message);
  }
  if (output && (typeof output.title !== "string" || typeof output.summary !== "string")) {
    return invalid('Invalid request.\n\n"title" and "summary" are required in output.');
  }
  for (const field of ["summary", "text"] as const) {
    const value = output?.[field];
    if (typeof value === "string" && characters(value) > LIMITS.checkOutputText) {
      const message = `Invalid request.\n\nFor 'output/${field}', the value is too long (maximum is ${LIMITS.checkOutputText} characters).`;
      return beyondLimit(
        invalid(message, [{ resource: "CheckRun", code: "too_long", field: `output/${field}` }]),
        message,
      );
    }
  }
  const actions = body.actions;
  if (actions !== undefined && !validActions(actions)) {
    const message =
      "Invalid request.\n\nAt most 3 actions, each with a label (20 characters), description (40) and identifier (20).";
    return beyondLimit(invalid(message), message);
  }
  const status = str(body.status) ?? (body.conclusion ? "completed" : undefined);
  const conclusion = str(body.conclusion);
  if (status === "completed" && !conclusion && !run.conclusion)
    return invalid('Invalid request.\n\n"conclusion" is required when status is completed.');
  if (status) run.status = status;
  if (conclusion) run.conclusion = conclusion;
  if (typeof body.name === "string") run.name = body.name;
  if (typeof body.details_url === "string") run.detailsUrl = body.details_url;
  if (typeof body.external_id === "string") run.externalId = body.external_id;
  if (Array.isArray(actions))
    run.actions = actions.map((a: StandinCheckAction) => ({
      label: a.label,
      description: a.description,
      identifier: a.identifier,
    }));
  if (output) {
    run.title = str(output.title);
    run.summary = str(output.summary);
    if (output.text !== undefined) run.text = str(output.text);
    // GitHub appends annotations across updates rather than replacing them.
    if (Array.isArray(annotations)) run.annotations.push(...(annotations as StandinAnnotation[]));
  }
  return null;
}

function validActions(actions: unknown): actions is StandinCheckAction[] {
  const within = (value: unknown, max: number) =>
    typeof value === "string" && value.length > 0 && characters(value) <= max;
  return (
    Array.isArray(actions) &&
    actions.length <= LIMITS.actions &&
    actions.every(
      (a) =>
        within(record(a).label, LIMITS.actionLabel) &&
        within(record(a).description, LIMITS.actionDescription) &&
        within(record(a).identifier, LIMITS.actionIdentifier),
    )
  );
}

function createCheckRun(ctx: RestContext, repo: StandinRepo): Reply {
  const body = record(ctx.body);
  const name = str(body.name);
  const headSha = str(body.head_sha);
  if (!name || !headSha) return invalid('Invalid request.\n\n"name" and "head_sha" are required.');
  const draft: StandinCheckRun = {
    id: 0,
    owner: repo.owner,
    repo: repo.name,
    headSha,
    name,
    appId: ctx.appId,
    status: "queued",
    conclusion: null,
    title: null,
    summary: null,
    text: null,
    annotations: [],
    detailsUrl: null,
    externalId: null,
    actions: [],
  };
  const error = applyCheckBody(draft, body);
  if (error) return error;
  const { id: _draftId, ...fields } = draft;
  const run = ctx.state.addCheckRun(fields);
  return { status: 201, body: checkRunJson(ctx, run) };
}

function updateCheckRun(ctx: RestContext, repo: StandinRepo): Reply {
  const run = ctx.state.checkRunsOf(repo.owner, repo.name).find((r) => r.id === Number(ctx.params.id));
  if (!run) return notFound();
  const copy = { ...run, annotations: [...run.annotations], actions: [...run.actions] };
  const error = applyCheckBody(copy, record(ctx.body));
  if (error) return error;
  Object.assign(run, copy);
  return { status: 200, body: checkRunJson(ctx, run) };
}

/** The account GitHub shows in place of a deleted one. */
export const GHOST = {
  login: "ghost",
  id: 10137,
  node_id: "MDQ6VXNlcjEwMTM3",
  type: "User",
  site_admin: false,
  html_url: "https://github.com/ghost",
};

/** A REST account ("simple user"); bots' logins end in "[bot]". */
export function accountJson(ctx: RestContext, login: string, type?: string) {
  const user = ctx.state.user(login);
  return {
    login: user?.login ?? login,
    id: accountId(login),
    type: type ?? user?.type ?? (login.endsWith("[bot]") ? "Bot" : "User"),
    site_admin: false,
    html_url: `${ctx.state.webUrl}/${login}`,
  };
}

/** A stable id per login, above 2^31 like real ones are now. */
const accountId = (login: string): number => 2_147_483_648 + labelId(login.toLowerCase());

function repoJson(ctx: RestContext, owner: string, name: string) {
  const known = ctx.state.repo(owner, name);
  return {
    name: known?.name ?? name,
    full_name: `${known?.owner ?? owner}/${known?.name ?? name}`,
    owner: { login: known?.owner ?? owner },
    fork: !known,
    url: `${ctx.baseUrl}/repos/${owner}/${name}`,
    html_url: `${ctx.state.webUrl}/${owner}/${name}`,
  };
}

export function pullJson(ctx: RestContext, repo: StandinRepo, pr: StandinPullRequest) {
  const head = pr.headRepo ?? { owner: repo.owner, name: repo.name };
  return {
    url: `${ctx.baseUrl}/repos/${repo.owner}/${repo.name}/pulls/${pr.number}`,
    number: pr.number,
    title: pr.title,
    state: pr.state === "open" ? "open" : "closed",
    merged: pr.state === "merged",
    draft: pr.draft,
    user: pr.authorLogin === null ? GHOST : accountJson(ctx, pr.authorLogin),
    labels: pr.labels.map((l) => labelJson(ctx, repo, l)),
    head: {
      sha: pr.headSha,
      ref: pr.headRef,
      label: `${head.owner}:${pr.headRef}`,
      repo: repoJson(ctx, head.owner, head.name),
    },
    base: { ref: repo.defaultBranch, repo: repoJson(ctx, repo.owner, repo.name) },
    requested_reviewers: pr.requestedReviewers.users.map((login) => ({ login })),
    requested_teams: pr.requestedReviewers.teams.map((slug) => ({ slug })),
  };
}

function requestReviewers(ctx: RestContext, repo: StandinRepo, pr: StandinPullRequest): Reply {
  const body = record(ctx.body);
  const users = (Array.isArray(body.reviewers) ? body.reviewers : []).filter((u): u is string => typeof u === "string");
  const teams = (Array.isArray(body.team_reviewers) ? body.team_reviewers : []).filter(
    (t): t is string => typeof t === "string",
  );
  if (pr.authorLogin && users.some((u) => u.toLowerCase() === pr.authorLogin?.toLowerCase())) {
    return invalid("Review cannot be requested from pull request author.");
  }
  const add = (into: string[], items: string[]) => {
    for (const item of items) if (!into.some((x) => x.toLowerCase() === item.toLowerCase())) into.push(item);
  };
  add(pr.requestedReviewers.users, users);
  add(pr.requestedReviewers.teams, teams);
  return { status: 201, body: pullJson(ctx, repo, pr) };
}

/**
 * One page (`per_page`, `page`) of a list and the Link header GitHub sends with it (prev, next,
 * last, first), addressed at `path` with the request's other query parameters.
 */
function pageOf<T>(ctx: RestContext, path: string, all: T[]): { items: T[]; headers: Record<string, string> } {
  const perPage = Math.min(100, Math.max(1, Number(ctx.query.get("per_page") ?? 30) || 30));
  const page = Math.max(1, Number(ctx.query.get("page") ?? 1) || 1);
  const last = Math.max(1, Math.ceil(all.length / perPage));
  const link = (p: number, rel: string) => {
    const q = new URLSearchParams(ctx.query);
    q.set("page", String(p));
    q.set("per_page", String(perPage));
    return `<${ctx.baseUrl}${path}?${q.toString()}>; rel="${rel}"`;
  };
  const links: string[] = [];
  if (page > 1) links.push(link(page - 1, "prev"));
  if (page < last) links.push(link(page + 1, "next"), link(last, "last"));
  if (page > 1) links.push(link(1, "first"));
  return {
    items: all.slice((page - 1) * perPage, page * perPage),
    headers: links.length ? { link: links.join(", ") } : {},
  };
}

function listPulls(ctx: RestContext, repo: StandinRepo): Reply {
  const state = ctx.query.get("state") ?? "open";
  const all = ctx.state
    .pullRequestsOf(repo.owner, repo.name)
    .filter((pr) => state === "all" || (state === "open" ? pr.state === "open" : pr.state !== "open"));
  const { items, headers } = pageOf(ctx, `/repos/${repo.owner}/${repo.name}/pulls`, all);
  return { status: 200, body: items.map((pr) => pullJson(ctx, repo, pr)), headers };
}

/**
 * The repositories the installation can reach (the stand-in has one installation, on every
 * repository): `{ total_count, repositories }`, paged with a Link header like every list.
 */
function listInstallationRepos(ctx: RestContext): Reply {
  const all = [...ctx.state.repos.values()];
  const { items, headers } = pageOf(ctx, "/installation/repositories", all);
  const repositories = items.map((repo) => installedRepoJson(ctx, repo));
  return { status: 200, body: { total_count: all.length, repository_selection: "all", repositories }, headers };
}

function installedRepoJson(ctx: RestContext, repo: StandinRepo) {
  const fullName = `${repo.owner}/${repo.name}`;
  return {
    name: repo.name,
    full_name: fullName,
    owner: { login: repo.owner },
    private: false,
    archived: repo.archived,
    default_branch: repo.defaultBranch,
    url: `${ctx.baseUrl}/repos/${fullName}`,
    html_url: `${ctx.state.webUrl}/${fullName}`,
  };
}

function getRepo(ctx: RestContext, repo: StandinRepo): Reply {
  return { status: 200, body: installedRepoJson(ctx, repo) };
}

/** REST's coarse `permission` for each role (maintain reads as write, triage as read). */
const PERMISSION: Record<StandinRole | "none", string> = {
  admin: "admin",
  maintain: "write",
  write: "write",
  triage: "read",
  read: "read",
  none: "none",
};

function permission(ctx: RestContext, repo: StandinRepo): Reply {
  const login = ctx.params.user ?? "";
  const role = repo.roles.get(login.toLowerCase());
  if (!role && !ctx.state.user(login)) return notFound(`${login} is not a user`);
  const roleName = role ?? "none";
  return {
    status: 200,
    body: {
      permission: PERMISSION[roleName],
      role_name: roleName,
      user: { login: ctx.state.user(login)?.login ?? login },
    },
  };
}

function teamMembership(ctx: RestContext): Reply {
  const { org = "", slug = "", user = "" } = ctx.params;
  if (!ctx.state.isTeamMember(org, slug, user)) return notFound();
  return {
    status: 200,
    body: {
      url: `${ctx.baseUrl}/organizations/${key(org)}/team/${slug}/memberships/${user}`,
      role: "member",
      state: "active",
    },
  };
}
