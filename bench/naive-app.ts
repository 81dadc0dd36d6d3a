// The same job done the straightforward way, for comparison: what a first-draft Probot app would
// do with the REST API. One request per thing it needs to know, then one per write, every time.
// It reuses this project's policy parser, evaluation and rendering, so only the GitHub traffic
// differs from the real app.
import type { ApplicationFunction, Context } from "probot";
import type { Evidence, Profile } from "../src/evidence/types.js";
import { evaluate } from "../src/evaluate.js";
import { compilePolicy } from "../src/policy/compile.js";
import { POLICY_PATH } from "../src/policy/load.js";
import { parsePolicy } from "../src/policy/parse.js";
import { CHECK_NAME } from "../src/reconcile/desired.js";
import { renderCheck } from "../src/render/check.js";
import { renderComment } from "../src/render/comment.js";
import { randomBytes } from "node:crypto";
import { emptyState, encodeState, stateBinding } from "../src/state/codec.js";
import { COMMENT_MARKER } from "../src/state/marker.js";
import { deriveStateKey } from "../src/state/signing.js";

/** The naive app signs its record with a key of its own: only the traffic is compared. */
const KEY = deriveStateKey(randomBytes(32));

const LABEL = {
  name: "ethics-review",
  color: "d93f0b",
  description: "Flagged by the ethics policy app for a maintainer to review",
};

export function naiveApp(now: () => Date): ApplicationFunction {
  return (app) => {
    app.on(["pull_request.opened", "pull_request.edited", "pull_request.synchronize"], (context) =>
      review(context, now),
    );
  };
}

async function review(context: Context<"pull_request">, now: () => Date): Promise<void> {
  const { owner, repo } = context.repo();
  const pull_number = context.payload.pull_request.number;
  const gh = context.octokit.rest;

  const { data: pr } = await gh.pulls.get({ owner, repo, pull_number });
  const author = await profile(context, pr.user.login);
  const { data: commits } = await gh.pulls.listCommits({ owner, repo, pull_number, per_page: 100 });
  const { data: file } = await gh.repos.getContent({ owner, repo, path: POLICY_PATH });
  const users: Record<string, Profile> = {};
  for (const c of commits) {
    const login = c.author?.login;
    if (login && login !== author.login && !users[login]) users[login] = await profile(context, login);
  }
  const { data: comments } = await gh.issues.listComments({ owner, repo, issue_number: pull_number, per_page: 100 });
  const { data: checks } = await gh.checks.listForRef({ owner, repo, ref: pr.head.sha, check_name: CHECK_NAME });

  const text =
    "content" in file && typeof file.content === "string" ? Buffer.from(file.content, "base64").toString("utf8") : "";
  const parsed = parsePolicy(text, POLICY_PATH);
  if (!parsed.ok) return;
  const evidence: Evidence = {
    author,
    users,
    commits: commits.map((c) => ({
      sha: c.sha,
      message: c.commit.message,
      author: {
        name: c.commit.author?.name ?? null,
        email: c.commit.author?.email ?? null,
        login: c.author?.login ?? null,
      },
      committer: {
        name: c.commit.committer?.name ?? null,
        email: c.commit.committer?.email ?? null,
        login: c.committer?.login ?? null,
      },
    })),
  };
  const decision = evaluate(compilePolicy(parsed.policy), evidence, { now: now() });
  const state = { ...emptyState(pr.head.sha), flagged: decision.flagged, organizations: decision.organizations };
  const output = renderCheck(decision, parsed.policy);

  if (decision.flagged) {
    try {
      await gh.issues.createLabel({ owner, repo, ...LABEL });
    } catch (error) {
      if ((error as { status?: number }).status !== 422) throw error;
    }
    await gh.issues.addLabels({ owner, repo, issue_number: pull_number, labels: [LABEL.name] });
    const body = renderComment({
      decision,
      policy: parsed.policy,
      repo: { owner, repo, defaultBranch: "main" },
      headSha: pr.head.sha,
      stateLine: encodeState(state, KEY, stateBinding(owner, repo, pull_number)),
      record: { approvals: [], summary: null, tampering: [] },
    });
    const mine = comments.find((c) => c.body?.startsWith(COMMENT_MARKER));
    if (mine) await gh.issues.updateComment({ owner, repo, comment_id: mine.id, body });
    else await gh.issues.createComment({ owner, repo, issue_number: pull_number, body });
  }
  const check = {
    name: CHECK_NAME,
    status: "completed" as const,
    conclusion: output.conclusion,
    output: { title: output.title, summary: output.summary },
  };
  const existing = checks.check_runs[0];
  if (existing) await gh.checks.update({ owner, repo, check_run_id: existing.id, ...check });
  else await gh.checks.create({ owner, repo, head_sha: pr.head.sha, ...check });
}

/** A user's profile and public organizations: two requests. */
async function profile(context: Context<"pull_request">, login: string): Promise<Profile> {
  const { data: user } = await context.octokit.rest.users.getByUsername({ username: login });
  const { data: orgs } = await context.octokit.rest.orgs.listForUser({ username: login });
  return {
    login: user.login,
    type: user.type,
    company: user.company ?? null,
    bio: user.bio ?? null,
    email: user.email ?? null,
    blog: user.blog || null,
    organizations: orgs.map((o) => o.login),
  };
}
