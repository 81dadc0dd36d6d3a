// Connecting the live CLI commands to GitHub: parse what the user named, build a read-only
// Octokit and the review's dependencies from the options and environment. The one GitHub read
// here is `repositoryDefaultBranch`; everything else is local.
import { Octokit } from "@octokit/rest";
import type { Io } from "../cli.js";
import type { PullRequestRef } from "../github/types.js";
import type { CompiledPolicy } from "../policy/compile.js";
import type { Logger, ReviewDeps } from "../review.js";
import { deriveStateKey, stateSecretFrom } from "../state/signing.js";
import { statusOf } from "./errors.js";

/** Options shared by the live commands, as commander hands them over. */
export interface LiveOptions {
  token?: string;
  apiUrl?: string;
  appId?: string;
  json?: boolean;
  verbose?: boolean;
  showComment?: boolean;
  now?: string;
}

/** Bad input from the user: printed as it is, exit 2. */
export class LiveUsageError extends Error {}

export const PUBLIC_API = "https://api.github.com";
const NO_STATE_KEY_NOTE =
  "no state key (ETHICS_POLICY_STATE_KEY or PRIVATE_KEY): the app's record cannot be verified, so recorded approvals are not applied";

function stateKeyFrom(env: Record<string, string | undefined>) {
  const secret = stateSecretFrom(env);
  return secret ? deriveStateKey(secret.secret) : null;
}

const NO_APP_ID_NOTE =
  "no app id (--app-id or APP_ID): the app's own check run cannot be identified, so check-run actions are planned as if it had none";

/** "owner/repo#123", or a pull request's web URL. */
export function parsePullRequestRef(text: string): PullRequestRef {
  const m =
    /^([A-Za-z0-9][A-Za-z0-9-]*)\/([A-Za-z0-9._-]+)#(\d+)$/.exec(text.trim()) ??
    /^https?:\/\/[^/]+\/([A-Za-z0-9][A-Za-z0-9-]*)\/([A-Za-z0-9._-]+)\/pull\/(\d+)\/?$/.exec(text.trim());
  const number = Number(m?.[3]);
  if (!m || !Number.isSafeInteger(number) || number < 1)
    throw new LiveUsageError(`"${text}" is not a pull request: write owner/repo#123`);
  return { owner: m[1] ?? "", repo: m[2] ?? "", number };
}

/** "owner/repo". */
export function parseRepositoryRef(text: string): { owner: string; repo: string } {
  const m = /^([A-Za-z0-9](?:[A-Za-z0-9-]*)?)\/([A-Za-z0-9._-]+)$/.exec(text.trim());
  if (!m) throw new LiveUsageError(`"${text}" is not owner/repo`);
  return { owner: m[1] ?? "", repo: m[2] ?? "" };
}

/** The REST base URL: --api-url, else GitHub Enterprise Server's from GHE_HOST, else github.com's. */
export function apiBaseUrl(apiUrl: string | undefined, env: Record<string, string | undefined>): string {
  if (apiUrl !== undefined) {
    let url: URL;
    try {
      url = new URL(apiUrl);
    } catch {
      throw new LiveUsageError(`--api-url: "${apiUrl}" is not a URL`);
    }
    if (url.protocol !== "https:" && url.protocol !== "http:")
      throw new LiveUsageError(`--api-url: "${apiUrl}" is not an http(s) URL`);
    return apiUrl.replace(/\/+$/, "");
  }
  const host = env.GHE_HOST?.trim()
    .replace(/^https?:\/\//, "")
    .replace(/\/+$/, "");
  // @octokit/graphql sends GraphQL for a base URL ending in /api/v3 to /api/graphql, as GHES wants.
  if (host) return `${env.GHE_PROTOCOL ?? "https"}://${host}/api/v3`;
  return PUBLIC_API;
}

export interface LiveConnection {
  deps: ReviewDeps;
  /** The same client as deps.octokit, with Octokit's full type (pagination, REST methods). */
  octokit: Octokit;
  baseUrl: string;
  notes: string[];
}

/** A read-only connection from the command's options and the environment; throws LiveUsageError on bad input. */
export function connect(opts: LiveOptions, io: Io): LiveConnection {
  const env = io.env ?? process.env;
  const token = opts.token ?? env.GITHUB_TOKEN;
  if (!token)
    throw new LiveUsageError(
      "no GitHub token: pass --token or set GITHUB_TOKEN (a token that can read the repository; nothing is written)",
    );
  const baseUrl = apiBaseUrl(opts.apiUrl, env);
  const appIdText = opts.appId ?? env.APP_ID ?? "0";
  const appId = Number(appIdText);
  if (!Number.isSafeInteger(appId) || appId < 0)
    throw new LiveUsageError(`--app-id: "${appIdText}" is not a GitHub App id`);
  const now = opts.now === undefined ? null : new Date(opts.now);
  if (now && Number.isNaN(now.getTime())) throw new LiveUsageError(`--now: "${opts.now}" is not a date`);

  const write =
    (level: string) =>
    (...args: unknown[]) =>
      io.stderr(`${level}: ${args.map((a) => (typeof a === "string" ? a : JSON.stringify(a))).join(" ")}\n`);
  const quiet = () => {};
  const octokit = new Octokit({
    auth: token,
    baseUrl,
    userAgent: "ethics-policy-cli",
    log: opts.verbose
      ? { debug: quiet, info: write("http"), warn: write("warn"), error: write("error") }
      : { debug: quiet, info: quiet, warn: quiet, error: quiet },
  });
  const log: Logger = opts.verbose
    ? {
        info: (obj, msg) => io.stderr(`info: ${msg ?? ""} ${JSON.stringify(obj)}\n`),
        warn: (obj, msg) => io.stderr(`warn: ${msg ?? ""} ${JSON.stringify(obj)}\n`),
      }
    : { info: quiet, warn: quiet };
  const deps: ReviewDeps = {
    octokit,
    log,
    appId,
    now: () => now ?? new Date(),
    policyCache: new Map<string, CompiledPolicy>(),
    // The app's record is verified with its key when the environment has it (state/signing.ts).
    stateKey: stateKeyFrom(env),
    ...(env.APP_SLUG ? { botLogin: () => Promise.resolve(env.APP_SLUG ?? null) } : {}),
  };
  const notes = appId === 0 ? [NO_APP_ID_NOTE] : [];
  if (!deps.stateKey) notes.push(NO_STATE_KEY_NOTE);
  return { deps, octokit, baseUrl, notes };
}

/** The repository's default branch (one REST call), or null when it does not exist or is hidden. */
export async function repositoryDefaultBranch(octokit: Octokit, owner: string, repo: string): Promise<string | null> {
  try {
    const { data } = await octokit.rest.repos.get({ owner, repo });
    return data.default_branch;
  } catch (error) {
    if (statusOf(error) === 404) return null;
    throw error;
  }
}
