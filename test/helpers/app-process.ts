// The app as `npm start` runs it — `probot run` on the built entry (src/index.ts) — in a child
// process configured only through the environment, as in production: APP_ID, PRIVATE_KEY,
// WEBHOOK_SECRET, PORT, HOST, GHE_HOST/GHE_PROTOCOL (pointing at the GitHub stand-in) and
// REDIS_URL (read by Probot for its throttling and by the app for its coordinator).
import { execFile, spawn, type ChildProcess } from "node:child_process";
import { randomUUID } from "node:crypto";
import { freePort, generatePrivateKey } from "../../src/standin/loopback.js";
import { existsSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import type { RunningApp } from "./e2e.js";
import { WEBHOOK_SECRET } from "./e2e.js";

const ROOT = resolve(import.meta.dirname ?? ".", "../..");

/**
 * Compiles src/ into a directory of its own (not lib/, which others may be building), under
 * node_modules so the app's imports resolve; type errors are the type-check's business.
 */
export async function buildEntry(): Promise<{ entry: string; dir: string; remove(): void }> {
  const dir = join(ROOT, "node_modules", ".cache", `ethics-policy-e2e-${randomUUID()}`);
  mkdirSync(dir, { recursive: true });
  // Files under node_modules are CommonJS unless their own package.json says otherwise.
  writeFileSync(join(dir, "package.json"), JSON.stringify({ type: "module", private: true }));
  const tsc = join(ROOT, "node_modules", "typescript", "bin", "tsc");
  await promisify(execFile)(
    process.execPath,
    [tsc, "-p", join(ROOT, "tsconfig.build.json"), "--outDir", dir, "--sourceMap", "false"],
    { cwd: ROOT },
  ).catch((error: { stdout?: string }) => {
    // tsc emits even with type errors; only a missing entry is fatal here.
    if (!existsSync(join(dir, "index.js"))) throw new Error(`build failed: ${error.stdout ?? JSON.stringify(error)}`);
  });
  return { entry: join(dir, "index.js"), dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Polls the process's /health until its queue (shared through Redis, if any) has nothing waiting or running. */
export async function healthIdle(url: string): Promise<void> {
  for (;;) {
    const health = (await (await fetch(`${url}/health`)).json()) as { queue?: { waiting?: number; active?: number } };
    if (health.queue?.waiting === 0 && health.queue.active === 0) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

export interface AppProcess extends RunningApp {
  child: ChildProcess;
}

const privateKey = generatePrivateKey();

/** The environment `npm start` and `npm run worker` read in production, pointed at the stand-in. */
function processEnv(options: { standinUrl: string; appId: number; env?: Record<string, string> }): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH ?? "",
    NODE_ENV: "production",
    APP_ID: String(options.appId),
    PRIVATE_KEY: privateKey,
    WEBHOOK_SECRET,
    GHE_HOST: options.standinUrl.replace(/^http:\/\//, ""),
    GHE_PROTOCOL: "http",
    LOG_FORMAT: "json",
    LOG_LEVEL: "info",
    ...options.env,
  };
}

/** Starts `probot run ENTRY` and resolves once it listens. */
export async function startAppProcess(
  entry: string,
  options: { standinUrl: string; appId: number; env?: Record<string, string> },
): Promise<AppProcess> {
  const port = await freePort();
  const probot = join(ROOT, "node_modules", "probot", "bin", "probot.js");
  const child = spawn(process.execPath, [probot, "run", entry], {
    cwd: join(entry, ".."),
    env: { HOST: "127.0.0.1", PORT: String(port), ...processEnv(options) },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const logs: Record<string, unknown>[] = [];
  const rawLogs: string[] = [];
  let buffered = "";
  const listening = new Promise<void>((done, reject) => {
    const timer = setTimeout(() => reject(new Error(`probot run did not start:\n${rawLogs.join("\n")}`)), 20_000);
    child.once("exit", (code) => reject(new Error(`probot run exited with ${code}:\n${rawLogs.join("\n")}`)));
    const take = (chunk: Buffer) => {
      buffered += chunk.toString("utf8");
      const lines = buffered.split("\n");
      buffered = lines.pop() ?? "";
      for (const line of lines) {
        if (!line.trim()) continue;
        rawLogs.push(line);
        try {
          logs.push(JSON.parse(line) as Record<string, unknown>);
        } catch {
          // Not JSON (a warning from Node): kept in rawLogs only.
        }
        if (line.includes("Listening on")) {
          clearTimeout(timer);
          done();
        }
      }
    };
    child.stdout?.on("data", take);
    child.stderr?.on("data", take);
  });
  await listening;
  return {
    url: `http://127.0.0.1:${port}`,
    stateSecret: privateKey,
    logs,
    rawLogs,
    child,
    idle: () => healthIdle(`http://127.0.0.1:${port}`),
    stop: () =>
      new Promise<void>((done) => {
        if (child.exitCode !== null) return done();
        child.once("exit", () => done());
        child.kill("SIGTERM");
      }),
  };
}

export interface WorkerProcess {
  child: ChildProcess;
  logs: Record<string, unknown>[];
  /** Resolves when the process has exited (after a kill, say). */
  exited: Promise<void>;
  stop(): Promise<void>;
}

/**
 * Starts `npm run worker`'s entry (worker.js next to the built index.js): a process that only runs
 * jobs from the Redis queue, configured by the environment as in production.
 */
export async function startWorkerProcess(
  entry: string,
  options: { standinUrl: string; appId: number; env: Record<string, string> },
): Promise<WorkerProcess> {
  const child = spawn(process.execPath, [join(entry, "..", "worker.js")], {
    cwd: join(entry, ".."),
    env: processEnv(options),
    stdio: ["ignore", "pipe", "pipe"],
  });
  const logs: Record<string, unknown>[] = [];
  const raw: string[] = [];
  const exited = new Promise<void>((done) => child.once("exit", () => done()));
  let buffered = "";
  const started = new Promise<void>((done, reject) => {
    const timer = setTimeout(() => reject(new Error(`worker did not start:\n${raw.join("\n")}`)), 20_000);
    void exited.then(() => reject(new Error(`worker exited:\n${raw.join("\n")}`)));
    const take = (chunk: Buffer) => {
      buffered += chunk.toString("utf8");
      const lines = buffered.split("\n");
      buffered = lines.pop() ?? "";
      for (const line of lines) {
        if (!line.trim()) continue;
        raw.push(line);
        try {
          logs.push(JSON.parse(line) as Record<string, unknown>);
        } catch {
          // Not JSON (a warning from Node).
        }
        if (line.includes(`"msg":"worker started`)) {
          clearTimeout(timer);
          done();
        }
      }
    };
    child.stdout?.on("data", take);
    child.stderr?.on("data", take);
  });
  await started;
  return {
    child,
    logs,
    exited,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
      await exited;
    },
  };
}
