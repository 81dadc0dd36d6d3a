// Webhook intake: Probot has verified the signature; here each event becomes a job, stored before
// the delivery is answered, so nothing slow runs inside the HTTP request. A delivery counts as
// handled once its job is stored: if the store is unreachable the delivery fails (5xx) and GitHub
// can redeliver it, and a maintainer whose approval could not be stored is told so.
import type { Context } from "probot";
import { parseCommand } from "../commands/parse.js";
import { ORG_POLICY_REPO, POLICY_PATH } from "../policy/load.js";
import { renderReply } from "../render/replies.js";
import type { JobData, WorkQueue } from "./types.js";

/** The most commits a push webhook lists (GitHub's documented cap); a longer push may hide a change. */
export const PUSH_PAYLOAD_COMMIT_LIMIT = 2048;

export interface PushSummary {
  ref: string;
  defaultBranch: string;
  forced?: boolean;
  commits: { added?: string[]; modified?: string[]; removed?: string[] }[];
}

/**
 * Whether a push to the default branch may have changed the policy file. The payload's file lists
 * answer it, unless they may be incomplete: GitHub lists at most 2,048 commits, and a forced push
 * lists only the new commits (a change undone by rewriting history is in none of them). Then every
 * open pull request is reviewed again, which is idempotent: an unchanged policy writes nothing.
 */
export function pushMayChangePolicy(push: PushSummary, path: string = POLICY_PATH): boolean {
  if (push.ref !== `refs/heads/${push.defaultBranch}`) return false;
  if (fileListsMayBeIncomplete(push)) return true;
  return push.commits.some((c) => [...(c.added ?? []), ...(c.modified ?? []), ...(c.removed ?? [])].includes(path));
}

/** A forced push lists only the new commits, and a long one at most 2,048: a change may be in none. */
function fileListsMayBeIncomplete(push: Pick<PushSummary, "forced" | "commits">): boolean {
  return push.forced === true || push.commits.length >= PUSH_PAYLOAD_COMMIT_LIMIT;
}

function installationOf(context: { payload: object }): number {
  const installation = "installation" in context.payload ? context.payload.installation : undefined;
  const id = typeof installation === "object" && installation !== null && "id" in installation ? installation.id : null;
  if (typeof id !== "number") throw new Error("the delivery names no installation");
  return id;
}

export function pullRequestJob(context: Context<"pull_request">): JobData {
  const { pull_request: pr, repository } = context.payload;
  return {
    kind: "review",
    installationId: installationOf(context),
    deliveryId: context.id,
    owner: repository.owner.login,
    repo: repository.name,
    number: pr.number,
    defaultBranch: repository.default_branch,
  };
}

/** A command job, or null for comments that are no command (on issues, by bots, without the prefix). */
export function issueCommentJob(context: Context<"issue_comment.created">): JobData | null {
  const { comment, issue, repository, sender } = context.payload;
  if (!issue.pull_request || sender.type === "Bot" || comment.performed_via_github_app) return null;
  if (!parseCommand(comment.body ?? "")) return null;
  return {
    kind: "command",
    event: "issue_comment",
    installationId: installationOf(context),
    deliveryId: context.id,
    payload: context.payload,
    pull: { owner: repository.owner.login, repo: repository.name, number: issue.number },
  };
}

export function checkRunJob(context: Context<"check_run.rerequested" | "check_run.requested_action">): JobData {
  const { check_run: run, repository } = context.payload;
  const pulls = run.pull_requests.filter((p) => p.base.repo.id === repository.id);
  const only = pulls.length === 1 ? pulls[0] : undefined;
  return {
    kind: "command",
    event: "check_run",
    installationId: installationOf(context),
    deliveryId: context.id,
    payload: context.payload,
    pull: only ? { owner: repository.owner.login, repo: repository.name, number: only.number } : null,
  };
}

export function pushJob(context: Context<"push">): JobData | null {
  const { ref, repository, commits, forced, before } = context.payload;
  if (!repository.owner) return null;
  const push = { ref, defaultBranch: repository.default_branch, forced, commits };
  if (!pushMayChangePolicy(push)) return null;
  return {
    kind: "fanout",
    installationId: installationOf(context),
    deliveryId: context.id,
    owner: repository.owner.login,
    repo: repository.name,
    defaultBranch: repository.default_branch,
    // The owner's `.github` repository holds the organization's policy, which may govern them all.
    ...(repository.name.toLowerCase() === ORG_POLICY_REPO ? { scope: "installation" as const } : {}),
    // When the file lists cannot say, the job compares the policy file before and after (a new
    // branch has no before: its sha is all zeros).
    ...(fileListsMayBeIncomplete(push) && !/^0+$/.test(before) ? { since: before } : {}),
  };
}

/**
 * Stores the job; when that fails, a maintainer's approve command is answered "not recorded"
 * (best effort: GitHub may be what is failing) and the delivery fails so it can be redelivered.
 */
export async function enqueue(queue: WorkQueue, context: Context, job: JobData | null): Promise<void> {
  if (!job) return;
  try {
    const added = await queue.add(job);
    if (added === "duplicate")
      context.log.info({ delivery: context.id, event: context.name }, "delivery already handled: skipped");
  } catch (error) {
    context.log.error(
      { err: { message: error instanceof Error ? error.message : String(error) }, job: job.kind },
      "could not queue the work: the delivery fails so that GitHub can redeliver it",
    );
    await tellNotRecorded(context, job);
    throw error;
  }
}

async function tellNotRecorded(context: Context, job: JobData): Promise<void> {
  if (job.kind !== "command" || job.event !== "issue_comment" || !job.pull) return;
  const payload = job.payload as { comment?: { body?: string | null }; sender?: { login?: string } };
  if (parseCommand(payload.comment?.body ?? "")?.name !== "approve") return;
  try {
    await context.octokit.rest.issues.createComment({
      owner: job.pull.owner,
      repo: job.pull.repo,
      issue_number: job.pull.number,
      body: renderReply({ kind: "not_recorded", by: payload.sender?.login ?? "" }),
    });
  } catch {
    // GitHub is down too: the failed delivery is the record.
  }
}
