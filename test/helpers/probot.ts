// A Probot instance wired as in production, with retries and throttling off so each HTTP call a
// test expects happens exactly once, and a logger whose lines the test can read.
import { Writable } from "node:stream";
import nock from "nock";
import { pino } from "pino";
import { Probot } from "probot";
import { createRequire } from "node:module";
import { createApp } from "../../src/app.js";
import { MemoryCoordinator } from "../../src/coordination/memory.js";
import { generatePrivateKey, loopbackOctokit } from "../../src/standin/loopback.js";

export const API = "https://api.github.com";
export const APP_ID = 123;
export const INSTALLATION_ID = 1;

const privateKey = generatePrivateKey();

/** Each expected HTTP call happens exactly once: no retries, no write throttle. */
export const TestOctokit = loopbackOctokit({ retries: false });

export interface TestApp {
  probot: Probot;
  logs: Record<string, unknown>[];
}

export async function testApp(now = new Date("2026-11-30T12:00:00Z")): Promise<TestApp> {
  const logs: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk, _enc, done) {
      for (const line of String(chunk).split("\n")) if (line.trim()) logs.push(JSON.parse(line));
      done();
    },
  });
  const probot = new Probot({
    appId: APP_ID,
    privateKey,
    log: pino({ level: "info" }, stream),
    Octokit: TestOctokit,
  });
  // An explicit in-memory coordinator: the default would connect to REDIS_URL when it is set.
  // These nock tests spell out REST writes, so they cover the REST executor; the GraphQL one (the
  // default) is covered end to end against the stand-in (test/e2e) and by its unit tests.
  await probot.load(
    createApp({
      appId: APP_ID,
      now: () => now,
      coordinator: new MemoryCoordinator(),
      writes: "rest",
      stateSecret: privateKey,
      botLogin: "ethics-policy",
    }),
  );
  return { probot, logs };
}

/** The installation token exchange Probot makes before the first API call of an installation. */
export function tokenExchange(): nock.Scope {
  return nock(API)
    .post(`/app/installations/${INSTALLATION_ID}/access_tokens`)
    .reply(201, { token: "ghs_test", expires_at: "2099-01-01T00:00:00Z", permissions: {} });
}

type Example = { name: string; examples: Record<string, unknown>[] };
const webhookExamples = createRequire(import.meta.url)(
  "@octokit/webhooks-examples/api.github.com/index.json",
) as Example[];

/** A real webhook payload captured from GitHub (@octokit/webhooks-examples), with an installation. */
export function webhookPayload(event: string, action?: string): Record<string, unknown> {
  const family = webhookExamples.find((e) => e.name === event);
  const example = family?.examples.find((e) => (action === undefined || e.action === action) && e.installation);
  if (!example) throw new Error(`no webhook example for ${event}.${action}`);
  const payload = structuredClone(example);
  payload.installation = { id: INSTALLATION_ID, node_id: "MDIzOkludGVncmF0aW9uSW5zdGFsbGF0aW9uMQ==" };
  return payload;
}

let delivery = 0;
export function deliver(app: TestApp, event: string, payload: Record<string, unknown>): Promise<void> {
  return app.probot.receive({ id: `delivery-${++delivery}`, name: event, payload } as Parameters<Probot["receive"]>[0]);
}
