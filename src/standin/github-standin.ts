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
// It answers the REST routes in rest.ts and the app's GraphQL operations in graphql.ts; anything
// else is a 404 ({message: "Not Found"}), logged like every request in `standin.requests`.
// Authentication is checked as GitHub would: /app/* routes need a JWT whose `iss` is the app id,
// everything else an installation token it issued ("ghs_standin_<installation id>").
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { answerGraphql, operationNameOf } from "./graphql.js";
import { isMutation } from "./graphql-mutations.js";
import { notFound, routeRest, type Reply } from "./rest.js";
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
}

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
  /** Forgets all state, the request log and pending faults. */
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
  const appId = options.appId ?? 123;
  const state = new StandinState(options.appSlug ?? "ethics-policy");
  const requests: StandinRequest[] = [];
  const faults: FaultRule[] = [];
  const holds: HoldRule[] = [];
  const releases: (() => void)[] = [];
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
    try {
      body = raw.length ? JSON.parse(raw) : undefined;
    } catch {
      reply = { status: 400, body: { message: "Problems parsing JSON" } };
    }
    const isGraphql = method === "POST" && parsed.pathname === "/graphql";
    const query =
      isGraphql && typeof (body as { query?: unknown })?.query === "string" ? (body as { query: string }).query : "";
    const operationName = isGraphql ? operationNameOf(query) : undefined;
    const entry: StandinRequest = { method, path, status: 0 };
    if (operationName) entry.operationName = operationName;
    if (isGraphql && isMutation(query)) entry.mutation = true;
    const variables = isGraphql ? ((body as { variables?: Record<string, unknown> })?.variables ?? {}) : undefined;
    if (isGraphql) entry.body = variables;
    else if (body !== undefined) entry.body = body;

    const held = reply ? undefined : holds.find(({ match }) => matches(match, method, path, operationName));
    if (held) {
      holds.splice(holds.indexOf(held), 1);
      held.arrived();
      await held.released;
    }
    const fault = reply ? null : takeFault(method, path, operationName);
    if (fault) entry.injected = true;
    // A fault with a status answers instead of the route, unless it strikes after the route's work.
    if (fault?.status !== undefined && !fault.afterApplying) reply = { ...fault, status: fault.status };
    reply ??= authenticate(parsed.pathname, req.headers.authorization);
    if (!reply && isGraphql) {
      const answer = answerGraphql(state, operationName, variables ?? {}, { query, appId, baseUrl: url });
      reply = { status: 200, body: answer };
    }
    reply ??=
      routeRest(method, parsed.pathname, { state, query: parsed.searchParams, body, appId, baseUrl: url }) ??
      notFound();
    if (fault?.status !== undefined && fault.afterApplying) reply = { ...fault, status: fault.status };
    entry.status = fault?.destroy ? 0 : reply.status;
    requests.push(entry);
    if (fault?.delayMs) await new Promise((resolve) => setTimeout(resolve, fault.delayMs).unref());
    // A connection reset: the client sees the socket close with no answer.
    if (fault?.destroy) req.socket.destroy();
    else send(res, reply);
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
    reset() {
      state.reset();
      requests.length = 0;
      faults.length = 0;
      holds.length = 0;
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
