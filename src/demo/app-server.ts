// The app's real Probot server — what `npm start` runs — pointed at the GitHub stand-in, with a
// fresh private key and webhook secret, listening on loopback; and signed webhook deliveries to it.
import { createHmac, generateKeyPairSync, randomBytes } from "node:crypto";
import { createServer } from "node:net";
import { Writable } from "node:stream";
import { pino } from "pino";
import { Probot, ProbotOctokit, Server } from "probot";
import { createApp, type AppOptions } from "../app.js";
import { MemoryCoordinator } from "../coordination/memory.js";

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

/**
 * Octokit with retries and Probot's write throttle off, so the demo's writes are not paced one a
 * second. `ProbotOctokit.defaults({throttle: {enabled: false}})` is not enough: Probot passes its
 * own `throttle` options when it instantiates the class, which would replace ours; a defaults
 * function runs last.
 */
const UNTHROTTLED = ProbotOctokit.defaults((options: Record<string, unknown>) => ({
  ...options,
  retry: { ...(options.retry as object), enabled: false },
  throttle: { ...(options.throttle as object), enabled: false },
}));

/** A free loopback port. Probot's Server treats port 0 as "unset" and would take 3000. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const address = probe.address();
      const port = typeof address === "object" && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

export async function startDemoServer(options: DemoServerOptions): Promise<DemoServer> {
  const { privateKey } = generateKeyPairSync("rsa", {
    modulusLength: 2048,
    privateKeyEncoding: { type: "pkcs8", format: "pem" },
    publicKeyEncoding: { type: "spki", format: "pem" },
  });
  const secret = randomBytes(16).toString("hex");
  const logs: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      for (const line of String(chunk).split("\n")) if (line.trim()) logs.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  const server = new Server({
    Probot: Probot.defaults({ appId: options.appId, privateKey, secret, baseUrl: options.githubUrl, Octokit: UNTHROTTLED }),
    host: "127.0.0.1",
    port: await freePort(),
    log: pino({ level: "info" }, stream),
  });
  // An in-memory coordinator, never REDIS_URL's: the demo stays on this machine whatever the environment says.
  await server.load(createApp({ appId: options.appId, coordinator: new MemoryCoordinator(), ...options.app }));
  await server.start();
  return { url: `http://127.0.0.1:${server.port}`, secret, logs, stop: () => server.stop() };
}

/** `X-Hub-Signature-256`: "sha256=" and the hex HMAC-SHA256 of the raw body with the webhook secret. */
export function signWebhook(secret: string, rawBody: string): string {
  return `sha256=${createHmac("sha256", secret).update(rawBody, "utf8").digest("hex")}`;
}

export interface DeliveryResult {
  id: string;
  status: number;
  ms: number;
}

/** POSTs a webhook to the app's endpoint exactly as GitHub does, signed. */
export async function deliverWebhook(server: DemoServer, event: string, id: string, payload: unknown): Promise<DeliveryResult> {
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
