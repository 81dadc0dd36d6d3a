// The app's real Probot server — what `npm start` runs — pointed at the GitHub stand-in, with a
// fresh private key and webhook secret, listening on loopback; and signed webhook deliveries to it.
import { randomBytes } from "node:crypto";
import { Writable } from "node:stream";
import { pino } from "pino";
import { Probot, Server } from "probot";
import { createApp, type AppOptions } from "../app.js";
import { MemoryCoordinator } from "../coordination/memory.js";
import { freePort, generatePrivateKey, loopbackOctokit, signWebhook } from "../standin/loopback.js";

export interface DemoServer {
  /** e.g. "http://127.0.0.1:41235" */
  url: string;
  secret: string;
  /** Every log line the app wrote, parsed. */
  logs: Record<string, unknown>[];
  stop(): Promise<void>;
}

export interface DemoServerOptions {
  /** The stand-in's URL: Probot's `baseUrl`. */
  githubUrl: string;
  appId: number;
  app?: AppOptions;
}

const UNTHROTTLED = loopbackOctokit({ retries: false });

export async function startDemoServer(options: DemoServerOptions): Promise<DemoServer> {
  const privateKey = generatePrivateKey();
  const secret = randomBytes(16).toString("hex");
  const logs: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      for (const line of String(chunk).split("\n"))
        if (line.trim()) logs.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  const server = new Server({
    Probot: Probot.defaults({
      appId: options.appId,
      privateKey,
      secret,
      baseUrl: options.githubUrl,
      Octokit: UNTHROTTLED,
    }),
    host: "127.0.0.1",
    port: await freePort(),
    log: pino({ level: "info" }, stream),
  });
  // An in-memory coordinator, never REDIS_URL's: the demo stays on this machine whatever the environment says.
  // The record is signed with a key derived from this run's private key, as in production.
  await server.load(
    createApp({ appId: options.appId, coordinator: new MemoryCoordinator(), stateSecret: privateKey, ...options.app }),
  );
  await server.start();
  return { url: `http://127.0.0.1:${server.port}`, secret, logs, stop: () => server.stop() };
}

export interface DeliveryResult {
  id: string;
  status: number;
  ms: number;
}

/** POSTs a webhook to the app's endpoint exactly as GitHub does, signed. */
export async function deliverWebhook(
  server: DemoServer,
  event: string,
  id: string,
  payload: unknown,
): Promise<DeliveryResult> {
  const raw = JSON.stringify(payload);
  const started = Date.now();
  const response = await fetch(`${server.url}/api/github/webhooks`, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      "user-agent": "GitHub-Hookshot/demo",
      "x-github-event": event,
      "x-github-delivery": id,
      "x-github-hook-installation-target-type": "integration",
      "x-hub-signature-256": signWebhook(server.secret, raw),
    },
    body: raw,
  });
  await response.text();
  return { id, status: response.status, ms: Date.now() - started };
}
