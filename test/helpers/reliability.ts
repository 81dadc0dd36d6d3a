// Shared by the reliability and cluster end-to-end tests: a repository with a policy and a pull
// request by a Palantir employee in the stand-in, webhook payloads that point at it, and an audit
// of the end state that counts what must never happen (duplicate comments, labels or checks, lost
// approvals) and records it in the figures.
import { createRequire } from "node:module";
import { hasMarker, claimedState as decodeState } from "./state.js";
import type { GitHubStandin } from "../../src/standin/github-standin.js";
import { fakeSha } from "../../src/standin/state.js";
import { recordFigures, type Figures } from "./figures.js";
import { INSTALLATION_ID, pullRequestPayload, withAction } from "./e2e.js";
import { webhookPayloadProblems } from "./webhook-schemas.js";

export const OWNER = "entropic-dev";
export const REPO = "entropic";
export const BRANCH = "main";
export const CHECK_NAME = "Ethics policy";
export const MAINTAINER = "maintainer-mo";

export const POLICY = `version: 1
statement: >-
  This project does not accept contributions made on behalf of organizations that build
  tooling for mass surveillance and deportation.
organizations:
  - name: Palantir Technologies
    aliases: [Palantir]
    github_orgs: [palantir]
    email_domains: [palantir.com, "*.palantir.com"]
    reason: Builds ICE's case-management and deportation-targeting software.
`;

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export interface SeededPull {
  number: number;
  author: string;
  headSha: string;
  /** A pull_request payload for the PR as seeded; `action` and `headSha` may be overridden. */
  payload(action?: string, headSha?: string): Json;
  /** The fork the head branch is in, when the pull request comes from one. */
  fork?: { owner: string; name: string };
}

export interface SeedOptions {
  number: number;
  author?: string;
  company?: string | null;
  /** Commits, oldest first; default one commit by the author. */
  shas?: string[];
  email?: string;
  /** A pull request from a fork: the head repository's owner and name. */
  fork?: { owner: string; name: string };
}

/** The test repository: `policy` on its default branch, and the maintainer's role. */
export function seedRepo(standin: GitHubStandin, policy: string = POLICY): void {
  standin.addRepo({
    owner: OWNER,
    name: REPO,
    defaultBranch: BRANCH,
    files: { ".github/ethics-policy.yml": policy },
    roles: { [MAINTAINER]: "maintain" },
  });
  standin.addUser({ login: MAINTAINER });
}

/** The repository (once), the maintainer's role, the author and an open pull request. */
export function seedPull(standin: GitHubStandin, options: SeedOptions): SeededPull {
  if (!standin.state.repo(OWNER, REPO)) seedRepo(standin);
  const author = options.author ?? `pat-${options.number}`;
  standin.addUser({
    login: author,
    company: options.company === undefined ? "Palantir Technologies" : options.company,
  });
  const shas = options.shas ?? [fakeSha("reliability", options.number)];
  const email = options.email ?? `${author}@users.noreply.github.com`;
  standin.addPullRequest({
    owner: OWNER,
    repo: REPO,
    number: options.number,
    author,
    ...(options.fork ? { headRepository: options.fork } : {}),
    commits: shas.map((sha, i) => ({
      sha,
      message: `Change ${i + 1}`,
      author: { name: author, email, login: author },
    })),
  });
  const headSha = shas.at(-1) as string;
  return {
    number: options.number,
    author,
    headSha,
    ...(options.fork ? { fork: options.fork } : {}),
    // A real `opened` payload with its action changed: the captured examples lack some actions.
    payload: (action = "opened", sha = headSha) => ({
      ...withAction(
        pullRequestPayload({
          owner: OWNER,
          repo: REPO,
          number: options.number,
          headSha: sha,
          author,
          defaultBranch: BRANCH,
        }),
        action,
      ),
    }),
  };
}

/** Moves the pull request's head to a new commit, as a push to its branch does. */
export function pushCommit(standin: GitHubStandin, pull: SeededPull, sha: string, email?: string): void {
  const pr = standin.pullRequest(OWNER, REPO, pull.number);
  const author = pull.author;
  pr.commits.push({
    sha,
    message: `Change ${pr.commits.length + 1}`,
    author: { name: author, email: email ?? `${author}@users.noreply.github.com`, login: author },
    committer: { name: "GitHub", email: "noreply@github.com", login: "web-flow" },
  });
  pr.headSha = sha;
  pull.headSha = sha;
}

type Example = { name: string; examples: Json[] };
const examples = createRequire(import.meta.url)("@octokit/webhooks-examples/api.github.com/index.json") as Example[];

function example(name: string, action: string): Json {
  // Some captured examples predate fields GitHub now always sends: take one that fits the schema.
  const found = examples
    .find((e) => e.name === name)
    ?.examples.find((e) => e.action === action && webhookPayloadProblems(name, e).length === 0);
  if (!found) throw new Error(`no ${name}.${action} example`);
  const payload = structuredClone(found);
  payload.installation = { id: INSTALLATION_ID, node_id: "MDIzOkludGVncmF0aW9uSW5zdGFsbGF0aW9uNDI0Mg==" };
  payload.repository = {
    ...payload.repository,
    id: 4242,
    name: REPO,
    full_name: `${OWNER}/${REPO}`,
    owner: { ...payload.repository.owner, login: OWNER },
    default_branch: BRANCH,
  };
  return payload;
}

let commentIds = 900_000_000;

/**
 * An issue_comment.created payload for a comment on the pull request. The comment itself is also
 * added to the stand-in, as GitHub would have it before delivering the event.
 */
export function commentPayload(
  standin: GitHubStandin,
  pull: SeededPull,
  body: string,
  sender: string,
  senderType = "User",
): Json {
  const payload = example("issue_comment", "created");
  const pr = standin.pullRequest(OWNER, REPO, pull.number);
  const stored = standin.state.addComment(pr, { body, authorLogin: sender, viaApp: false }, ++commentIds);
  payload.issue = {
    ...payload.issue,
    number: pull.number,
    user: { ...payload.issue.user, login: pull.author },
    pull_request: {
      url: `https://api.github.com/repos/${OWNER}/${REPO}/pulls/${pull.number}`,
      html_url: `https://github.com/${OWNER}/${REPO}/pull/${pull.number}`,
      diff_url: `https://github.com/${OWNER}/${REPO}/pull/${pull.number}.diff`,
      patch_url: `https://github.com/${OWNER}/${REPO}/pull/${pull.number}.patch`,
      merged_at: null,
    },
  };
  payload.comment = {
    ...payload.comment,
    id: stored.id,
    body,
    created_at: stored.createdAt,
    updated_at: stored.createdAt,
    user: { ...payload.comment.user, login: sender, type: senderType },
    performed_via_github_app: null,
  };
  payload.sender = { ...payload.sender, login: sender, type: senderType };
  return payload;
}

/** A GitHub App as webhooks describe one (e.g. a comment's `performed_via_github_app`). */
export function githubApp(id: number, slug: string): Json {
  return { ...(example("check_run", "created").check_run as Json).app, id, slug };
}

/** A check_run payload for the app's check on the pull request's head. */
export function checkRunPayload(
  standin: GitHubStandin,
  pull: SeededPull,
  action: "rerequested" | "requested_action",
  sender: string,
): Json {
  // The captured examples hold no schema-valid `rerequested` one: it is `requested_action`'s
  // payload without the requested action, which is how GitHub's schema describes it.
  const payload = example("check_run", "requested_action");
  payload.action = action;
  if (action === "rerequested") delete payload.requested_action;
  const repoUrl = `https://api.github.com/repos/${OWNER}/${REPO}`;
  const run = standin
    .checkRuns(OWNER, REPO, pull.headSha)
    .filter((r) => r.name === CHECK_NAME)
    .at(-1);
  payload.check_run = {
    ...payload.check_run,
    id: run?.id ?? 1,
    name: CHECK_NAME,
    head_sha: pull.headSha,
    external_id: run?.externalId ?? "",
    app: { ...payload.check_run.app, id: standin.appId },
    // GitHub lists only pull requests whose head is in the repository itself: [] for a fork's.
    pull_requests: pull.fork
      ? []
      : [
          {
            url: `https://api.github.com/repos/${OWNER}/${REPO}/pulls/${pull.number}`,
            id: 2_200_000_000 + pull.number,
            number: pull.number,
            head: { ref: `change-${pull.number}`, sha: pull.headSha, repo: { id: 4242, url: repoUrl, name: REPO } },
            base: { ref: BRANCH, sha: fakeSha("base", pull.number), repo: { id: 4242, url: repoUrl, name: REPO } },
          },
        ],
  };
  if (action === "requested_action") payload.requested_action = { identifier: "approve" };
  if (action === "rerequested") {
    // Re-run is offered on a completed check run, in a completed suite.
    const conclusion = run?.conclusion ?? "neutral";
    payload.check_run.status = "completed";
    payload.check_run.conclusion = conclusion;
    payload.check_run.completed_at = payload.check_run.completed_at ?? "2026-01-01T00:00:00Z";
    payload.check_run.check_suite = { ...payload.check_run.check_suite, status: "completed", conclusion };
  }
  payload.sender = { ...payload.sender, login: sender, type: "User" };
  return payload;
}

/** The app's own comments carrying its marker (what reconcile treats as "the comment"). */
export function appComments(standin: GitHubStandin, number: number) {
  return standin.pullRequest(OWNER, REPO, number).comments.filter((c) => c.viaApp && hasMarker(c.body));
}

/** The app's check runs on a commit. */
export function appChecks(standin: GitHubStandin, sha: string) {
  return standin.checkRuns(OWNER, REPO, sha).filter((r) => r.name === CHECK_NAME && r.appId === standin.appId);
}

export type Audit = Pick<Figures, "duplicateComments" | "duplicateLabels" | "duplicateChecks" | "lostApprovals">;

export interface AuditExpectations {
  /** Logins whose approvals must be in the app comment's hidden state. */
  approvedBy?: string[];
}

/**
 * Counts, for one pull request's end state: app comments beyond one, labels present more than
 * once, app check runs beyond one on the current head, and expected approvals missing from the
 * app comment's state. Records them (and the faults the stand-in injected so far) in the figures.
 */
export function audit(standin: GitHubStandin, pull: SeededPull, expect: AuditExpectations = {}): Audit {
  const pr = standin.pullRequest(OWNER, REPO, pull.number);
  const comments = appComments(standin, pull.number);
  const labels = new Map<string, number>();
  for (const l of pr.labels) labels.set(l.toLowerCase(), (labels.get(l.toLowerCase()) ?? 0) + 1);
  const checks = appChecks(standin, pr.headSha);
  const state = comments.length ? decodeState(comments[0]?.body) : null;
  const approvers = new Set((state?.approvals ?? []).map((a) => a.by.toLowerCase()));
  const result: Audit = {
    duplicateComments: Math.max(0, comments.length - 1),
    duplicateLabels: [...labels.values()].reduce((sum, n) => sum + n - 1, 0),
    duplicateChecks: Math.max(0, checks.length - 1),
    lostApprovals: (expect.approvedBy ?? []).filter((login) => !approvers.has(login.toLowerCase())).length,
  };
  recordFigures({ pullRequestsChecked: 1, ...result });
  return result;
}

export const CLEAN: Audit = { duplicateComments: 0, duplicateLabels: 0, duplicateChecks: 0, lostApprovals: 0 };

/** Records the faults the stand-in answered with since its last reset; call before resetting it. */
export function recordFaults(standin: GitHubStandin): number {
  const faults = standin.requests.filter((r) => r.injected).length;
  recordFigures({ faults });
  return faults;
}

export interface PushOptions {
  /** Files the commit changes. Default: the policy file. */
  files?: string[];
  /** The commit's author, committer and pusher. */
  author?: { name: string; email: string; username: string };
  message?: string;
  sha?: string;
  installationId?: number;
}

/**
 * A real captured push payload (the newest capture, one with an installation: older ones lack
 * fields GitHub now sends) to the default branch of the reliability repository, with one commit.
 */
export function pushPayload(options: PushOptions = {}): Json {
  const example = examples.find((e) => e.name === "push")?.examples.find((e) => e.installation);
  if (!example) throw new Error("no push example");
  const payload = structuredClone(example);
  const sha = options.sha ?? "3".repeat(40);
  const author = options.author ?? { name: "Maintainer", email: "maintainer@example.org", username: MAINTAINER };
  payload.installation = {
    id: options.installationId ?? INSTALLATION_ID,
    node_id: "MDIzOkludGVncmF0aW9uSW5zdGFsbGF0aW9uNDI0Mg==",
  };
  payload.ref = `refs/heads/${BRANCH}`;
  payload.repository = {
    ...payload.repository,
    name: REPO,
    full_name: `${OWNER}/${REPO}`,
    owner: { ...payload.repository.owner, login: OWNER, name: OWNER },
    default_branch: BRANCH,
  };
  payload.forced = false;
  const commit = {
    id: sha,
    tree_id: "4".repeat(40),
    distinct: true,
    message: options.message ?? "Update the policy",
    timestamp: "2026-11-30T12:00:00Z",
    url: `https://github.com/${OWNER}/${REPO}/commit/${sha}`,
    author,
    committer: author,
    added: [],
    removed: [],
    modified: options.files ?? [".github/ethics-policy.yml"],
  };
  payload.commits = [commit];
  payload.head_commit = commit;
  payload.pusher = { name: author.username, email: author.email };
  return payload;
}
