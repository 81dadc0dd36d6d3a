// A stateful stand-in for the GitHub API on loopback, for end-to-end tests, the benchmark and the
// offline demo: point Probot's `baseUrl` at `standin.url` and the app talks to it as to GitHub.
//
//   const standin = await startGitHubStandin();            // http://127.0.0.1:<random port>
//   standin.addRepo({ owner: "o", name: "r", files: { ".github/ethics-policy.yml": yaml } });
//   standin.addUser({ login: "alice", company: "Palantir Technologies" });
//   standin.addPullRequest({ owner: "o", repo: "r", number: 1, author: "alice" });
//   ... deliver a webhook to the app ...
//   standin.pullRequest("o", "r", 1).labels;  standin.checkRuns("o", "r");  standin.writes();
//   await standin.close();
//
// Every request is first checked against what GitHub publishes: GraphQL documents are parsed,
// validated and executed against GitHub's GraphQL schema (graphql.ts), REST requests matched to an
// operation of GitHub's REST description and their parameters and bodies validated (rest-validation.ts),
// and both held to the limits GitHub documents in prose (rest.ts LIMITS) and to a secondary rate
// limit on content creation. What GitHub would refuse is answered as GitHub answers it, logged in
// `standin.requests` (`invalid`), and counted for the end-of-test figures (checked.ts). The REST
// routes the stand-in serves are in rest.ts; a valid operation it does not serve is a 404.
// Authentication is checked as GitHub would: /app/* routes need a JWT whose `iss` is the app id,
// everything else an installation token it issued ("ghs_standin_<installation id>").
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { countCheck } from "./checked.js";
import { checkGraphql, type GraphqlCheck } from "./graphql.js";
import { notFound, routeRest, routeSamples, type Reply } from "./rest.js";
import { checkRestRequest, loadRestOperations } from "./rest-validation.js";
import { githubGraphqlSchema } from "./published-schemas.js";
import { StandinState } from "./state.js";
import type {
  CheckRunSeed,
  FaultMatch,
  FaultReply,
  PullRequestSeed,
  RepoSeed,
  StandinCheckRun,
  StandinPullRequest,
  StandinRepo,
  StandinRequest,
  StandinRole,
  StandinUser,
  UserSeed,
} from "./types.js";

export type * from "./types.js";
export { blobOid } from "./state.js";

export interface StandinOptions {
  /** Default 0: a free port. */
  port?: number;
  /** The GitHub App the stand-in serves: its JWTs' `iss`, and the app id of the check runs it creates. Default 123. */
  appId?: number;
  /** The app's slug: its comments are by "<slug>[bot]". Default "ethics-policy". */
  appSlug?: string;
  /**
   * The web address the API's `url`/`html_url` fields start with. Default "https://github.com";
   * a GitHub Enterprise Server's, e.g. "https://ghes.example.test", to stand in for one.
   */
  webUrl?: string;
  /**
   * GitHub's secondary rate limit on content creation: more than `requests` content-creating
   * requests (REST POST/PATCH/PUT/DELETE, GraphQL mutations) within `windowMs` are answered 403
   * with `retry-after: retryAfterSeconds`. GitHub documents 80 a minute; the default, 500 a
   * minute, leaves ordinary tests alone. `false` turns it off. `exceedSecondaryRateLimit()`
   * triggers it deterministically.
   */
  secondaryRateLimit?: SecondaryRateLimit | false;
  /**
   * This stand-in is sent invalid requests on purpose (tests of its validation): they are not
   * counted as invalid requests of the app, which otherwise fail `npm test`.
   */
  expectInvalidRequests?: boolean;
}

export interface SecondaryRateLimit {
  requests: number;
  windowMs: number;
  /** Default 60. */
  retryAfterSeconds?: number;
}

const DEFAULT_SECONDARY_RATE_LIMIT: SecondaryRateLimit = { requests: 500, windowMs: 60_000, retryAfterSeconds: 60 };

export interface GitHubStandin {
  /** e.g. "http://127.0.0.1:41234": Probot's `baseUrl`. */
  readonly url: string;
  readonly appId: number;
  /** Every request answered, in order. For POST /graphql `body` holds the variables. */
  readonly requests: StandinRequest[];
  /** All state, for inspection or direct edits; the helpers below cover the usual cases. */
  readonly state: StandinState;

  addRepo(seed: RepoSeed): StandinRepo;
  addUser(seed: UserSeed): StandinUser;
  addPullRequest(seed: PullRequestSeed): StandinPullRequest;
  /** Writes a file on the default branch; `null` deletes it. */
  setFile(owner: string, repo: string, path: string, text: string | null): void;
  /** Names the default branch's files as they are now with a commit sha (a push's `before`). */
  commitDefaultBranch(owner: string, repo: string, sha: string): void;
  addTeamMember(org: string, teamSlug: string, login: string): void;
  setRole(owner: string, repo: string, login: string, role: StandinRole | null): void;
  /** A check run made by some app (default: this one), e.g. left by an earlier run. */
  addCheckRun(seed: CheckRunSeed): StandinCheckRun;

  /** The pull request; throws if there is none. */
  pullRequest(owner: string, repo: string, number: number): StandinPullRequest;
  /** Check runs in the repository, oldest first, optionally on one commit only. */
  checkRuns(owner: string, repo: string, headSha?: string): StandinCheckRun[];
  /** Requests that ask to change state: anything but GET, GraphQL queries (reads) and token exchanges; GraphQL mutations count. */
  writes(): StandinRequest[];

  /**
   * The next `times` requests matching `match` (every given field must match; `path` is tested
   * against path and query) get `reply` instead of their route's answer. Rules are tried in the
   * order they were added.
   */
  failNext(match: FaultMatch, reply: FaultReply, times?: number): void;
  /**
   * Holds the next request matching `match` before its route reads or writes anything, until the
   * test calls `release()`: how a race is sequenced without sleeping. `reached` resolves once the
   * request is being held.
   */
  hold(match: FaultMatch): HeldRequest;
  /**
   * The next `times` content-creating requests (REST writes, GraphQL mutations) are refused as
   * GitHub refuses them past its secondary rate limit: 403, `retry-after`, "You have exceeded a
   * secondary rate limit". Nothing is written.
   */
  exceedSecondaryRateLimit(times?: number): void;
  /** Requests GitHub would have refused as invalid (schema or documented limits), in order. */
  invalidRequests(): StandinRequest[];
  /** Forgets all state, the request log, pending faults and the rate limit's window. */
  reset(): void;
  close(): Promise<void>;
}

export interface HeldRequest {
  /** Resolves when a matching request has arrived and is being held. */
  readonly reached: Promise<void>;
  /** Lets the held request (or, if none has arrived yet, the next matching one) go on. */
  release(): void;
}

interface HoldRule {
  match: FaultMatch;
  arrived: () => void;
  released: Promise<void>;
}

interface FaultRule {
  match: FaultMatch;
  reply: FaultReply;
  remaining: number;
}

const TOKEN_PREFIX = "ghs_standin_";

export async function startGitHubStandin(options: StandinOptions = {}): Promise<GitHubStandin> {
  // GitHub's schemas are loaded once per process, here rather than on the first request, so that
  // no request the app times is slowed by it.
  githubGraphqlSchema();
  loadRestOperations(routeSamples());
  const appId = options.appId ?? 123;
  const state = new StandinState(options.appSlug ?? "ethics-policy", options.webUrl);
  const requests: StandinRequest[] = [];
  const faults: FaultRule[] = [];
  const holds: HoldRule[] = [];
  const releases: (() => void)[] = [];
  const rateLimit =
    options.secondaryRateLimit === false ? null : (options.secondaryRateLimit ?? DEFAULT_SECONDARY_RATE_LIMIT);
  const recentWrites: number[] = [];
  let forcedRateLimits = 0;
  const expectInvalid = options.expectInvalidRequests === true;
  let url = "";

  const server: Server = createServer((req, res) => {
    void handle(req, res).catch((error: unknown) => {
      send(res, {
        status: 500,
        body: { message: `stand-in error: ${error instanceof Error ? error.message : String(error)}` },
      });
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const method = (req.method ?? "GET").toUpperCase();
    // GitHub Enterprise Server paths (GHE_HOST): /api/v3/... for REST and /api/graphql.
    const path =
      (req.url ?? "/").replace(/^\/api\/v3(?=\/|$)/, "").replace(/^\/api\/graphql(?=[/?]|$)/, "/graphql") || "/";
    const parsed = new URL(path, "http://standin.invalid");
    const raw = await readBody(req);
    let body: unknown;
    let reply: Reply | null = null;
    let problems: string[] | null = null;
    try {
      body = raw.length ? JSON.parse(raw) : undefined;
    } catch {
      reply = { status: 400, body: { message: "Problems parsing JSON" } };
      problems = ["the body is not JSON"];
    }
    const isGraphql = method === "POST" && parsed.pathname === "/graphql";
    const graphql: GraphqlCheck | null = isGraphql ? checkGraphql(body) : null;
    const entry: StandinRequest = { method, path, status: 0 };
    if (graphql?.operationName) entry.operationName = graphql.operationName;
    if (graphql?.mutation) entry.mutation = true;
    if (isGraphql) entry.body = (body as { variables?: Record<string, unknown> } | undefined)?.variables ?? {};
    else if (body !== undefined) entry.body = body;

    // Checked against GitHub's published schemas and limits before anything else happens.
    if (!reply && graphql?.errors) {
      problems = graphql.errors.map((e) => e.message);
      reply = { status: 200, body: { errors: graphql.errors } };
    } else if (!reply && !isGraphql) {
      const check = checkRestRequest(method, parsed.pathname, parsed.searchParams, body);
      if (!check.operation) {
        problems = [`GitHub's REST API has no operation ${method} ${parsed.pathname}`];
        reply = notFound();
      } else if (check.problems.length) {
        problems = check.problems.map((p) => `${p.field}: ${p.message}`);
        reply = {
          status: 422,
          body: {
            message: `Invalid request.\n\n${check.problems.map((p) => p.message).join("\n")}`,
            errors: check.problems.map(({ field, code }) => ({ field, code })),
            documentation_url: check.operation.documentationUrl ?? "https://docs.github.com/rest",
            status: "422",
          },
        };
      }
    }
    const creates = !reply && createsContent(method, parsed.pathname, graphql);

    const held = reply ? undefined : holds.find(({ match }) => matches(match, method, path, entry.operationName));
    if (held) {
      holds.splice(holds.indexOf(held), 1);
      held.arrived();
      await held.released;
    }
    const fault = reply ? null : takeFault(method, path, entry.operationName);
    if (fault) entry.injected = true;
    // A fault with a status answers instead of the route, unless it strikes after the route's work.
    if (fault?.status !== undefined && !fault.afterApplying) reply = { ...fault, status: fault.status };
    reply ??= authenticate(parsed.pathname, req.headers.authorization);
    if (!reply && creates && overSecondaryRateLimit()) {
      entry.rateLimited = true;
      reply = secondaryRateLimitReply();
    }
    const brokenLimits: string[] = [];
    if (!reply && graphql) reply = { status: 200, body: graphql.run({ state, appId, baseUrl: url, brokenLimits }) };
    reply ??=
      routeRest(method, parsed.pathname, { state, query: parsed.searchParams, body, appId, baseUrl: url }) ??
      notFound();
    // A documented limit the route enforces (comment length, actions...) is an invalid request too.
    if (!problems && reply.brokenLimit) problems = [reply.brokenLimit];
    if (!problems && brokenLimits.length) problems = brokenLimits;
    if (fault?.status !== undefined && fault.afterApplying) reply = { ...fault, status: fault.status };
    entry.status = fault?.destroy ? 0 : reply.status;
    if (problems) entry.invalid = problems;
    countCheck(isGraphql ? "graphql" : "rest", problems && `${method} ${path}: ${problems.join("; ")}`, expectInvalid);
    requests.push(entry);
    if (fault?.delayMs) await new Promise((resolve) => setTimeout(resolve, fault.delayMs).unref());
    // A connection reset: the client sees the socket close with no answer.
    if (fault?.destroy) req.socket.destroy();
    else send(res, reply);
  }

  /** Content creation, as GitHub's secondary rate limit counts it: writes, not token exchanges. */
  function createsContent(method: string, pathname: string, graphql: GraphqlCheck | null): boolean {
    if (graphql) return graphql.mutation;
    return !["GET", "HEAD"].includes(method) && !/^\/app\/installations\/[^/]+\/access_tokens/.test(pathname);
  }

  function overSecondaryRateLimit(): boolean {
    if (forcedRateLimits > 0) {
      forcedRateLimits--;
      return true;
    }
    if (!rateLimit) return false;
    const now = Date.now();
    while (recentWrites.length && (recentWrites[0] ?? 0) <= now - rateLimit.windowMs) recentWrites.shift();
    if (recentWrites.length >= rateLimit.requests) return true;
    recentWrites.push(now);
    return false;
  }

  function secondaryRateLimitReply(): Reply {
    return {
      status: 403,
      headers: { "retry-after": String(rateLimit ? (rateLimit.retryAfterSeconds ?? 60) : 60) },
      body: {
        message:
          "You have exceeded a secondary rate limit. Please wait a few minutes before you try again. If you reach out to GitHub Support for help, please include the request ID STANDIN.",
        documentation_url:
          "https://docs.github.com/rest/using-the-rest-api/rate-limits-for-the-rest-api#about-secondary-rate-limits",
      },
    };
  }

  function takeFault(method: string, path: string, operationName: string | undefined): FaultReply | null {
    const rule = faults.find(({ match }) => matches(match, method, path, operationName));
    if (!rule) return null;
    if (--rule.remaining <= 0) faults.splice(faults.indexOf(rule), 1);
    return { ...rule.reply };
  }

  function authenticate(pathname: string, header: string | undefined): Reply | null {
    const [scheme = "", credential = ""] = (header ?? "").split(/\s+/, 2);
    if (!/^(bearer|token)$/i.test(scheme) || !credential)
      return { status: 401, body: { message: "Requires authentication" } };
    if (pathname === "/app" || pathname.startsWith("/app/")) {
      return jwtIssuer(credential) === String(appId)
        ? null
        : {
            status: 401,
            body: { message: `A JSON web token could not be decoded, or it was not issued by app ${appId}` },
          };
    }
    return credential.startsWith(TOKEN_PREFIX) ? null : { status: 401, body: { message: "Bad credentials" } };
  }

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen({ port: options.port ?? 0, host: "127.0.0.1" }, () => {
      server.off("error", reject);
      resolve();
    });
  });
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const standin: GitHubStandin = {
    url,
    appId,
    requests,
    state,
    addRepo: (seed) => state.addRepo(seed),
    addUser: (seed) => state.addUser(seed),
    addPullRequest: (seed) => state.addPullRequest(seed),
    setFile: (owner, repo, path, text) => state.setFile(owner, repo, path, text),
    commitDefaultBranch: (owner, repo, sha) => state.commitDefaultBranch(owner, repo, sha),
    addTeamMember: (org, slug, login) => state.addTeamMember(org, slug, login),
    setRole(owner, repo, login, role) {
      const found = state.repo(owner, repo);
      if (!found) throw new Error(`stand-in: no repository ${owner}/${repo}; addRepo first`);
      if (role) found.roles.set(login.toLowerCase(), role);
      else found.roles.delete(login.toLowerCase());
    },
    addCheckRun: (seed) => state.addCheckRun({ appId, ...seed }),
    pullRequest(owner, repo, number) {
      const pr = state.pullRequest(owner, repo, number);
      if (!pr) throw new Error(`stand-in: no pull request ${owner}/${repo}#${number}`);
      return pr;
    },
    checkRuns: (owner, repo, headSha) => state.checkRunsOf(owner, repo, headSha),
    writes: () =>
      requests.filter(
        (r) =>
          !["GET", "HEAD"].includes(r.method) &&
          (r.mutation === true || !r.path.startsWith("/graphql")) &&
          !/^\/app\/installations\/[^/]+\/access_tokens/.test(r.path),
      ),
    failNext(match, reply, times = 1) {
      if (times > 0) faults.push({ match, reply, remaining: times });
    },
    hold(match) {
      let arrived!: () => void;
      let release!: () => void;
      const reached = new Promise<void>((resolve) => (arrived = resolve));
      const released = new Promise<void>((resolve) => (release = resolve));
      holds.push({ match, arrived, released });
      releases.push(release);
      return { reached, release };
    },
    exceedSecondaryRateLimit(times = 1) {
      forcedRateLimits += times;
    },
    invalidRequests: () => requests.filter((r) => r.invalid),
    reset() {
      state.reset();
      requests.length = 0;
      faults.length = 0;
      holds.length = 0;
      recentWrites.length = 0;
      forcedRateLimits = 0;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        for (const release of releases) release();
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
  return standin;
}

function matches(match: FaultMatch, method: string, path: string, operationName: string | undefined): boolean {
  return (
    (match.method === undefined || match.method.toUpperCase() === method) &&
    (match.path === undefined || testRegex(match.path, path)) &&
    (match.operationName === undefined || match.operationName === operationName)
  );
}

function testRegex(regex: RegExp, text: string): boolean {
  regex.lastIndex = 0;
  return regex.test(text);
}

/** The `iss` claim of a JWT, without verifying it (the stand-in trusts whoever signs). */
function jwtIssuer(token: string): string | null {
  const payload = token.split(".")[1];
  if (!payload) return null;
  try {
    const claims = JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as { iss?: unknown };
    return typeof claims.iss === "string" || typeof claims.iss === "number" ? String(claims.iss) : null;
  } catch {
    return null;
  }
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

let requestCounter = 0;

function send(res: ServerResponse, reply: Reply): void {
  const headers: Record<string, string> = {
    "x-github-request-id": `STANDIN:${(++requestCounter).toString(16).toUpperCase()}`,
    "x-github-media-type": "github.v3; format=json",
    ...reply.headers,
  };
  if (reply.body === undefined || reply.status === 204) {
    res.writeHead(reply.status, headers).end();
    return;
  }
  const text = typeof reply.body === "string" ? reply.body : JSON.stringify(reply.body);
  res.writeHead(reply.status, { "content-type": "application/json; charset=utf-8", ...headers }).end(text);
}
