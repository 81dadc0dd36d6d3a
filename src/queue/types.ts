// The work the app queues between webhook intake and GitHub, and what a queue backend provides.
// Jobs carry identifiers, not pull request contents: a job reads GitHub's current state when it
// runs, so it is idempotent and a burst of events for one pull request needs only one review.
import { pullRequestKey } from "../coordination/coordinator.js";

interface JobBase {
  installationId: number;
  /** The X-GitHub-Delivery id of the event that caused the job: its decision id in logs. */
  deliveryId: string;
}

/** Review one pull request against its repository's current policy. Coalesced per pull request. */
export interface ReviewJob extends JobBase {
  kind: "review";
  owner: string;
  repo: string;
  number: number;
  defaultBranch: string;
}

/** A maintainer's command or a check run button: the event's handler, run once per delivery. */
export interface CommandJob extends JobBase {
  kind: "command";
  event: "issue_comment" | "check_run";
  payload: object;
  /** The pull request it is about, when the payload names one (held while the job runs). */
  pull: { owner: string; repo: string; number: number } | null;
}

/**
 * The policy changed on a default branch: one review job per open pull request of the repository.
 * With `scope: "installation"` the organization's policy changed (in its `.github` repository),
 * which may govern every repository: one such job per repository the installation can reach.
 */
export interface FanOutJob extends JobBase {
  kind: "fanout";
  owner: string;
  repo: string;
  defaultBranch: string;
  scope?: "installation";
  /**
   * The commit before the push, when its file lists may be incomplete (forced, or 2,048 commits):
   * the job first compares the policy file there and now, and reviews nothing if it is the same.
   */
  since?: string;
}

export type JobData = ReviewJob | CommandJob | FanOutJob;

/**
 * How a queue names a job. `jobId` is added once (a redelivery of the same delivery is a
 * duplicate; BullMQ ids hold no ":"). `coalesce`, for reviews, keeps one pending job per pull
 * request: a review not started yet covers every later event for it.
 */
export function jobKey(job: JobData): { jobId: string; coalesce: string | null } {
  switch (job.kind) {
    case "review": {
      const pull = pullRequestKey(job.owner, job.repo, job.number);
      return { jobId: `review-${job.deliveryId}-${pull}`, coalesce: `review:${pull}` };
    }
    case "command":
      return { jobId: `command-${job.deliveryId}`, coalesce: null };
    case "fanout":
      // One delivery of an organization's policy change fans out into a job per repository.
      return {
        jobId:
          job.scope === "installation"
            ? `fanout-${job.deliveryId}-installation`
            : `fanout-${job.deliveryId}-${`${job.owner}/${job.repo}`.toLowerCase()}`,
        coalesce: null,
      };
  }
}

/** The pull request a job works on, if known before it runs: no two such jobs run at once. */
export function pullOf(job: JobData): string | null {
  if (job.kind === "review") return pullRequestKey(job.owner, job.repo, job.number);
  if (job.kind === "command" && job.pull) return pullRequestKey(job.pull.owner, job.pull.repo, job.pull.number);
  return null;
}

/** What a job's code gets besides its data. */
export interface JobScope {
  /** Which try this is (1 for the first). */
  attempt: number;
  /**
   * Runs `fn` holding the pull request `key` (ReviewDeps.lock). Held already for the job's own
   * pull request; for another one taken now, and if it is busy the job is put back for later.
   */
  lock<T>(key: string, fn: () => Promise<T>): Promise<T>;
}

export type JobRunner = (job: JobData, scope: JobScope) => Promise<void>;

export interface QueueStats {
  /** Jobs waiting to run, now or later (delayed for a retry, a busy pull request or a rate limit). */
  waiting: number;
  active: number;
  /** Seconds since the oldest job that could run now was queued; 0 when none waits. */
  oldestWaitingSeconds: number;
  /** Failed tries that will be tried again, counted by this process since it started. */
  retries: number;
  /** Jobs that failed every try and wait for an operator (the dead-letter list). */
  deadLetters: number;
}

/** "queued"; "coalesced" into a review not started yet; or a "duplicate" of a delivery already queued. */
export type AddResult = "queued" | "coalesced" | "duplicate";

export interface QueueLogger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

export interface DeadLetter {
  job: JobData;
  error: string;
  attempts: number;
}

export interface WorkQueue {
  /** "redis" (BullMQ, durable), "memory" (this process) or "inline" (run inside the add). */
  readonly kind: "redis" | "memory" | "inline";
  /**
   * Queues a job; resolves once it is stored (durably, with Redis). Rejects when the store
   * cannot be reached: the delivery then fails and GitHub can redeliver it.
   */
  add(job: JobData): Promise<AddResult>;
  /** Starts running jobs in this process with `run`; retries and dead letters are logged to `log`. */
  work(run: JobRunner, log?: QueueLogger): void;
  stats(): Promise<QueueStats>;
  /** Resolves once no job waits or runs (a test's "the app is done"). */
  idle(): Promise<void>;
  close(): Promise<void>;
}

/** Thrown from a job's lock when its pull request is busy: the job runs again later, not counted as a try. */
export class PullRequestBusy extends Error {
  constructor(readonly key: string) {
    super(`pull request ${key} is busy with another job`);
    this.name = "PullRequestBusy";
  }
}

/** How long a job whose pull request is busy waits before it tries again. */
export const BUSY_RETRY_MS = 250;
