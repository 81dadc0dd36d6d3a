// End-to-end helpers: the REAL Probot HTTP server (the one `npm start` runs) pointed at the
// GitHub stand-in, signed webhook deliveries over HTTP, and real captured webhook payloads.
import { afterAll, beforeAll, beforeEach } from "@jest/globals";
import { createRequire } from "node:module";
import { freePort, generatePrivateKey, loopbackOctokit, signWebhook } from "../../src/standin/loopback.js";
import { Writable } from "node:stream";
import { pino } from "pino";
import { Probot, ProbotOctokit, Server } from "probot";
import { createApp, type AppOptions } from "../../src/app.js";
import type { Coordinator } from "../../src/coordination/coordinator.js";
import { MemoryCoordinator } from "../../src/coordination/memory.js";
import { startGitHubStandin, type GitHubStandin } from "../../src/standin/github-standin.js";
import { recordFigures } from "./figures.js";

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
  coordinator: Coordinator;
  /** The secret the app signs its record with (its private key), for tests that verify records as the CLI does. */
  stateSecret: string;
  stop(): Promise<void>;
}

export interface StartOptions extends Pick<AppOptions, "requestTimeoutMs" | "writes" | "paceMs"> {
  /** Default: a fresh in-memory one (never the REDIS_URL default), closed by `stop()`. */
  coordinator?: Coordinator;
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
  const coordinator = options.coordinator ?? new MemoryCoordinator();
  const server = new Server({
    Probot: Probot.defaults({
      appId: standin.appId,
      privateKey,
      secret: WEBHOOK_SECRET,
      baseUrl: standin.url,
      Octokit: options.retries ? RETRYING : UNTHROTTLED,
      ...(options.redisConfig ? { redisConfig: options.redisConfig } : {}),
    }),
    host: "127.0.0.1",
    port: await freePort(),
    log: pino({ level: options.logLevel ?? process.env.E2E_LOG_LEVEL ?? "info" }, stream),
  });
  await server.load(
    createApp({
      appId: standin.appId,
      now: () => new Date("2026-11-30T12:00:00Z"),
      coordinator,
      // The app signs its record with a key derived from its private key, as in production.
      stateSecret: privateKey,
      ...(options.lookUpBotLogin ? {} : { botLogin: standin.state.appSlug }),
      ...(options.writes ? { writes: options.writes } : {}),
      ...(options.paceMs !== undefined ? { paceMs: options.paceMs } : {}),
      ...(options.requestTimeoutMs !== undefined ? { requestTimeoutMs: options.requestTimeoutMs } : {}),
    }),
  );
  await server.start();
  return {
    url: `http://127.0.0.1:${server.port}`,
    logs,
    rawLogs,
    coordinator,
    stateSecret: privateKey,
    stop: async () => {
      await server.stop();
      await coordinator.close();
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
}

let deliveries = 0;
const sentIds = new Set<string>();

/** POSTs a webhook to the app as GitHub does; resolves with the HTTP status and body. */
export async function deliver(app: RunningApp, delivery: Delivery): Promise<{ status: number; body: string }> {
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
  const response = await fetch(`${app.url}/api/github/webhooks`, { method: "POST", headers, body: raw });
  return { status: response.status, body: await response.text() };
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
