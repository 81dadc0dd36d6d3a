// GitHub Actions mode: the same review, run by a workflow with the workflow's own token, so a
// project can use its ethics policy without registering or hosting a GitHub App.
//
//   uses: OWNER/ethics-policy@v1     (action.yml: dist/index.js, this file bundled by
//                                     `npm run build:action`)
//   node lib/entry/actions.js        (after `npm ci && npm run build` of this repository)
//
// It reads what the runner provides — GITHUB_EVENT_NAME, GITHUB_EVENT_PATH (the webhook payload),
// GITHUB_TOKEN, GITHUB_API_URL — and hands the event to the app's own handlers:
//   pull_request_target / pull_request  opened, reopened, synchronize, edited, ready_for_review
//   issue_comment                        created: the /ethics-policy commands
//   push                                 to the default branch, changing the policy file
// Labels, the comment and the "Ethics policy" check run are written as github-actions[bot].
// Exit status: 0 when the event was handled or needs nothing (flagged or not: the check run says
// which); 1 when GitHub or the payload failed us; 2 when the environment is not a workflow's.
import { appendFile, readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { retry } from "@octokit/plugin-retry";
import { throttling } from "@octokit/plugin-throttling";
import { Octokit } from "@octokit/rest";
import Bottleneck from "bottleneck";
import { ISSUE_COMMENT_EVENTS, onIssueComment } from "../handlers/issue-comment.js";
import { onPullRequest, PULL_REQUEST_EVENTS } from "../handlers/pull-request.js";
import { onPush } from "../handlers/push.js";
import { outcomeOf, type DecisionOutcome } from "../observability/metrics.js";
import { appVersion } from "../observability/version.js";
import type { CompiledPolicy } from "../policy/compile.js";
import type { ReviewDeps, ReviewOutcome } from "../review.js";
import { deriveStateKey, MISSING_STATE_KEY, stateSecretFrom } from "../state/signing.js";
import { readActionInputs } from "./action-inputs.js";
import { actionsLogger, type ActionsLogger } from "./actions-log.js";

/**
 * Comments made with a workflow's token are by this bot. Other workflows share it, so a comment by
 * it proves nothing: the record's signature (state-key) is what tells the app's own record apart.
 */
export const ACTIONS_BOT_LOGIN = "github-actions";

/** The GitHub Actions app on github.com: check runs made with a workflow's token belong to it. */
export const GITHUB_ACTIONS_APP_ID = 15368;
const DEFAULT_API_URL = "https://api.github.com";

/** What the handlers use of an Octokit: REST methods, pagination and GraphQL. */
export type ActionsOctokit = Pick<Octokit, "rest" | "graphql" | "paginate" | "request">;

export interface ActionOptions {
  env?: NodeJS.ProcessEnv;
  /** Default: an @octokit/rest client for GITHUB_TOKEN at GITHUB_API_URL. */
  octokit?: ActionsOctokit;
  log?: ActionsLogger;
  now?: () => Date;
  /** Pause between pull requests when a policy push re-evaluates them all (ms). */
  paceMs?: number;
  /**
   * The unit of the built-in client's waits (ms): a retry after a 5xx waits n² of them, a rate
   * limit `retry-after` seconds of them. Default 1000, as Octokit's; tests make it small.
   */
  retryUnitMs?: number;
}

export interface ActionResult {
  exitCode: number;
  /** One entry per pull request reviewed. */
  decisions: { number: number | null; outcome: DecisionOutcome; organizations: string[] }[];
  /** Why nothing was done, when nothing was. */
  skipped?: string;
}

const PULL_REQUEST_ACTIONS = new Set<string>(PULL_REQUEST_EVENTS.map((e) => e.split(".")[1] as string));
const ISSUE_COMMENT_ACTIONS = new Set<string>(ISSUE_COMMENT_EVENTS.map((e) => e.split(".")[1] as string));

export async function runAction(options: ActionOptions = {}): Promise<ActionResult> {
  const env = options.env ?? process.env;
  const eventName = env.GITHUB_EVENT_NAME ?? "";
  const decisionId = `actions-${env.GITHUB_RUN_ID ?? "local"}-${env.GITHUB_RUN_ATTEMPT ?? "1"}`;
  const inputs = readActionInputs(env);
  const level = inputs.logLevel === "debug" ? "info" : inputs.logLevel;
  const log = (options.log ?? actionsLogger(undefined, {}, inputs.logLevel === "debug", level)).child({
    decision_id: decisionId,
  });
  const decisions: ActionResult["decisions"] = [];
  for (const problem of inputs.problems) log.warn({}, problem);
  if (inputs.fatal.length > 0) {
    for (const problem of inputs.fatal) log.error({}, problem);
    return { exitCode: 2, decisions };
  }

  const missing = [
    ...["GITHUB_EVENT_NAME", "GITHUB_EVENT_PATH"].filter((name) => !env[name]),
    ...(options.octokit || inputs.token ? [] : ["GITHUB_TOKEN"]),
  ];
  if (missing.length > 0) {
    log.error(
      { missing },
      `not running in a GitHub Actions workflow: ${missing.join(", ")} not set (pass the token as the action's token input or as env GITHUB_TOKEN)`,
    );
    return { exitCode: 2, decisions };
  }
  let payload: Record<string, unknown>;
  try {
    payload = JSON.parse(await readFile(env.GITHUB_EVENT_PATH as string, "utf8")) as Record<string, unknown>;
  } catch (error) {
    log.error({ err: error }, "could not read the event payload at GITHUB_EVENT_PATH");
    return { exitCode: 1, decisions };
  }
  const action = typeof payload.action === "string" ? payload.action : "";
  const apiUrl = env.GITHUB_API_URL || DEFAULT_API_URL;
  const octokit = options.octokit ?? actionsOctokit(inputs.token as string, apiUrl, log, options.retryUnitMs ?? 1000);

  const handler = pick(eventName, action);
  if (!handler) {
    const skipped = `nothing to do for ${eventName}${action ? `.${action}` : ""}`;
    log.info({ event: eventName, action }, skipped);
    return { exitCode: 0, decisions, skipped };
  }
  const secret = stateSecretFrom({ ...env, PRIVATE_KEY: undefined, PRIVATE_KEY_PATH: undefined });
  if (!secret) {
    log.error({}, `ethics-policy: ${MISSING_STATE_KEY}`);
    return { exitCode: 1, decisions };
  }
  try {
    const appId = await actionsAppId(env, apiUrl, octokit, log);
    const deps = {
      ...(inputs.policyPath ? { policyPath: inputs.policyPath } : {}),
      appId,
      now: options.now ?? (() => new Date()),
      policyCache: new Map<string, CompiledPolicy>(),
      stateKey: deriveStateKey(secret.secret),
      botLogin: () => Promise.resolve(ACTIONS_BOT_LOGIN),
      sharedBotIdentity: true,
      paceMs: options.paceMs ?? 500,
      writes: env.ETHICS_POLICY_WRITES === "rest" ? ("rest" as const) : ("graphql" as const),
      observe: (outcome: ReviewOutcome) => {
        decisions.push({
          number: "snapshot" in outcome ? outcome.snapshot.number : null,
          outcome: outcomeOf(outcome),
          organizations: outcome.kind === "reviewed" ? outcome.decision.organizations : [],
        });
      },
    };
    // The handlers take a Probot Context; they use its payload, octokit and log, which is all this is.
    const context = { name: eventName, id: decisionId, payload, octokit, log } as never;
    log.info({ event: eventName, action, api: apiUrl, app_id: appId }, "ethics-policy: handling the workflow's event");
    await handler(deps, context);
  } catch (error) {
    log.error({ err: error }, `ethics-policy failed: ${error instanceof Error ? error.message : String(error)}`);
    return { exitCode: 1, decisions };
  }
  for (const d of decisions) {
    log.info(
      { pull: d.number, outcome: d.outcome, organizations: d.organizations },
      `pull request #${d.number ?? "?"}: ${d.outcome}`,
    );
  }
  await writeSummary(env, decisions, log);
  return { exitCode: 0, decisions };
}

/** Retries of a request GitHub answered with a 5xx (Octokit's retry plugin; never 4xx but 429). */
export const MAX_RETRIES = 3;
/** Waits for a rate limit before a request is given up: GitHub's retry-after is honoured each time. */
export const MAX_RATE_LIMIT_RETRIES = 2;

/**
 * The workflow's client: Octokit with the same retry and throttling plugins a Probot app gets.
 * Writes that must not repeat carry `request: { retries: 0 }` (reconcile/apply.ts); a rate-limited
 * request was not carried out by GitHub, so waiting and sending it again is safe.
 */
function actionsOctokit(token: string, baseUrl: string, log: ActionsLogger, unitMs: number): ActionsOctokit {
  // Octokit logs every failed request as an error, including the 404s the app expects (a team
  // membership that does not exist); the handlers log what matters, so these go to debug.
  const debug = (message: string) => log.debug({}, message);
  const ActionsClient = Octokit.plugin(retry, throttling);
  const limited =
    (kind: string) =>
    (retryAfter: number, options: { method: string; url: string }, _octokit: unknown, retryCount: number) => {
      const again = retryCount < MAX_RATE_LIMIT_RETRIES;
      log.warn(
        { request: `${options.method} ${options.url}`, retry_after_s: retryAfter, attempt: retryCount + 1 },
        `GitHub ${kind}: ${again ? `retrying after ${retryAfter} s` : "giving up"}`,
      );
      return again;
    };
  return new ActionsClient({
    auth: token,
    baseUrl,
    userAgent: `ethics-policy-action/${appVersion()}`,
    log: { debug, info: debug, warn: debug, error: debug },
    retry: { retries: MAX_RETRIES, retryAfterBaseValue: unitMs },
    throttle: {
      retryAfterBaseValue: unitMs,
      // Octokit's own spacing of writes (1 s) and of content that notifies people (3 s), in units.
      write: new Bottleneck.Group({ id: "ethics-policy-write", maxConcurrent: 1, minTime: unitMs }),
      notifications: new Bottleneck.Group({ id: "ethics-policy-notify", maxConcurrent: 1, minTime: 3 * unitMs }),
      onRateLimit: limited("rate limit"),
      onSecondaryRateLimit: limited("secondary rate limit"),
    },
  });
}

type Deps = Omit<ReviewDeps, "octokit" | "log"> & { paceMs: number };
type Handler = (deps: Deps, context: never) => Promise<void>;

function pick(eventName: string, action: string): Handler | null {
  if ((eventName === "pull_request_target" || eventName === "pull_request") && PULL_REQUEST_ACTIONS.has(action))
    return onPullRequest;
  if (eventName === "issue_comment" && ISSUE_COMMENT_ACTIONS.has(action)) return onIssueComment;
  if (eventName === "push") return onPush;
  return null;
}

/**
 * The id of the GitHub Actions app, whose check runs are the ones this run may update: 15368 on
 * github.com; on GitHub Enterprise Server it differs, so it is looked up (GET /apps/github-actions)
 * unless ETHICS_POLICY_APP_ID gives it.
 */
async function actionsAppId(
  env: NodeJS.ProcessEnv,
  apiUrl: string,
  octokit: ActionsOctokit,
  log: ActionsLogger,
): Promise<number> {
  const configured = Number(env.ETHICS_POLICY_APP_ID);
  if (Number.isInteger(configured) && configured > 0) return configured;
  if (apiUrl.replace(/\/+$/, "") === DEFAULT_API_URL) return GITHUB_ACTIONS_APP_ID;
  const { data } = await octokit.rest.apps.getBySlug({ app_slug: "github-actions" });
  const id = Number((data as { id?: unknown } | null)?.id);
  if (!Number.isInteger(id) || id <= 0)
    throw new Error("could not look up the GitHub Actions app's id; set ETHICS_POLICY_APP_ID");
  log.info({ app_id: id }, "the GitHub Actions app's id on this server");
  return id;
}

const SUMMARY_WORDS: Record<DecisionOutcome, string> = {
  flagged: "flagged for a maintainer's review",
  clear: "clear",
  exempt: "exempt",
  approved: "approved by a maintainer",
  no_policy: "no ethics policy in this repository",
  invalid_policy: "the policy file is invalid (see the check run)",
  skipped: "closed or not found: nothing done",
};

/** A line per pull request in the job summary. Organization names come from the policy, not from contributors. */
async function writeSummary(
  env: NodeJS.ProcessEnv,
  decisions: ActionResult["decisions"],
  log: ActionsLogger,
): Promise<void> {
  const path = env.GITHUB_STEP_SUMMARY;
  if (!path || decisions.length === 0) return;
  const lines = decisions.map((d) => {
    const orgs = d.organizations.length ? ` (${d.organizations.join(", ").replace(/[<>[\]`|\\]/g, "")})` : "";
    return `- #${d.number ?? "?"}: ${SUMMARY_WORDS[d.outcome]}${orgs}`;
  });
  try {
    await appendFile(path, `### Ethics policy\n\n${lines.join("\n")}\n`);
  } catch (error) {
    log.warn({ err: error }, "could not write the job summary");
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const { exitCode } = await runAction();
  process.exitCode = exitCode;
}
