// Issue 9, break 9: local development as documented. `npm start` is `probot run`: with
// WEBHOOK_PROXY_URL it must forward a smee.io channel's webhooks to the app (smee-client is a
// dependency now, and Probot finds it), the setup page must register that channel as the webhook
// URL, and SENTRY_DSN must start (with @sentry/node) and report errors through Sentry's transport.
// Offline: the "smee channel" is a server-sent-events server on loopback, the DSN points at a
// loopback collector, GitHub is the stand-in.
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { spawn } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { freePort, signWebhook } from "../../src/standin/loopback.js";
import { startGitHubStandin, type GitHubStandin } from "../../src/standin/github-standin.js";
import { build as esbuild } from "esbuild";
import { startAppProcess, type AppProcess } from "../helpers/app-process.js";
import { eventually, WEBHOOK_SECRET } from "../helpers/e2e.js";
import { seedPull } from "../helpers/reliability.js";

const ROOT = resolve(import.meta.dirname ?? ".", "../..");

/**
 * The entry `npm start` runs (src/index.ts), bundled with esbuild (much cheaper than tsc) into a
 * directory under node_modules, so its packages resolve as the built lib/ does.
 */
async function buildEntry(): Promise<{ entry: string; remove(): void }> {
  const dir = join(ROOT, "node_modules", ".cache", `ethics-policy-dev-${randomUUID()}`);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "package.json"), JSON.stringify({ type: "module", private: true }));
  const entry = join(dir, "index.js");
  await esbuild({
    entryPoints: [join(ROOT, "src", "index.ts")],
    outfile: entry,
    bundle: true,
    packages: "external",
    platform: "node",
    format: "esm",
    target: "node20",
    logLevel: "silent",
  });
  return { entry, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** GET a page, trying again a few times while a just-started server is not answering yet. */
async function fetchText(url: string): Promise<string> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await (await fetch(url)).text();
    } catch (error) {
      if (attempt >= 20) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

interface Loopback {
  url: string;
  server: Server;
  close(): Promise<void>;
}

async function listen(handler: (req: IncomingMessage, res: ServerResponse) => void): Promise<Loopback> {
  const server = createServer(handler);
  await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    server,
    close: () =>
      new Promise<void>((done) => {
        server.closeAllConnections();
        server.close(() => done());
      }),
  };
}

/** A smee.io channel on loopback: clients subscribe with EventSource; `send` relays a webhook as smee does. */
async function smeeChannel() {
  const clients: ServerResponse[] = [];
  let connected!: () => void;
  const subscribed = new Promise<void>((done) => (connected = done));
  const loopback = await listen((req, res) => {
    res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache", connection: "keep-alive" });
    res.write(": ready\n\n");
    clients.push(res);
    connected();
  });
  return {
    ...loopback,
    channel: `${loopback.url}/channel-e2e`,
    subscribed,
    /** smee's message: the delivery's headers as keys, its JSON body under `body`. */
    send(event: string, id: string, payload: unknown) {
      const raw = JSON.stringify(payload);
      const message = {
        "x-github-event": event,
        "x-github-delivery": id,
        "x-hub-signature-256": signWebhook(WEBHOOK_SECRET, raw),
        "user-agent": "GitHub-Hookshot/e2e",
        body: payload,
        query: {},
        timestamp: Date.now(),
      };
      for (const client of clients) client.write(`data: ${JSON.stringify(message)}\n\n`);
    },
  };
}

/** A Sentry ingestion endpoint on loopback: every envelope POSTed, as text. */
async function sentryCollector() {
  const envelopes: string[] = [];
  const loopback = await listen((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      if (req.method === "POST" && /\/api\/\d+\/envelope\//.test(req.url ?? ""))
        envelopes.push(Buffer.concat(chunks).toString("utf8"));
      res.writeHead(200, { "content-type": "application/json" }).end("{}");
    });
  });
  const { port } = loopback.server.address() as AddressInfo;
  return { ...loopback, envelopes, dsn: `http://e2epublickey@127.0.0.1:${port}/1` };
}

describe("npm start (probot run) for local development", () => {
  let standin: GitHubStandin;
  let smee: Awaited<ReturnType<typeof smeeChannel>>;
  let sentry: Awaited<ReturnType<typeof sentryCollector>>;
  let build: Awaited<ReturnType<typeof buildEntry>>;
  let app: AppProcess;

  beforeAll(async () => {
    standin = await startGitHubStandin({ appId: 123 });
    smee = await smeeChannel();
    sentry = await sentryCollector();
    build = await buildEntry();
    app = await startAppProcess(build.entry, {
      standinUrl: standin.url,
      appId: standin.appId,
      env: { WEBHOOK_PROXY_URL: smee.channel, SENTRY_DSN: sentry.dsn, NODE_ENV: "development" },
    });
    await smee.subscribed;
  }, 120_000);
  afterAll(async () => {
    await app?.stop();
    build?.remove();
    await Promise.all([standin?.close(), smee?.close(), sentry?.close()]);
  });

  it("receives a webhook through the WEBHOOK_PROXY_URL channel and handles it", async () => {
    const pull = seedPull(standin, { number: 1 });
    smee.send("pull_request", "smee-1", pull.payload());

    await eventually(() => expect(standin.checkRuns("entropic-dev", "entropic", pull.headSha)).toHaveLength(1), 20_000);
    expect(app.rawLogs.join("\n")).not.toMatch(/npm install --save-dev smee-client/);
    expect(app.rawLogs.join("\n")).toMatch(/Forwarding/);
  }, 30_000);

  it("reports an error through Sentry's transport to SENTRY_DSN", async () => {
    const pull = seedPull(standin, { number: 2 });
    // Refused for good (no retry can fix a 422): the job goes to the dead letters, logged at level error.
    standin.failNext(
      { operationName: "EthicsPolicyPullRequest" },
      { status: 422, body: { message: "Validation Failed" } },
    );
    smee.send("pull_request", "smee-2", pull.payload());

    await eventually(() => expect(sentry.envelopes.length).toBeGreaterThan(0), 20_000);
    const envelope = sentry.envelopes.join("\n");
    expect(envelope).toContain('"type":"event"');
    // What Sentry receives is what the log says: no payload, no profile text.
    expect(envelope).not.toContain("Palantir");
  }, 30_000);
});

describe("npm start without credentials (the setup page)", () => {
  it("registers the WEBHOOK_PROXY_URL channel as the app's webhook URL, not the manifest's placeholder", async () => {
    // A directory with only app.yml and package.json: no .env of a developer's is read.
    const cwd = mkdtempSync(join(tmpdir(), "ethics-policy-setup-"));
    copyFileSync(join(ROOT, "app.yml"), join(cwd, "app.yml"));
    copyFileSync(join(ROOT, "package.json"), join(cwd, "package.json"));
    const port = await freePort();
    // The channel must answer: Probot connects to it in setup mode too.
    const smee = await smeeChannel();
    const channel = smee.channel;
    const child = spawn(
      process.execPath,
      [join(ROOT, "node_modules", "probot", "bin", "probot.js"), "run", "./lib/index.js"],
      {
        cwd,
        env: { PATH: process.env.PATH ?? "", HOST: "127.0.0.1", PORT: String(port), WEBHOOK_PROXY_URL: channel },
        stdio: ["ignore", "pipe", "pipe"],
      },
    );
    try {
      let output = "";
      await new Promise<void>((done, reject) => {
        const take = (chunk: Buffer) => {
          output += chunk.toString("utf8");
          if (output.includes("Listening on")) done();
        };
        child.stdout.on("data", take);
        child.stderr.on("data", take);
        child.once("exit", (code) => reject(new Error(`probot run exited with ${code}:\n${output}`)));
      });
      const page = await fetchText(`http://127.0.0.1:${port}/probot`);
      const manifest = /id="manifest" value='([^']*)'/.exec(page)?.[1] ?? "";
      const parsed = JSON.parse(manifest) as {
        hook_attributes: { url: string };
        default_permissions: Record<string, string>;
      };
      expect(parsed.hook_attributes.url).toBe(channel);
      expect(page).not.toContain("example.com");
      // The rest of app.yml still applies.
      expect(parsed.default_permissions).toMatchObject({ checks: "write", contents: "read" });
      child.stdout.destroy();
      child.stderr.destroy();
    } finally {
      if (child.exitCode === null && child.signalCode === null)
        await new Promise<void>((done) => {
          child.once("exit", () => done());
          child.kill("SIGTERM");
        });
      rmSync(cwd, { recursive: true, force: true });
      await smee.close();
    }
  }, 30_000);
});
