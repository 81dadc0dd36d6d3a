// The benchmark's rig: a real Probot Server (what `npm start` runs) with an app loaded, pointed at
// the GitHub stand-in on loopback, and signed webhook deliveries over HTTP. The same approach as
// test/helpers/e2e.ts, without any test framework.
import { Writable } from "node:stream";
import { pino } from "pino";
import { Probot, Server, type ApplicationFunction } from "probot";
import { freePort, generatePrivateKey, loopbackOctokit, signWebhook } from "../src/standin/loopback.js";
import type { GitHubStandin, StandinRequest } from "../src/standin/github-standin.js";
import { fakeSha } from "../src/standin/state.js";

export const WEBHOOK_SECRET = "bench-webhook-secret";
export const INSTALLATION_ID = 777;

const privateKey = generatePrivateKey();
const UNTHROTTLED = loopbackOctokit();

export interface RunningServer {
  url: string;
  /** Error-level log lines (a handler that threw): a run with any is not a valid measurement. */
  errors: string[];
  stop(): Promise<void>;
}

/**
 * Starts a Probot Server with `app`. Logs are written at info level, as in production, to a sink
 * that only keeps errors, so their cost is measured but they do not clutter the output.
 */
export async function startServer(standin: GitHubStandin, app: ApplicationFunction): Promise<RunningServer> {
  const errors: string[] = [];
  const sink = new Writable({
    write(chunk, _encoding, done) {
      for (const line of String(chunk).split("\n"))
        if (line.includes('"level":50') || line.includes('"level":60')) errors.push(line);
      done();
    },
  });
  const server = new Server({
    Probot: Probot.defaults({
      appId: standin.appId,
      privateKey,
      secret: WEBHOOK_SECRET,
      baseUrl: standin.url,
      Octokit: UNTHROTTLED,
    }),
    host: "127.0.0.1",
    port: await freePort(),
    log: pino({ level: "info" }, sink),
  });
  await server.load(app);
  await server.start();
  return { url: `http://127.0.0.1:${server.port}`, errors, stop: () => server.stop() };
}

let deliveries = 0;

/** POSTs a signed webhook; resolves when the app answers (Probot v14 answers after its handlers). */
export async function deliver(server: RunningServer, event: string, payload: unknown): Promise<number> {
  const raw = JSON.stringify(payload);
  const response = await fetch(`${server.url}/api/github/webhooks`, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      "user-agent": "GitHub-Hookshot/bench",
      "x-github-event": event,
      "x-github-delivery": `bench-${process.pid}-${++deliveries}`,
      "x-hub-signature-256": signWebhook(WEBHOOK_SECRET, raw),
    },
    body: raw,
  });
  await response.arrayBuffer();
  return response.status;
}

export const BENCH_POLICY = `version: 1
statement: >-
  This project does not accept contributions made on behalf of organizations that build
  tooling for mass surveillance and deportation.
policy_url: ETHICS.md
organizations:
  - name: Palantir Technologies
    aliases: [Palantir]
    github_orgs: [palantir]
    email_domains: [palantir.com, "*.palantir.com"]
    reason: Builds ICE's case-management and deportation-targeting software.
  - name: Clearview AI
    github_orgs: [clearviewai]
    email_domains: [clearview.ai]
    reason: Sells face recognition built on scraped photos to police.
`;

/** Seeds the people every benchmark pull request is written by. */
export function seedPeople(standin: GitHubStandin): void {
  standin.addUser({
    login: "pat",
    company: "Palantir Technologies",
    bio: "Forward deployed engineer.",
    organizations: ["palantir", "rust-lang"],
    websiteUrl: "https://pat.dev",
  });
  standin.addUser({
    login: "casey",
    company: "Acme Widgets",
    bio: "Compilers.",
    organizations: ["acme", "rust-lang"],
    email: "casey@acme.example",
  });
  standin.addUser({ login: "robin", company: null, bio: "Docs and tests.", organizations: ["rust-lang"] });
}

export function seedRepo(standin: GitHubStandin, owner: string, name: string, labels: string[] = []): void {
  standin.addRepo({
    owner,
    name,
    files: { ".github/ethics-policy.yml": BENCH_POLICY, "ETHICS.md": "# Ethics\n" },
    labels,
  });
}

/**
 * A pull request of two commits: one by `author`, one by robin (another account, with a
 * Co-authored-by trailer), as a first-time contributor's pull request often is. Returns the
 * `pull_request.opened` payload GitHub would send (the fields Probot and the apps read).
 */
export function openPullRequest(
  standin: GitHubStandin,
  owner: string,
  repo: string,
  number: number,
  author: string,
): Record<string, unknown> {
  const first = fakeSha("bench", owner, repo, number, 1);
  const head = fakeSha("bench", owner, repo, number, 2);
  standin.addPullRequest({
    owner,
    repo,
    number,
    author,
    commits: [
      {
        sha: first,
        message: "Add a cache",
        author: { name: author, email: `${author}@users.noreply.github.com`, login: author },
      },
      {
        sha: head,
        message: `Document the cache\n\nCo-authored-by: ${author} <${author}@users.noreply.github.com>`,
        author: { name: "Robin", email: "robin@example.org", login: "robin" },
      },
    ],
  });
  return pullRequestPayload(owner, repo, number, head, author);
}

export function pullRequestPayload(
  owner: string,
  repo: string,
  number: number,
  headSha: string,
  author: string,
  action = "opened",
): Record<string, unknown> {
  const repository = {
    name: repo,
    full_name: `${owner}/${repo}`,
    owner: { login: owner, type: "Organization" },
    default_branch: "main",
    private: false,
  };
  return {
    action,
    number,
    pull_request: {
      number,
      state: "open",
      draft: false,
      user: { login: author, type: "User" },
      head: { sha: headSha, ref: `change-${number}` },
      base: { ref: "main", repo: repository },
    },
    repository,
    sender: { login: author, type: "User" },
    installation: { id: INSTALLATION_ID },
  };
}

export const isTokenExchange = (r: StandinRequest): boolean =>
  /^\/app\/installations\/[^/]+\/access_tokens/.test(r.path);

/** The requests `work` caused at the stand-in, token exchanges left out. */
export async function requestsDuring(standin: GitHubStandin, work: () => Promise<unknown>): Promise<StandinRequest[]> {
  const before = standin.requests.length;
  await work();
  return standin.requests.slice(before).filter((r) => !isTokenExchange(r));
}

export const describeRequest = (r: StandinRequest): string =>
  r.operationName ? `${r.method} ${r.path} ${r.operationName}` : `${r.method} ${r.path.replace(/\?.*$/, "")}`;
