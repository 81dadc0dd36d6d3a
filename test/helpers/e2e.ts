// End-to-end helpers: the REAL Probot HTTP server (the one `npm start` runs) pointed at the
// GitHub stand-in, signed webhook deliveries over HTTP, and real captured webhook payloads.
import { afterAll, beforeAll, beforeEach } from "@jest/globals";
import { createHash } from "node:crypto";
import { request as httpRequest } from "node:http";
import { createRequire } from "node:module";
import { freePort, generatePrivateKey, loopbackOctokit, signWebhook } from "../../src/standin/loopback.js";
import { Writable } from "node:stream";
import { Probot, ProbotOctokit, Server } from "probot";
import { createRedactedLogger } from "../../src/observability/redact.js";
import { createApp, type AppOptions } from "../../src/app.js";
import { MemoryQueue } from "../../src/queue/memory.js";
import type { WorkQueue } from "../../src/queue/types.js";
import { startGitHubStandin, type GitHubStandin } from "../../src/standin/github-standin.js";
import { recordFigures } from "./figures.js";
import { assertWebhookPayload } from "./webhook-schemas.js";

export const WEBHOOK_SECRET = "e2e-webhook-secret";
export const INSTALLATION_ID = 4242;

export { signWebhook };

export interface RunningApp {
  /** e.g. "http://127.0.0.1:41235" */
  url: string;
  /** Every log line the app wrote, parsed. */
  logs: Record<string, unknown>[];
  /** Every log line as written, unparsed: for scanning for what must never be logged. */
  rawLogs: string[];
  /** The secret the app signs its record with (its private key), for tests that verify records as the CLI does. */
  stateSecret: string;
  /** Resolves once the app's job queue has no job waiting or running: the work of every delivery so far is done. */
  idle(): Promise<void>;
  stop(): Promise<void>;
}

export interface StartOptions extends Pick<AppOptions, "requestTimeoutMs" | "writes" | "workers"> {
  /**
   * Default: a fresh in-memory queue (never the REDIS_URL default) with one try per job, so a
   * failure waits for a redelivery as GitHub's would; closed by `stop()`.
   */
  queue?: WorkQueue;
  /** Probot's own REDIS_URL setting: its throttling then coordinates through Redis. */
  redisConfig?: string;
  /** Octokit's retries on, as in production (quickly: 10 ms, 40 ms, 90 ms apart). Default off. */
  retries?: boolean;
  /** Default E2E_LOG_LEVEL, else "info". */
  logLevel?: string;
  /**
   * Let the app look its bot login up with GET /app, as in production (once per process). Default:
   * the login is given, so request counts per event do not include that one-time lookup.
   */
  lookUpBotLogin?: boolean;
  /** The API base Probot is given. Default the stand-in's URL; `${standin.url}/api/v3` as on GitHub Enterprise Server. */
  baseUrl?: string;
}

/** Each call happens once: no retries, and no write throttle (see loopbackOctokit). */
const UNTHROTTLED = loopbackOctokit({ retries: false });

/** Throttling off, but Octokit's retry plugin on as in production, with short pauses. */
const RETRYING = ProbotOctokit.defaults((options: Record<string, unknown>) => ({
  ...options,
  retry: { ...(options.retry as object), enabled: true, retryAfterBaseValue: 10 },
  throttle: { ...(options.throttle as object), enabled: false },
}));

/**
 * Starts the app as `probot run` does — a Probot Server with the app loaded — but with options
 * passed in rather than read from the environment and `.env`: a fresh RSA key, the webhook
 * secret, and the stand-in as GitHub.
 */
/** One private key per stand-in: replicas of one app share it, and so the key its records are signed with. */
const appKeys = new WeakMap<GitHubStandin, string>();

export async function startApp(standin: GitHubStandin, options: StartOptions = {}): Promise<RunningApp> {
  const privateKey = appKeys.get(standin) ?? generatePrivateKey();
  appKeys.set(standin, privateKey);
  const logs: Record<string, unknown>[] = [];
  const rawLogs: string[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      for (const line of String(chunk).split("\n")) {
        if (!line.trim()) continue;
        rawLogs.push(line);
        logs.push(JSON.parse(line) as Record<string, unknown>);
      }
      done();
    },
  });
  const queue = options.queue ?? new MemoryQueue({ attempts: 1 });
  const server = new Server({
    Probot: Probot.defaults({
      appId: standin.appId,
      privateKey,
      secret: WEBHOOK_SECRET,
      baseUrl: options.baseUrl ?? standin.url,
      Octokit: options.retries ? RETRYING : UNTHROTTLED,
      ...(options.redisConfig ? { redisConfig: options.redisConfig } : {}),
    }),
    host: "127.0.0.1",
    port: await freePort(),
    // The logger `npm start` uses: the redacting one.
    log: createRedactedLogger({ level: options.logLevel ?? process.env.E2E_LOG_LEVEL ?? "info" }, stream),
  });
  await server.load(
    createApp({
      appId: standin.appId,
      now: () => new Date("2026-11-30T12:00:00Z"),
      queue,
      // The app signs its record with a key derived from its private key, as in production.
      stateSecret: privateKey,
      ...(options.lookUpBotLogin ? {} : { botLogin: standin.state.appSlug }),
      ...(options.writes ? { writes: options.writes } : {}),
      ...(options.workers !== undefined ? { workers: options.workers } : {}),
      ...(options.requestTimeoutMs !== undefined ? { requestTimeoutMs: options.requestTimeoutMs } : {}),
    }),
  );
  await server.start();
  return {
    url: `http://127.0.0.1:${server.port}`,
    logs,
    rawLogs,
    stateSecret: privateKey,
    idle: () => queue.idle(),
    stop: async () => {
      await server.stop();
      await queue.close();
    },
  };
}

export interface Delivery {
  event: string;
  payload: unknown;
  /** Default: a fresh id per delivery. */
  id?: string;
  /** Default: the right signature. A string sends that header value; null sends none. */
  signature?: string | null;
  /** Default true: resolve once the app's queue has drained (the delivery's work is done), not at the HTTP answer. */
  settle?: boolean;
  /**
   * Default true: the payload must fit GitHub's published webhook schema for its event and action
   * (@octokit/webhooks-schemas), or the delivery throws. False only for payloads that are wrong on purpose.
   */
  checkPayload?: boolean;
}

let deliveries = 0;
const sentIds = new Set<string>();

/** POSTs a webhook to the app as GitHub does; resolves with the HTTP status and body. */
export async function deliver(app: RunningApp, delivery: Delivery): Promise<{ status: number; body: string }> {
  if (delivery.checkPayload !== false) assertWebhookPayload(delivery.event, delivery.payload);
  const raw = JSON.stringify(delivery.payload);
  const id = delivery.id ?? `e2e-${process.pid}-${++deliveries}`;
  recordFigures({ deliveries: 1, duplicateDeliveries: sentIds.has(id) ? 1 : 0 });
  sentIds.add(id);
  const headers: Record<string, string> = {
    "content-type": "application/json",
    "user-agent": "GitHub-Hookshot/e2e",
    "x-github-event": delivery.event,
    "x-github-delivery": id,
    "x-github-hook-installation-target-type": "integration",
  };
  const signature = delivery.signature === undefined ? signWebhook(WEBHOOK_SECRET, raw) : delivery.signature;
  if (signature !== null) headers["x-hub-signature-256"] = signature;
  const answer = await postOnNewConnection(`${app.url}/api/github/webhooks`, headers, raw);
  if (delivery.settle ?? true) await app.idle();
  return answer;
}

/**
 * POSTs on a connection of its own, as GitHub's deliveries arrive. Checking a payload first can
 * compile a webhook schema for seconds; a pooled keep-alive connection left idle meanwhile is
 * closed by the server's keep-alive timer just as the request is written on it (ECONNRESET).
 */
function postOnNewConnection(
  url: string,
  headers: Record<string, string>,
  body: string,
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      url,
      { method: "POST", agent: false, headers: { ...headers, "content-length": String(Buffer.byteLength(body)) } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (chunk: Buffer) => chunks.push(chunk));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString("utf8") }));
        res.on("error", reject);
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}

type Example = { name: string; examples: Record<string, unknown>[] };
const examples = createRequire(import.meta.url)("@octokit/webhooks-examples/api.github.com/index.json") as Example[];

export interface PullRequestTarget {
  owner: string;
  repo: string;
  number: number;
  headSha: string;
  author: string;
  defaultBranch: string;
  action?: string;
}

/**
 * A real captured `pull_request` payload (from @octokit/webhooks-examples), pointed at our
 * installation and at the pull request seeded in the stand-in.
 */
export function pullRequestPayload(target: PullRequestTarget): Record<string, unknown> {
  const action = target.action ?? "opened";
  const example = examples
    .find((e) => e.name === "pull_request")
    ?.examples.find((e) => e.action === action && e.installation);
  if (!example) throw new Error(`no pull_request.${action} example with an installation`);
  const payload = structuredClone(example) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
  payload.installation = { id: INSTALLATION_ID, node_id: "MDIzOkludGVncmF0aW9uSW5zdGFsbGF0aW9uNDI0Mg==" };
  payload.number = target.number;
  const repository = payload.repository;
  repository.name = target.repo;
  repository.full_name = `${target.owner}/${target.repo}`;
  repository.owner.login = target.owner;
  repository.default_branch = target.defaultBranch;
  const pr = payload.pull_request;
  pr.number = target.number;
  pr.user.login = target.author;
  pr.head.sha = target.headSha;
  pr.base.repo = repository;
  return payload;
}

/**
 * A pull_request payload with another action, with the fields GitHub sends for that action (an
 * `edited` carries `changes`, a `synchronize` the `before` and `after` shas), as the published
 * webhook schemas require.
 */
export function withAction(payload: Record<string, unknown>, action: string): Record<string, unknown> {
  const { changes: _changes, before: _before, after: _after, ...rest } = payload;
  const out: Record<string, unknown> = { ...rest, action };
  if (action === "edited") out.changes = {};
  if (action === "synchronize") {
    const head = (payload.pull_request as { head?: { sha?: string } } | undefined)?.head?.sha ?? "0".repeat(40);
    out.before = createHash("sha1").update(`before ${head}`).digest("hex");
    out.after = head;
  }
  return out;
}

/** Polls until `check` passes (returns without throwing), or rethrows its last error after `timeoutMs`. */
export async function eventually<T>(check: () => T, timeoutMs = 5000, intervalMs = 20): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return check();
    } catch (error) {
      if (Date.now() >= deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, intervalMs));
    }
  }
}

/**
 * For a test file: one stand-in and one app for all its tests, fresh stand-in state and an empty
 * log before each test, both stopped at the end. `use` receives them once they run.
 */
export function useStandinAndApp(
  use: (standin: GitHubStandin, app: RunningApp) => void,
  options: StartOptions = {},
): void {
  let standin: GitHubStandin | undefined;
  let app: RunningApp | undefined;
  beforeAll(async () => {
    standin = await startGitHubStandin({ appId: 123 });
    app = await startApp(standin, options);
    use(standin, app);
  });
  afterAll(async () => {
    await app?.stop();
    await standin?.close();
  });
  beforeEach(() => {
    standin?.reset();
    if (app) app.logs.length = 0;
  });
}
