// The Probot app: wiring only. Collaborators (clock, app id, caches) are injected so tests can
// control them without module mocks.
import type { ApplicationFunction } from "probot";
import { createMetrics, observeApp, type Metrics } from "./observability/index.js";
import type { Coordinator } from "./coordination/coordinator.js";
import { createCoordinator } from "./coordination/create.js";
import { handleOnce, redactWebhookError } from "./coordination/deliveries.js";
import { guardProcess } from "./coordination/process-guards.js";
import { CHECK_RUN_EVENTS, onCheckRun } from "./handlers/check-run.js";
import { ISSUE_COMMENT_EVENTS, onIssueComment } from "./handlers/issue-comment.js";
import { onPullRequest, PULL_REQUEST_EVENTS } from "./handlers/pull-request.js";
import { onPush, PUSH_EVENTS } from "./handlers/push.js";
import { LRUCache } from "lru-cache";
import type { CompiledPolicy } from "./policy/compile.js";
import type { EffectivePolicy } from "./policy/load.js";
import type { WriteApi } from "./review.js";
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
  /** Pause between pull requests when a policy change re-evaluates them all (ms). */
  paceMs?: number;
  /** Prometheus metrics, served at /metrics. Default: a registry of this app's own. */
  metrics?: Metrics;
  /** Delivery dedupe and per-PR locks. Default: Redis when REDIS_URL is set, else this process's memory. */
  coordinator?: Coordinator;
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

export function createApp(options: AppOptions = {}): ApplicationFunction {
  return (app, appFnOptions) => {
    // /health, /metrics, and each handler instrumented: decision_id in logs, requests, errors, latency.
    const observed = observeApp(app, appFnOptions, options.metrics ?? createMetrics());
    if (options.guardProcess) guardProcess(app.log);
    // A failed delivery is logged without its payload (see deliveries.ts).
    app.onError(redactWebhookError);
    const coordinator = options.coordinator ?? createCoordinator(process.env, app.log);
    const stateKey = stateKeyFor(options, app.log);
    const botLogin = options.botLogin ? () => Promise.resolve(options.botLogin ?? null) : appSlugOnce(app);
    const deps = {
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
      writes: options.writes ?? writeApiFrom(process.env),
      paceMs: options.paceMs ?? 500,
      observe: observed.observe.bind(observed),
      lock: <T>(key: string, fn: () => Promise<T>) => coordinator.withLock(key, fn),
      stateKey,
      botLogin,
    };
    // Each delivery once (a redelivery of a failed one again), every GitHub request time-limited.
    const once = { coordinator, requestTimeoutMs: options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS };
    app.on([...PULL_REQUEST_EVENTS], observed.handler(handleOnce(once, (context) => onPullRequest(deps, context))));
    app.on([...ISSUE_COMMENT_EVENTS], observed.handler(handleOnce(once, (context) => onIssueComment(deps, context))));
    app.on([...CHECK_RUN_EVENTS], observed.handler(handleOnce(once, (context) => onCheckRun(deps, context))));
    app.on([...PUSH_EVENTS], observed.handler(handleOnce(once, (context) => onPush(deps, context))));
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
