// Review one pull request: the single path every event that can change a decision goes through.
// Data flows one way: read GitHub once → policy → evidence → evaluate → reconcile.
import { randomBytes } from "node:crypto";
import {
  evidenceTokens,
  recordApproval,
  withApprovals,
  type ApprovalOutcome,
  type ApprovalRequest,
  type Shown,
} from "./approvals.js";
import type { ApproverRole } from "./commands/permission.js";
import type { Decision } from "./decision.js";
import { pullRequestKey } from "./coordination/coordinator.js";
import { planConfigCheck } from "./config-check.js";
import { evaluate } from "./evaluate.js";
import type { Evidence } from "./evidence/types.js";
import type { GitHubClient } from "./github/client.js";
import { COMPARE_PAGE_SIZE } from "./github/compare-commits.js";
import { readPolicyFile, readPullRequest, type GraphqlClient } from "./github/read-pull-request.js";
import type { PolicyFile, PullRequestRef, Snapshot } from "./github/types.js";
import { compilePolicy, type CompiledPolicy } from "./policy/compile.js";
import {
  displayName,
  loadEffectivePolicy,
  POLICY_PATH,
  type EffectivePolicy,
  type LoadedPolicy,
  type PolicyCandidates,
} from "./policy/load.js";
import type { PolicyProblem } from "./policy/parse.js";
import { lintPolicy } from "./policy/lint.js";
import type { ParseSources } from "./policy/policy-parser.js";
import { applyPlan } from "./reconcile/apply.js";
import { applyPlanGraphql } from "./reconcile/graphql-executor.js";
import { writeIds } from "./reconcile/mutation.js";
import { CHECK_NAME, desiredState } from "./reconcile/desired.js";
import { planReconcile, type Operation } from "./reconcile/plan.js";
import { renderPolicyErrorCheck } from "./render/check.js";
import { httpStatusOf } from "./github/http-status.js";
import { stateBinding } from "./state/codec.js";
import { deriveStateKey, MISSING_STATE_KEY, type StateKey } from "./state/signing.js";
import { baseState, priorRecord, type PriorRecord } from "./state/trust.js";

/** What a review uses of GitHub: Octokit's own type, which Probot's `context.octokit` is. */
export type { GitHubClient };

export interface Logger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
}

export interface ReviewDeps {
  /** Where each repository keeps its policy (default .github/ethics-policy.yml): the Action's policy-path input. */
  policyPath?: string;
  octokit: GitHubClient;
  log: Logger;
  appId: number;
  now: () => Date;
  /** Compiled policies by the blob SHAs of their files (a bounded LRU in the app). */
  policyCache: KeyValueCache<CompiledPolicy>;
  /** Parses policy files: cached by blob SHA, large ones on a worker thread (the app). Default: on this thread, uncached. */
  parsePolicy?: ParseSources;
  /**
   * How writes are made: "graphql" (default) batches the plan into one mutation; "rest" makes
   * one REST request per write. The plan is the same either way.
   */
  writes?: WriteApi;
  /**
   * Parsed policies by the repository and the blob SHAs of its candidate files, so an unchanged
   * policy is not parsed again on every event (a bounded LRU in the app).
   */
  loadedPolicies?: KeyValueCache<EffectivePolicy>;
  /** The label each repository's policy named last time ("owner/repo" → name), so the one read can fetch its node id. */
  labelNames?: KeyValueCache<string>;
  /** Told of every outcome a review reaches (not of dry runs): the app's metrics. */
  observe?: (outcome: ReviewOutcome) => void;
  /**
   * Runs a review while no other review of the same pull request runs (in this process, or with
   * Redis in any replica): src/coordination. Without it, reviews are not serialized.
   */
  lock?: <T>(key: string, fn: () => Promise<T>) => Promise<T>;
  /**
   * The key that signs and verifies the app's record (state/signing.ts). Required to write; a dry
   * run without it treats every record as unverifiable.
   */
  stateKey?: StateKey | null;
  /** The app's bot login ("<slug>", "github-actions" in Actions mode): only its comments are the app's. */
  botLogin?: () => Promise<string | null>;
  /** Others comment as the same bot (Actions mode): only a signature tells the app's record apart. */
  sharedBotIdentity?: boolean;
}

export type WriteApi = "graphql" | "rest";

/** What the caches need: a Map or an LRUCache both fit. */
export interface KeyValueCache<V> {
  get(key: string): V | undefined;
  set(key: string, value: V): unknown;
}

export type { ApprovalOutcome };

export type ReviewOutcome =
  | { kind: "not_found" }
  | { kind: "closed" }
  | { kind: "no_policy" }
  | { kind: "invalid_policy"; problems: PolicyProblem[]; ops: Operation[]; snapshot: Snapshot }
  | {
      kind: "reviewed";
      decision: Decision;
      ops: Operation[];
      snapshot: Snapshot;
      /** The policy's least role that may approve. */
      approvers: ApproverRole;
      approval?: ApprovalOutcome;
      /** The app's record was found edited or unverifiable on this review. */
      tampered?: boolean;
    };

export interface ReviewOptions {
  /** Plan the writes but make none: the CLI's live dry run. */
  dryRun?: boolean;
  /** A maintainer's approval to record, if their role meets the policy's `approvers`. */
  approve?: ApprovalRequest;
}

export function reviewPullRequest(
  deps: ReviewDeps,
  ref: PullRequestRef,
  defaultBranch: string,
  options: ReviewOptions = {},
): Promise<ReviewOutcome> {
  // One review of a pull request at a time: each reads GitHub's current state (the current head
  // SHA, the app's comment, the approvals in it) and writes the difference, so reviews that
  // follow one another cannot duplicate a write or drop an approval, whatever order events came in.
  const run = () =>
    reviewUnlocked(deps, ref, defaultBranch, options).then((outcome) => observed(deps, options, outcome));
  if (!deps.lock || options.dryRun) return run();
  return deps.lock(pullRequestKey(ref.owner, ref.repo, ref.number), run);
}

/** Tells `deps.observe` the outcome of a review that wrote (a dry run wrote nothing to observe). */
function observed(deps: ReviewDeps, options: ReviewOptions, outcome: ReviewOutcome): ReviewOutcome {
  if (!options.dryRun) deps.observe?.(outcome);
  return outcome;
}

async function reviewUnlocked(
  deps: ReviewDeps,
  ref: PullRequestRef,
  defaultBranch: string,
  options: ReviewOptions,
): Promise<ReviewOutcome> {
  const graphql: GraphqlClient = (q, v) => deps.octokit.graphql(q, v);
  if (!deps.stateKey && !options.dryRun) throw new Error(MISSING_STATE_KEY);
  const botLogin = (await deps.botLogin?.()) ?? null;
  const repoKey = `${ref.owner}/${ref.repo}`.toLowerCase();
  const labelName = deps.labelNames?.get(repoKey);
  const snapshot = await readPullRequest(graphql, ref, {
    appId: deps.appId,
    checkName: CHECK_NAME,
    policyPath: deps.policyPath ?? POLICY_PATH,
    defaultBranch,
    botLogin,
    ...(labelName ? { labelName } : {}),
    compareCommits: async (basehead, page) =>
      (
        await deps.octokit.rest.repos.compareCommitsWithBasehead({
          owner: ref.owner,
          repo: ref.repo,
          basehead,
          per_page: COMPARE_PAGE_SIZE,
          page,
        })
      ).data,
  });
  const pr = { owner: ref.owner, repo: ref.repo, pull: ref.number };
  if (!snapshot) return { kind: "not_found" };
  if (snapshot.state !== "open") return { kind: "closed" };
  const apply = (ops: Operation[]): Promise<void> => {
    if (options.dryRun || ops.length === 0) return Promise.resolve();
    if (deps.writes === "rest") return applyPlan(deps.octokit, ref, ops);
    return applyPlanGraphql(deps.octokit, ref, ops, writeIds(snapshot), deps.log);
  };

  // A pull request that edits the policy file is told whether its policy is valid, even before
  // the repository has a policy at all.
  await apply(await planConfigCheck(graphql, deps.appId, snapshot, deps.parsePolicy, deps.policyPath));

  const loaded = await cachedLoad(
    deps.loadedPolicies,
    policyCandidates(snapshot),
    (repo, path) => readPolicyFile(graphql, repo, path),
    deps.parsePolicy,
  );
  if (loaded.notes.length > 0) deps.log.info({ ...pr, notes: loaded.notes }, "policy chosen by organization rules");
  if (loaded.kind === "none") {
    deps.log.info({ ...pr, outcome: "no_policy" }, "no ethics policy: nothing to do");
    return { kind: "no_policy" };
  }
  if (loaded.kind === "invalid") {
    const problems = loaded.result.problems;
    deps.log.warn(
      { ...pr, outcome: "invalid_policy", problems: problems.map(formatForLog) },
      "the ethics policy is invalid; existing flags are left as they are",
    );
    const output = renderPolicyErrorCheck(problems);
    const ops = planReconcile(
      { label: null, comment: "keep", check: { name: CHECK_NAME, headSha: snapshot.headSha, output }, reviewers: null },
      snapshot.current,
    );
    await apply(ops);
    return { kind: "invalid_policy", problems, ops, snapshot };
  }

  const compiled = cachedCompile(deps.policyCache, loaded, () => {
    // Once per policy version: which rules and where, never the entries themselves.
    const last = loaded.files.at(-1);
    const warnings = lintPolicy(loaded.result.policy, last ? { file: displayName(last), text: last.text } : undefined);
    if (warnings.length > 0)
      deps.log.warn(
        { ...pr, warnings: warnings.map((w) => ({ rule: w.rule, file: w.file, line: w.line })) },
        "the ethics policy has entries that would flag almost everyone (lint warnings)",
      );
  });
  if (compiled.policy.actions.label) deps.labelNames?.set(repoKey, compiled.policy.actions.label);
  const found = await decide(deps, compiled, snapshot.evidence);
  // A dry run without the app's key cannot verify the record: it is read as unverifiable (not as
  // tampered), and writes are planned with a throwaway key, never made.
  const key = deps.stateKey ?? deriveStateKey(randomBytes(32));
  const tokens = evidenceTokens(found, (k) => key.token(k));
  const candidates = [snapshot.current.comment, ...snapshot.current.extraComments].flatMap((c) => (c ? [c] : []));
  const read = priorRecord({
    candidates,
    key,
    bind: stateBinding(ref.owner, ref.repo, ref.number),
    botLogin: botLogin ? botLogin.replace(/\[bot\]$/i, "").toLowerCase() : null,
    now: deps.now(),
    acceptLegacy: deps.sharedBotIdentity !== true,
  });
  const prior = deps.stateKey ? read : { ...read, tampering: null };
  if (prior.tampering) {
    // Logins and counts only, as everywhere.
    deps.log.warn(
      { ...pr, kind: prior.tampering.kind, editors: prior.tampering.editors, voided: prior.tampering.voided },
      "the app's record on this pull request was edited or does not verify: its approvals are void",
    );
  }
  const base = baseState(prior, snapshot.headSha);
  let approvals = base.approvals;
  let approval: ApprovalOutcome | undefined;
  if (options.approve) {
    const context = {
      approvers: compiled.policy.approvers,
      headSha: snapshot.headSha,
      now: deps.now(),
      shown: shownToApprover(prior, snapshot, compiled.policy.actions, tokens),
    };
    ({ approvals, outcome: approval } = recordApproval(found, tokens, approvals, options.approve, context));
  }
  const decision = withApprovals(found, tokens, approvals);
  const desired = desiredState({
    decision,
    policy: compiled.policy,
    snapshot,
    prior,
    base,
    approvals,
    tokens,
    policyPath: policyLink(snapshot, loaded.files, deps.policyPath),
    key,
  });
  const ops = planReconcile(desired, {
    ...snapshot.current,
    comment: prior.comment,
    extraComments: prior.extraComments,
  });
  await apply(ops);
  // Logins and counts only: emails and profile text stay out of logs.
  deps.log.info(
    {
      ...pr,
      head: snapshot.headSha,
      author: decision.author,
      flagged: decision.flagged,
      exempt: decision.exempt,
      organizations: decision.organizations,
      matches: decision.matches.length,
      writes: ops.map((o) => o.kind),
    },
    decision.flagged ? "pull request flagged for maintainer review" : "pull request clear",
  );
  return {
    kind: "reviewed",
    decision,
    ops,
    snapshot,
    approvers: compiled.policy.approvers,
    ...(approval ? { approval } : {}),
    ...(prior.tampering ? { tampered: true } : {}),
  };
}

/**
 * What a maintainer approving now was shown: the evidence in the app's trusted record. With no
 * record of it (comments off and nothing approved yet, or a record from before signing), the check
 * run on the current head, which shows the evidence of exactly this head; with checks and comments
 * both off, what the decision is now. A record found tampered with shows nothing trustworthy.
 */
function shownToApprover(
  prior: PriorRecord,
  snapshot: Snapshot,
  actions: CompiledPolicy["policy"]["actions"],
  tokens: string[],
): Shown {
  if (prior.tampering || (prior.state && prior.shown.tokens !== null)) return prior.shown;
  // No record of what was shown (none yet, or one written before records were signed): the check.
  const run = snapshot.current.checkRun;
  const flaggedCheck =
    run !== null && run.headSha === snapshot.headSha && ["neutral", "action_required"].includes(run.conclusion ?? "");
  if (flaggedCheck || (actions.check === false && !actions.comment)) return { tokens, since: null };
  return { tokens: null, since: null };
}

/**
 * The effective policy, parsed once per version of its files. Only a policy read entirely from the
 * files the one query returned is cached: one that `_extends` a base is loaded (and its base
 * fetched) afresh, since the base can change without the candidates' SHAs changing.
 */
async function cachedLoad(
  cache: KeyValueCache<EffectivePolicy> | undefined,
  candidates: PolicyCandidates,
  fetchFile: (repo: string, path: string) => Promise<PolicyFile | null>,
  parse: ParseSources | undefined,
): Promise<EffectivePolicy> {
  const version = (f: PolicyFile | null) => (f ? `${f.repo}:${f.path}@${f.sha}` : "-");
  const key = `${candidates.repo}|${version(candidates.own)}|${version(candidates.org)}`.toLowerCase();
  const hit = cache?.get(key);
  if (hit) return hit;
  let fetched = false;
  const loaded = await loadEffectivePolicy(
    candidates,
    (repo, path) => {
      fetched = true;
      return fetchFile(repo, path);
    },
    parse,
  );
  if (!fetched) cache?.set(key, loaded);
  return loaded;
}

function cachedCompile(
  cache: KeyValueCache<CompiledPolicy>,
  loaded: Extract<LoadedPolicy, { kind: "valid" }>,
  onFirstUse: () => void,
): CompiledPolicy {
  const key = loaded.files.map((f) => `${f.repo}:${f.path}@${f.sha}`).join("|");
  const hit = cache.get(key);
  if (hit) return hit;
  onFirstUse();
  const compiled = compilePolicy(loaded.result.policy);
  cache.set(key, compiled);
  return compiled;
}

/** Evaluates, asking GitHub about team membership only when a team exemption could matter. */
async function decide(deps: ReviewDeps, compiled: CompiledPolicy, evidence: Evidence): Promise<Decision> {
  const now = deps.now();
  const decision = evaluate(compiled, evidence, { now });
  const teams = compiled.policy.exempt.teams;
  if (!decision.flagged || teams.length === 0) return decision;
  const memberOf = await teamsOf(deps, evidence.author.login, teams);
  return evaluate(compiled, { ...evidence, author: { ...evidence.author, teams: memberOf } }, { now });
}

async function teamsOf(deps: ReviewDeps, username: string, teams: string[]): Promise<string[]> {
  const member: string[] = [];
  for (const team of teams) {
    const [org = "", team_slug = ""] = team.split("/");
    try {
      const { data } = await deps.octokit.rest.teams.getMembershipForUserInOrg({ org, team_slug, username });
      if (data.state === "active") member.push(team);
    } catch (error) {
      // 404 means "not a member"; anything else means we could not tell, and not exempting is
      // the safe side: the flag still goes to a maintainer, who decides.
      const status = httpStatusOf(error);
      if (status !== 404)
        deps.log.warn({ team, login: username, status }, "team membership lookup failed; not exempting");
    }
  }
  return member;
}

/** The repository's own policy file and the organization's, as the one read found them. */
function policyCandidates(snapshot: Snapshot): PolicyCandidates {
  const repo = `${snapshot.owner}/${snapshot.repo}`;
  const file = snapshot.policyFile;
  const isOwn = file !== null && file.repo.toLowerCase() === repo.toLowerCase();
  return { repo, own: isOwn ? file : null, org: snapshot.ownerPolicyFile ?? (isOwn ? null : file) };
}

/** The file the comment links to: the repository's own, or "owner/.github:path" when inherited. */
function policyLink(snapshot: Snapshot, files: PolicyFile[], policyPath = POLICY_PATH): string {
  const own = files.at(-1);
  if (!own) return policyPath;
  return own.repo.toLowerCase() === `${snapshot.owner}/${snapshot.repo}`.toLowerCase()
    ? own.path
    : `${own.repo}:${own.path}`;
}

function formatForLog(p: PolicyProblem): string {
  return `${p.file}:${p.line}:${p.col}: ${p.message}`;
}
