// What a job does, in whichever process runs it: the same handlers a webhook used to call inline,
// now given an installation's Octokit and a Probot Context rebuilt from the job. A job reads
// GitHub's current state and writes only the difference (reconcile), so running it again —
// after a crash, a retry or a redelivery — writes nothing twice.
import { Context, type Logger, type ProbotOctokit } from "probot";
import { limitRequestTime } from "../coordination/deliveries.js";
import { onCheckRun } from "../handlers/check-run.js";
import { onIssueComment } from "../handlers/issue-comment.js";
import { reviewPull } from "../handlers/pull-request.js";
import type { Instrumentation } from "../observability/index.js";
import { httpStatusOf } from "../github/http-status.js";
import { POLICY_PATH } from "../policy/load.js";
import type { ReviewDeps } from "../review.js";
import type { CommandJob, FanOutJob, JobRunner, WorkQueue } from "./types.js";

export interface JobEnvironment {
  /** Review dependencies shared by every job (caches, clock, app id, metrics). */
  deps: Omit<ReviewDeps, "octokit" | "log" | "lock">;
  /** An Octokit authenticated as the installation (Probot's `app.auth(id)`). */
  octokitFor(installationId: number): Promise<ProbotOctokit>;
  log: Logger;
  /** Where a policy change's review jobs go. */
  queue: WorkQueue;
  instrument: Instrumentation;
  /** Longest wait for one GitHub request, in ms; 0 for none. */
  requestTimeoutMs: number;
}

const PULLS_PER_PAGE = 100;
const REPOS_PER_PAGE = 100;

export function jobRunner(env: JobEnvironment): JobRunner {
  return async (job, scope) => {
    const octokit = await env.octokitFor(job.installationId);
    if (env.requestTimeoutMs > 0) limitRequestTime(octokit, env.requestTimeoutMs);
    const deps = { ...env.deps, lock: scope.lock.bind(scope) };
    const name = job.kind === "command" ? job.event : job.kind === "review" ? "pull_request" : "push";
    // The bindings Probot gives an event's log, so a job's lines read as its delivery's did.
    const log = env.log.child({ name: "event", id: job.deliveryId });
    const instrumented = { id: job.deliveryId, name, log, octokit };
    await env.instrument.handler(async (context: typeof instrumented) => {
      switch (job.kind) {
        case "review":
          return reviewPull(deps, context, job, job.defaultBranch);
        case "command":
          return runCommand(deps, job, context.octokit, context.log);
        case "fanout":
          return fanOut(env.queue, job, context.octokit, context.log);
      }
    })(instrumented);
  };
}

/** The command's handler, with the event rebuilt from the job (it carries the delivery's payload). */
function runCommand(
  deps: Omit<ReviewDeps, "octokit" | "log">,
  job: CommandJob,
  octokit: ProbotOctokit,
  log: Logger,
): Promise<void> {
  if (job.event === "issue_comment") {
    const payload = job.payload as Context<"issue_comment.created">["payload"];
    return onIssueComment(deps, new Context({ id: job.deliveryId, name: "issue_comment", payload }, octokit, log));
  }
  const payload = job.payload as Context<"check_run.rerequested" | "check_run.requested_action">["payload"];
  return onCheckRun(deps, new Context({ id: job.deliveryId, name: "check_run", payload }, octokit, log));
}

/**
 * A policy change: one review job per open pull request, page by page. Each pull request is its
 * own job, so one that fails does not hold up the others; running this again (a retry) re-adds
 * reviews that coalesce with those still waiting.
 */
async function fanOut(queue: WorkQueue, job: FanOutJob, octokit: ProbotOctokit, log: Logger): Promise<void> {
  if (job.since !== undefined && (await samePolicyBlob(octokit, job, job.since))) {
    log.info({ owner: job.owner, repo: job.repo }, "the push left the policy file as it was: nothing to review again");
    return;
  }
  if (job.scope === "installation") return fanOutToRepositories(queue, job, octokit, log);
  const { owner, repo } = job;
  let queued = 0;
  for await (const page of octokit.paginate.iterator(octokit.rest.pulls.list, {
    owner,
    repo,
    state: "open",
    per_page: PULLS_PER_PAGE,
  })) {
    for (const pr of page.data) {
      await queue.add({
        kind: "review",
        installationId: job.installationId,
        deliveryId: job.deliveryId,
        owner,
        repo,
        number: pr.number,
        defaultBranch: job.defaultBranch,
      });
      queued++;
    }
  }
  log.info({ owner, repo, queued }, "policy changed on the default branch: every open pull request queued for review");
}

/**
 * The organization's policy changed: it governs every repository without a policy of its own, and
 * is the base of those that extend it, so each repository of the owner that the installation can
 * reach gets its own fan-out job (retried on its own; reviews of a repository whose own policy
 * ignores the change read it and write nothing). Archived repositories are read-only: skipped.
 */
async function fanOutToRepositories(
  queue: WorkQueue,
  job: FanOutJob,
  octokit: ProbotOctokit,
  log: Logger,
): Promise<void> {
  let queued = 0;
  for await (const page of octokit.paginate.iterator(octokit.rest.apps.listReposAccessibleToInstallation, {
    per_page: REPOS_PER_PAGE,
  })) {
    for (const repository of page.data) {
      if (repository.archived || repository.owner.login.toLowerCase() !== job.owner.toLowerCase()) continue;
      await queue.add({
        kind: "fanout",
        installationId: job.installationId,
        deliveryId: job.deliveryId,
        owner: repository.owner.login,
        repo: repository.name,
        defaultBranch: repository.default_branch,
      });
      queued++;
    }
  }
  log.info(
    { owner: job.owner, repositories: queued },
    "organization policy changed: every repository queued for review",
  );
}

/**
 * Whether the policy file is the same blob at `before` as on the default branch now. Only a file
 * found at both with one sha is "the same": a 404 (no such file, or a commit a forced push
 * discarded) means the reviews run, as they would without the comparison. I/O: two REST reads.
 */
async function samePolicyBlob(octokit: ProbotOctokit, job: FanOutJob, before: string): Promise<boolean> {
  const blob = async (ref: string): Promise<string | null> => {
    try {
      const { data } = await octokit.rest.repos.getContent({
        owner: job.owner,
        repo: job.repo,
        path: POLICY_PATH,
        ref,
      });
      return !Array.isArray(data) && data.type === "file" ? data.sha : null;
    } catch (error) {
      if (httpStatusOf(error) === 404) return null;
      throw error;
    }
  };
  const [then, now] = await Promise.all([blob(before), blob(job.defaultBranch)]);
  return then !== null && then === now;
}
