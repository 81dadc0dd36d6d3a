// The benchmark's multi-process rig, as a larger install runs the app: one Redis (a redis-server
// of the benchmark's own on a free loopback port, unless REDIS_URL is set), the web process
// `npm start` runs (`probot run` on the built entry, ETHICS_POLICY_WORKERS=0: it only takes
// deliveries and queues them) and N worker processes (bench/queue-worker.ts: `npm run worker`
// without Probot's write pacing), all configured through the environment and pointed at the
// GitHub stand-in in this process. I/O: child processes, Redis, loopback HTTP, /proc.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { loadavg } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { Queue } from "bullmq";
import { Redis } from "ioredis";
import { QUEUE_NAME } from "../src/queue/redis.js";
import { freePort, generatePrivateKey, signWebhook } from "../src/standin/loopback.js";
import { startGitHubStandin, type GitHubStandin } from "../src/standin/github-standin.js";
import { INSTALLATION_ID, seedPeople, WEBHOOK_SECRET, type RunningServer } from "./harness.js";
import { checkedPulls, type ReviewAudit } from "./review-audit.js";

const HERE = dirname(fileURLToPath(import.meta.url)); // lib-bench/bench once built
const ROOT = resolve(HERE, "..", "..");
const WEB_ENTRY = join(HERE, "..", "src", "index.js");
const WORKER_ENTRY = join(HERE, "queue-worker.js");
const PROBOT = join(ROOT, "node_modules", "probot", "bin", "probot.js");
const STARTUP_TIMEOUT_MS = 30_000;

const progress = (message: string) => process.stderr.write(`bench: ${message}\n`);

/** A child process of the rig, its output kept (JSON log lines) to count what it logged. */
export interface BenchProcess {
  readonly name: string;
  readonly child: ChildProcess;
  readonly lines: string[];
  readonly exited: Promise<void>;
  /** CPU seconds (user + system, every thread) it has used so far; null where /proc is missing. */
  cpuSeconds(): number | null;
  /** How many of its output lines contain `text`. */
  count(text: string): number;
  /** SIGTERM (a worker finishes its running jobs first) and wait for the exit. */
  stop(): Promise<void>;
}

const CLOCK_TICKS = 100; // USER_HZ: 100 on every Linux Node runs on

function cpuOfPid(pid: number | undefined): number | null {
  if (!pid) return null;
  try {
    // Fields after the command name (which may hold spaces): utime and stime are the 12th and 13th.
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
  } catch {
    return null;
  }
}

function startProcess(name: string, args: string[], env: Record<string, string>, ready: string): Promise<BenchProcess> {
  const child = spawn(process.execPath, args, { cwd: ROOT, env, stdio: ["ignore", "pipe", "pipe"] });
  const lines: string[] = [];
  const exited = new Promise<void>((done) => child.once("exit", () => done()));
  let lastCpu: number | null = null;
  let buffered = "";
  const proc: BenchProcess = {
    name,
    child,
    lines,
    exited,
    cpuSeconds() {
      if (child.exitCode === null && child.signalCode === null) lastCpu = cpuOfPid(child.pid) ?? lastCpu;
      return lastCpu;
    },
    count: (text) => lines.reduce((n, line) => n + (line.includes(text) ? 1 : 0), 0),
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        proc.cpuSeconds();
        child.kill("SIGTERM");
      }
      await exited;
    },
  };
  return new Promise((done, fail) => {
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      fail(new Error(`${name} did not start within ${STARTUP_TIMEOUT_MS / 1000} s:\n${lines.slice(-5).join("\n")}`));
    }, STARTUP_TIMEOUT_MS);
    void exited.then(() => {
      clearTimeout(timer);
      fail(new Error(`${name} exited:\n${lines.slice(-5).join("\n")}`));
    });
    const take = (chunk: Buffer) => {
      buffered += chunk.toString("utf8");
      const complete = buffered.split("\n");
      buffered = complete.pop() ?? "";
      for (const line of complete) {
        if (!line.trim()) continue;
        lines.push(line);
        if (line.includes(ready)) {
          clearTimeout(timer);
          done(proc);
        }
      }
    };
    child.stdout?.on("data", take);
    child.stderr?.on("data", take);
  });
}

export interface BenchRedis {
  url: string;
  /** Key prefix of this run (REDIS_KEY_PREFIX), so a shared Redis is left as it was found. */
  prefix: string;
  /** "own redis-server on a free loopback port" or "REDIS_URL". */
  source: string;
  stop(): Promise<void>;
}

/**
 * REDIS_URL if set (the benchmark's keys are removed afterwards), else a redis-server of its own,
 * not persisting; `skipped` with the reason when neither is possible.
 */
export async function benchRedis(url = process.env.REDIS_URL?.trim()): Promise<BenchRedis | { skipped: string }> {
  const prefix = `ethics-policy-bench-${randomUUID().slice(0, 8)}`;
  if (url) {
    const forget = async () => {
      const client = new Redis(url);
      try {
        const keys = await client.keys(`${prefix}*`);
        if (keys.length) await client.del(...keys);
      } finally {
        client.disconnect();
      }
    };
    return { url, prefix, source: "REDIS_URL", stop: forget };
  }
  if (spawnSync("redis-server", ["--version"]).error)
    return { skipped: "REDIS_URL is unset and redis-server is not installed: these sections need Redis (BullMQ)" };
  const port = await freePort();
  const server = spawn(
    "redis-server",
    ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--loglevel", "notice"],
    { stdio: ["ignore", "pipe", "pipe"] },
  );
  const exited = new Promise<void>((done) => server.once("exit", () => done()));
  let output = "";
  const ready = await new Promise<boolean>((done) => {
    const timer = setTimeout(() => done(false), STARTUP_TIMEOUT_MS);
    void exited.then(() => done(false));
    server.stdout?.on("data", (chunk: Buffer) => {
      output = (output + chunk.toString("utf8")).slice(-4000);
      if (output.includes("Ready to accept connections")) {
        clearTimeout(timer);
        done(true);
      }
    });
  });
  if (!ready) {
    server.kill("SIGKILL");
    return { skipped: `redis-server did not start on port ${port}: ${output.trim().split("\n").slice(-1)[0] ?? ""}` };
  }
  return {
    url: `redis://127.0.0.1:${port}`,
    prefix,
    source: `own redis-server ${
      spawnSync("redis-server", ["--version"])
        .stdout.toString()
        .match(/v=(\S+)/)?.[1] ?? ""
    } on a free loopback port`,
    async stop() {
      server.kill("SIGTERM");
      await exited;
    },
  };
}

export interface Cluster {
  standin: GitHubStandin;
  redis: BenchRedis;
  web: BenchProcess & { server: RunningServer };
  /** Starts `n` worker processes; `env` adds to (or overrides) their environment. */
  startWorkers(n: number, env?: Record<string, string>): Promise<BenchProcess[]>;
  /** Holds the shared queue (BullMQ's global pause): jobs are stored but no worker takes one. */
  pauseQueue(): Promise<void>;
  resumeQueue(): Promise<void>;
  /** Error-level log lines of every process started so far: a run with any is not a valid measurement. */
  errorLines(): string[];
  stop(): Promise<void>;
}

/**
 * The stand-in, Redis and the web process. The stand-in's secondary rate limit is off: together
 * with the workers' pacing off, the figures are the app's own cost (see GITHUB_PACING).
 */
export async function startCluster(redisUrl?: string): Promise<Cluster | { skipped: string }> {
  const redis = await benchRedis(redisUrl);
  if ("skipped" in redis) return redis;
  const standin = await startGitHubStandin({ appId: 123, secondaryRateLimit: false });
  seedPeople(standin);
  standin.addRepo({ owner: "bench", name: ".github" });
  const privateKey = generatePrivateKey();
  const env = (extra: Record<string, string>): Record<string, string> => ({
    PATH: process.env.PATH ?? "",
    NODE_ENV: "production",
    APP_ID: String(standin.appId),
    PRIVATE_KEY: privateKey,
    WEBHOOK_SECRET,
    GHE_HOST: standin.url.replace(/^http:\/\//, ""),
    GHE_PROTOCOL: "http",
    LOG_FORMAT: "json",
    LOG_LEVEL: "info",
    REDIS_URL: redis.url,
    REDIS_KEY_PREFIX: redis.prefix,
    ...extra,
  });
  const port = await freePort();
  progress(`cluster: Redis (${redis.source}), web process (probot run, ETHICS_POLICY_WORKERS=0)`);
  const web = await startProcess(
    "web process",
    [PROBOT, "run", WEB_ENTRY],
    env({ PORT: String(port), HOST: "127.0.0.1", ETHICS_POLICY_WORKERS: "0" }),
    "Listening on",
  ).catch(async (error: unknown) => {
    await standin.close();
    await redis.stop();
    throw error;
  });
  const url = `http://127.0.0.1:${port}`;
  const workers: BenchProcess[] = [];
  const controlConnection = new Redis(redis.url, { maxRetriesPerRequest: null });
  controlConnection.on("error", () => undefined);
  const control = new Queue(QUEUE_NAME, { connection: controlConnection, prefix: redis.prefix });
  control.on("error", () => undefined);
  let n = 0;
  return {
    standin,
    redis,
    web: Object.assign(web, { server: { url, errors: [], stop: () => web.stop() } }),
    async startWorkers(count, extra = {}) {
      const started = await Promise.all(
        Array.from({ length: count }, () =>
          startProcess(`worker ${++n}`, [WORKER_ENTRY], env(extra), '"msg":"worker started'),
        ),
      );
      workers.push(...started);
      return started;
    },
    pauseQueue: () => control.pause(),
    resumeQueue: () => control.resume(),
    errorLines: () =>
      [web, ...workers].flatMap((p) => p.lines.filter((l) => l.includes('"level":50') || l.includes('"level":60'))),
    async stop() {
      await Promise.all([...workers, web].map((p) => p.stop()));
      await control.close();
      controlConnection.disconnect();
      await standin.close();
      await redis.stop();
    },
  };
}

/** Waits until the web process's /health reports no job waiting or running in the shared queue. */
export async function queueIdle(cluster: Cluster): Promise<void> {
  for (;;) {
    const health = (await (await fetch(`${cluster.web.server.url}/health`)).json()) as {
      queue?: { waiting?: number; active?: number };
    };
    if (health.queue?.waiting === 0 && health.queue.active === 0) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

let deliveries = 0;

/**
 * Signed webhook to the web process; throws unless it is answered 200. A connection the server
 * closed as the request left (an idle keep-alive socket) is retried once with the same delivery
 * id, which the queue treats as a redelivery.
 */
export async function deliverOk(cluster: Cluster, event: string, payload: unknown): Promise<void> {
  const raw = JSON.stringify(payload);
  const id = `bench-cluster-${process.pid}-${++deliveries}`;
  const send = () =>
    fetch(`${cluster.web.server.url}/api/github/webhooks`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "user-agent": "GitHub-Hookshot/bench",
        "x-github-event": event,
        "x-github-delivery": id,
        "x-hub-signature-256": signWebhook(WEBHOOK_SECRET, raw),
      },
      body: raw,
    });
  const response = await send().catch(send);
  await response.arrayBuffer();
  if (response.status !== 200) throw new Error(`the web process answered ${response.status} to a ${event} delivery`);
}

/**
 * Waits until `audit` finds all `total` pull requests reviewed, polling the cheap check-run count
 * (`onProgress` sees each) and auditing once it reaches `total`.
 */
export async function untilReviewed(
  standin: GitHubStandin,
  owner: string,
  repo: string,
  audit: () => ReviewAudit,
  total: number,
  timeoutMs: number,
  onProgress: (checked: number) => void = () => undefined,
): Promise<ReviewAudit> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const checked = checkedPulls(standin, owner, repo);
    onProgress(checked);
    if (checked >= total) {
      const state = audit();
      if (state.reviewed >= total) return state;
    }
    if (Date.now() > deadline)
      throw new Error(`only ${audit().reviewed} of ${total} pull requests were reviewed within ${timeoutMs / 1000} s`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** The payload of a push to the default branch that modifies `files`, from GitHub's own example. */
export function pushPayload(owner: string, repo: string, files: string[], sha: string): Record<string, unknown> {
  type Example = { name: string; examples: Record<string, unknown>[] };
  const examples = createRequire(import.meta.url)("@octokit/webhooks-examples/api.github.com/index.json") as Example[];
  const example = examples.find((e) => e.name === "push")?.examples.find((e) => e.installation);
  if (!example) throw new Error("@octokit/webhooks-examples has no push example with an installation");
  const payload = structuredClone(example) as Record<string, unknown> & { repository: Record<string, unknown> };
  const author = { name: "Maintainer", email: "maintainer@example.org", username: "maintainer" };
  const commit = {
    id: sha,
    tree_id: "4".repeat(40),
    distinct: true,
    message: "Update the ethics policy",
    timestamp: "2026-11-30T12:00:00Z",
    url: `https://github.com/${owner}/${repo}/commit/${sha}`,
    author,
    committer: author,
    added: [],
    removed: [],
    modified: files,
  };
  return {
    ...payload,
    ref: "refs/heads/main",
    before: "0".repeat(40),
    after: sha,
    forced: false,
    installation: { id: INSTALLATION_ID, node_id: "MDIzOkludGVncmF0aW9uSW5zdGFsbGF0aW9uNzc3" },
    repository: {
      ...payload.repository,
      name: repo,
      full_name: `${owner}/${repo}`,
      owner: { ...(payload.repository.owner as object), login: owner, name: owner },
      default_branch: "main",
    },
    commits: [commit],
    head_commit: commit,
    pusher: { name: author.username, email: author.email },
  };
}

/** CPU seconds used by this process (the stand-in and the deliveries) and by each child since `before`. */
export function cpuSnapshot(processes: BenchProcess[]): { bench: number; processes: (number | null)[] } {
  const own = process.cpuUsage();
  return { bench: (own.user + own.system) / 1e6, processes: processes.map((p) => p.cpuSeconds()) };
}

export const machineLoad = (): number[] => loadavg().map((x) => Math.round(x * 100) / 100);
