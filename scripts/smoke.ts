// `npm run smoke`: a live check of a deployed ethics-policy app against real GitHub (or a GitHub
// Enterprise Server). It drives a test repository whose default branch holds a test policy, as a
// contributor and a maintainer would, and watches what the app does (scripts/smoke-flow.ts).
// Not part of the published package: compiled by tsconfig.scripts.json into lib-scripts/.
import { createSign } from "node:crypto";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Octokit } from "@octokit/rest";
import { runSmoke, type SmokeDriver, type SmokeRepo } from "./smoke-flow.js";

/** Each variable the live check needs, and what it is for. */
export const REQUIRED_ENV: Record<string, string> = {
  SMOKE_REPOSITORY:
    "owner/repo of a test repository with the app installed and a test policy on its default branch that lists an email domain",
  APP_ID: "the app's id (the check finds the app's bot login with it)",
  PRIVATE_KEY: "the app's private key, PEM (or PRIVATE_KEY_PATH: a file holding it)",
  SMOKE_CONTRIBUTOR_TOKEN:
    "a token (contents and pull requests: write) of the account that pushes a branch and opens the pull request",
  SMOKE_MAINTAINER_TOKEN:
    "a token of a second account whose role on the repository meets the policy's `approvers` (the author of a pull request can never approve it)",
};

const FILE = "ethics-policy-smoke.md";

/** The missing variables (PRIVATE_KEY_PATH stands in for PRIVATE_KEY). */
export function missingEnv(env: NodeJS.ProcessEnv): string[] {
  return Object.keys(REQUIRED_ENV).filter((name) => !env[name] && !(name === "PRIVATE_KEY" && env.PRIVATE_KEY_PATH));
}

export async function main(env: NodeJS.ProcessEnv, out: (line: string) => void): Promise<number> {
  const missing = missingEnv(env);
  if (missing.length > 0) {
    out(`npm run smoke checks a deployed app against GitHub and needs these environment variables:`);
    for (const name of Object.keys(REQUIRED_ENV))
      out(`  ${missing.includes(name) ? "missing" : "set    "}  ${name}: ${REQUIRED_ENV[name]}`);
    out(
      "optional: SMOKE_API_URL (default GITHUB_API_URL or https://api.github.com), SMOKE_TIMEOUT_S (180), SMOKE_POLL_S (5)",
    );
    return 2;
  }
  const [owner = "", repo = ""] = (env.SMOKE_REPOSITORY ?? "").split("/");
  if (!owner || !repo) {
    out(`SMOKE_REPOSITORY must be owner/repo, not ${JSON.stringify(env.SMOKE_REPOSITORY)}`);
    return 2;
  }
  const baseUrl = env.SMOKE_API_URL || env.GITHUB_API_URL || "https://api.github.com";
  const privateKey = env.PRIVATE_KEY || readFileSync(env.PRIVATE_KEY_PATH ?? "", "utf8");
  const app = new Octokit({ baseUrl, auth: appJwt(String(env.APP_ID), privateKey) });
  const contributor = new Octokit({ baseUrl, auth: env.SMOKE_CONTRIBUTOR_TOKEN });
  const maintainer = new Octokit({ baseUrl, auth: env.SMOKE_MAINTAINER_TOKEN });
  try {
    const { data: self } = await app.request("GET /app");
    await app.request("GET /repos/{owner}/{repo}/installation", { owner, repo });
    const botLogin = `${self?.slug ?? ""}[bot]`;
    out(`app ${botLogin} is installed on ${owner}/${repo}`);
    await runSmoke(githubDriver({ owner, repo }, contributor, maintainer), contributor, {
      repo: { owner, repo },
      botLogin,
      timeoutMs: Number(env.SMOKE_TIMEOUT_S ?? 180) * 1000,
      pollMs: Number(env.SMOKE_POLL_S ?? 5) * 1000,
      say: out,
    });
    out("smoke check passed");
    return 0;
  } catch (error) {
    out(`smoke check FAILED: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }
}

/** A GitHub App's JWT (RS256), valid ten minutes, as GitHub asks for app-level requests. */
function appJwt(appId: string, privateKey: string): string {
  const now = Math.floor(Date.now() / 1000);
  const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString("base64url");
  const unsigned = `${encode({ alg: "RS256", typ: "JWT" })}.${encode({ iat: now - 60, exp: now + 540, iss: appId })}`;
  const signature = createSign("RSA-SHA256").update(unsigned).sign(privateKey).toString("base64url");
  return `${unsigned}.${signature}`;
}

/** The flow's actions on GitHub: a branch and pull request as the contributor, the command as the maintainer. */
export function githubDriver(repo: SmokeRepo, contributor: Octokit, maintainer: Octokit): SmokeDriver {
  const branch = `ethics-policy-smoke-${Date.now()}`;
  const put = async (email: string, message: string) => {
    const existing = await contributor.rest.repos
      .getContent({ ...repo, path: FILE, ref: branch })
      .then(({ data }) => (Array.isArray(data) ? undefined : data.sha))
      .catch(() => undefined);
    const identity = { name: "ethics-policy smoke check", email };
    const { data } = await contributor.rest.repos.createOrUpdateFileContents({
      ...repo,
      path: FILE,
      branch,
      message,
      content: Buffer.from(`${message}\n${new Date().toISOString()}\n`).toString("base64"),
      author: identity,
      committer: identity,
      ...(existing ? { sha: existing } : {}),
    });
    return data.commit.sha ?? "";
  };
  return {
    async openPullRequest(email) {
      const { data: info } = await contributor.rest.repos.get({ ...repo });
      const { data: ref } = await contributor.rest.git.getRef({ ...repo, ref: `heads/${info.default_branch}` });
      await contributor.rest.git.createRef({ ...repo, ref: `refs/heads/${branch}`, sha: ref.object.sha });
      const headSha = await put(email, "Smoke check of the ethics policy app");
      const { data: pull } = await contributor.rest.pulls.create({
        ...repo,
        head: branch,
        base: info.default_branch,
        title: "ethics-policy smoke check (closed automatically)",
        body: "Opened by `npm run smoke`; closed and its branch deleted when the check ends.",
      });
      return { number: pull.number, headSha };
    },
    pushCommit: (_number, email) => put(email, "Smoke check: a second commit"),
    async comment(number, body) {
      await maintainer.rest.issues.createComment({ ...repo, issue_number: number, body });
    },
    async cleanUp(number) {
      await contributor.rest.pulls.update({ ...repo, pull_number: number, state: "closed" });
      await contributor.rest.git.deleteRef({ ...repo, ref: `heads/${branch}` }).catch(() => undefined);
    },
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  process.exitCode = await main(process.env, (line) => console.log(line));
}
