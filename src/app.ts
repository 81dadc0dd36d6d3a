// The Probot app: wiring only. Webhooks become jobs (src/queue/intake.ts) that are answered as
// soon as they are stored; workers — in this process by default, or `npm run worker` processes
// sharing Redis — run them (src/queue/run-job.ts). Collaborators (clock, app id, caches, queue)
// are injected so tests can control them without module mocks.
import type { ApplicationFunction, Probot } from "probot";
import { createMetrics, observeApp, type Instrumentation, type Metrics } from "./observability/index.js";
import { redactWebhookError } from "./coordination/deliveries.js";
import { guardProcess } from "./coordination/process-guards.js";
import { CHECK_RUN_EVENTS } from "./handlers/check-run.js";
import { ISSUE_COMMENT_EVENTS } from "./handlers/issue-comment.js";
import { PULL_REQUEST_EVENTS } from "./handlers/pull-request.js";
import { PUSH_EVENTS } from "./handlers/push.js";
import { LRUCache } from "lru-cache";
import { limitWebhookBodies } from "./intake/body-limit.js";
import { createPolicyParser } from "./policy/policy-parser.js";
import type { CompiledPolicy } from "./policy/compile.js";
import type { EffectivePolicy } from "./policy/load.js";
import { createQueue, runsWorkers } from "./queue/create.js";
import { checkRunJob, enqueue, issueCommentJob, pullRequestJob, pushJob } from "./queue/intake.js";
import { jobRunner } from "./queue/run-job.js";
import type { WorkQueue } from "./queue/types.js";
import type { ReviewDeps, WriteApi } from "./review.js";
import { deriveStateKey, MISSING_STATE_KEY, stateSecretFrom, type StateKey } from "./state/signing.js";

/** Parsed and compiled policies kept (by the blob SHAs of their files), each cache bounded by count and by estimated size. */
const POLICY_CACHE_MAX = 500;
const POLICY_CACHE_BYTES = 64 * 2 ** 20;
/** Rough sizes: a compiled organization's index entries, and a parsed policy's texts and objects. */
const compiledSize = (c: CompiledPolicy): number => 1024 + 2048 * c.policy.organizations.length;
const loadedSize = (l: EffectivePolicy): number =>
  1024 + ("files" in l ? l.files.reduce((n, f) => n + 3 * f.text.length, 0) : 0);
/** Policies can name people (`users:`): nothing about a person is kept in memory longer than this. */
const POLICY_CACHE_TTL_MS = 60 * 60 * 1000;
/** Repositories whose policy's label name is remembered, to read its node id in the one query. */
const LABEL_NAMES_MAX = 10_000;

/** ETHICS_POLICY_WRITES=rest makes one REST request per write instead of one GraphQL mutation. */
function writeApiFrom(env: NodeJS.ProcessEnv): WriteApi {
  return env.ETHICS_POLICY_WRITES === "rest" ? "rest" : "graphql";
}

export interface AppOptions {
  /** "graphql" (default: one mutation per event) or "rest" (one request per write). Default: ETHICS_POLICY_WRITES. */
  writes?: WriteApi;
  /** The GitHub App's id, to find its own check runs. Defaults to the APP_ID environment variable. */
  appId?: number;
  now?: () => Date;
  /** Prometheus metrics, served at /metrics. Default: a registry of this app's own. */
  metrics?: Metrics;
  /**
   * Where webhooks' work goes. Default: BullMQ when REDIS_URL is set, else the in-process queue
   * (ETHICS_POLICY_QUEUE=inline runs each job inside its delivery, for serverless entries).
   */
  queue?: WorkQueue;
  /** Run jobs in this process. Default: yes, unless ETHICS_POLICY_WORKERS=0. */
  workers?: boolean;
  /** Longest wait for one GitHub request (ms). Default 20 s; 0 for none. */
  requestTimeoutMs?: number;
  /** Log unhandled promise rejections instead of exiting: for the process `npm start` runs. */
  guardProcess?: boolean;
  /**
   * The secret the app's record is signed with (state/signing.ts). Default: ETHICS_POLICY_STATE_KEY,
   * else the app's PRIVATE_KEY (or PRIVATE_KEY_PATH).
   */
  stateSecret?: string;
  /** The app's bot login ("<slug>"). Default: looked up once with GET /app. */
  botLogin?: string;
}

const DEFAULT_REQUEST_TIMEOUT_MS = 20_000;

/** The review dependencies every job shares: caches live as long as the process. */
export function reviewDeps(
  app: Pick<Probot, "auth" | "log">,
  options: Pick<AppOptions, "appId" | "now" | "writes" | "stateSecret" | "botLogin">,
  observe: Instrumentation["observe"],
): Omit<ReviewDeps, "octokit" | "log" | "lock"> {
  return {
    appId: options.appId ?? Number(process.env.APP_ID ?? 0),
    now: options.now ?? (() => new Date()),
    policyCache: new LRUCache<string, CompiledPolicy>({
      max: POLICY_CACHE_MAX,
      maxSize: POLICY_CACHE_BYTES,
      sizeCalculation: compiledSize,
      ttl: POLICY_CACHE_TTL_MS,
    }),
    loadedPolicies: new LRUCache<string, EffectivePolicy>({
      max: POLICY_CACHE_MAX,
      maxSize: POLICY_CACHE_BYTES,
      sizeCalculation: loadedSize,
      ttl: POLICY_CACHE_TTL_MS,
    }),
    labelNames: new LRUCache<string, string>({ max: LABEL_NAMES_MAX }),
    // Proposed policies too are parsed once per blob SHA; large ones off the event loop.
    parsePolicy: createPolicyParser().parse,
    writes: options.writes ?? writeApiFrom(process.env),
    observe,
    stateKey: stateKeyFor(options, app.log),
    botLogin: options.botLogin ? () => Promise.resolve(options.botLogin ?? null) : appSlugOnce(app),
  };
}

/** Starts running jobs from `queue` with an installation's Octokit from `app`. */
export function startWorkers(
  app: Pick<Probot, "auth" | "log">,
  queue: WorkQueue,
  instrument: Instrumentation,
  options: Pick<AppOptions, "appId" | "now" | "writes" | "requestTimeoutMs" | "stateSecret" | "botLogin">,
): void {
  queue.work(
    jobRunner({
      deps: reviewDeps(app, options, instrument.observe.bind(instrument)),
      octokitFor: (id) => app.auth(id),
      log: app.log,
      queue,
      instrument,
      requestTimeoutMs: options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS,
    }),
    app.log,
  );
}

export function createApp(options: AppOptions = {}): ApplicationFunction {
  return (app, appFnOptions) => {
    const metrics = options.metrics ?? createMetrics();
    const queue = options.queue ?? createQueue(process.env);
    metrics.watchQueue(() => queue.stats());
    // /health, /metrics, and each handler instrumented: decision_id in logs, requests, errors, latency.
    const observed = observeApp(app, appFnOptions, metrics, async () => ({
      queue: { kind: queue.kind, ...(await queue.stats()) },
    }));
    if (options.guardProcess) guardProcess(app.log);
    // A failed delivery is logged without its payload (see deliveries.ts).
    app.onError(redactWebhookError);
    // Webhook bodies over GitHub's 25 MB cap are refused before they are buffered, and only a few
    // are read at once: whichever server runs the app (probot run, Server, createNodeMiddleware)
    // asks the Probot instance for its webhook middleware after loading the app.
    const middleware = app.getNodeMiddleware.bind(app);
    app.getNodeMiddleware = async (options = {}) =>
      limitWebhookBodies(await middleware(options), { path: options.path ?? app.webhookPath });
    if (options.workers ?? runsWorkers(process.env)) startWorkers(app, queue, observed, options);
    // Intake: each delivery becomes a job, stored before it is answered.
    app.on(
      [...PULL_REQUEST_EVENTS],
      observed.handler((c) => enqueue(queue, c, pullRequestJob(c))),
    );
    app.on(
      [...ISSUE_COMMENT_EVENTS],
      observed.handler((c) => enqueue(queue, c, issueCommentJob(c))),
    );
    app.on(
      [...CHECK_RUN_EVENTS],
      observed.handler((c) => enqueue(queue, c, checkRunJob(c))),
    );
    app.on(
      [...PUSH_EVENTS],
      observed.handler((c) => enqueue(queue, c, pushJob(c))),
    );
  };
}

/** The state key, or null (logged): every review then fails with the reason, and nothing is trusted. */
function stateKeyFor(options: AppOptions, log: { error(obj: object, msg: string): void }): StateKey | null {
  const secret = options.stateSecret ?? stateSecretFrom(process.env)?.secret;
  if (secret === undefined) {
    log.error({}, MISSING_STATE_KEY);
    return null;
  }
  return deriveStateKey(secret);
}

/**
 * The app's slug, its bot's login, read once with GET /app (the app's own JWT). A failed lookup is
 * not remembered: the event fails and is redelivered, rather than guessing whose comment is whose.
 */
function appSlugOnce(app: { auth(): Promise<{ rest: { apps: { getAuthenticated(): Promise<{ data: unknown }> } } }> }) {
  let slug: Promise<string | null> | null = null;
  return (): Promise<string | null> => {
    slug ??= app
      .auth()
      .then((octokit) => octokit.rest.apps.getAuthenticated())
      .then(({ data }) => {
        const found = (data as { slug?: unknown } | null)?.slug;
        if (typeof found !== "string" || found === "") throw new Error("GET /app answered without the app's slug");
        return found;
      })
      .catch((error: unknown) => {
        slug = null;
        throw error;
      });
    return slug;
  };
}
