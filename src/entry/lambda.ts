// AWS Lambda: the app behind an API Gateway (HTTP or REST API) route or a Lambda function URL.
//
//   handler: lib/entry/lambda.handler      env: APP_ID, PRIVATE_KEY, WEBHOOK_SECRET (GHE_HOST, LOG_LEVEL, …)
//
// One Probot instance per container, created on the first event and reused by later ones. Each
// POST is verified against X-Hub-Signature-256 with WEBHOOK_SECRET, then handled to the end before
// the function answers: 200 when every handler succeeded, 400 for a missing header, a bad
// signature or a body that is not JSON, 500 when a handler failed (GitHub shows it as a failed
// delivery; redeliver it from the app's settings). GET answers {"status":"ok","version":…}.
import { createProbot, type ApplicationFunction, type Probot } from "probot";
import { createRedactedLogger } from "../observability/redact.js";
import { createApp } from "../app.js";
import { InlineQueue } from "../queue/memory.js";
import { healthBody } from "../observability/http.js";
import { httpStatusOf } from "../github/http-status.js";

/** The parts of an API Gateway (v1 REST or v2 HTTP) or function URL event the handler reads. */
export interface LambdaEvent {
  headers?: Record<string, string | undefined> | null;
  body?: string | null;
  isBase64Encoded?: boolean;
  /** v1 */
  httpMethod?: string;
  /** v2 and function URLs */
  requestContext?: { http?: { method?: string } } | null;
}

export interface LambdaResult {
  statusCode: number;
  headers: Record<string, string>;
  body: string;
}

export interface LambdaOptions {
  /** The Probot instance, or how to make it. Default: `createProbot()` from the environment. */
  probot?: Probot | (() => Probot);
  /** Default: the app, as `npm start` runs it. */
  app?: ApplicationFunction;
}

const JSON_HEADERS = { "content-type": "application/json; charset=utf-8" };

const reply = (statusCode: number, body: Record<string, unknown>): LambdaResult => ({
  statusCode,
  headers: JSON_HEADERS,
  body: JSON.stringify(body),
});

/** Builds a handler; `handler` below is the one built from the environment. */
export function createLambdaHandler(options: LambdaOptions = {}): (event: LambdaEvent) => Promise<LambdaResult> {
  let ready: Promise<Probot> | undefined;
  const probotOnce = (): Promise<Probot> => {
    ready ??= (async () => {
      const probot = typeof options.probot === "function" ? options.probot() : (options.probot ?? fromEnvironment());
      // No HTTP server here: the app's /health and /metrics routes have nowhere to go.
      await probot.load(options.app ?? createApp({ queue: new InlineQueue() }), {
        cwd: process.cwd(),
        addHandler: () => {},
      });
      return probot;
    })();
    // A failed start (a bad private key, say) is retried on the next event, not cached forever.
    ready.catch(() => {
      ready = undefined;
    });
    return ready;
  };

  return async (event) => {
    const method = (event.requestContext?.http?.method ?? event.httpMethod ?? "POST").toUpperCase();
    if (method === "GET" || method === "HEAD") return { statusCode: 200, headers: JSON_HEADERS, body: healthBody() };
    if (method !== "POST") return reply(405, { error: `method ${method} not allowed` });

    const headers = lowerCaseKeys(event.headers ?? {});
    const id = headers["x-github-delivery"];
    const name = headers["x-github-event"];
    const signature = headers["x-hub-signature-256"];
    const absent = [!id && "x-github-delivery", !name && "x-github-event", !signature && "x-hub-signature-256"].filter(
      Boolean,
    );
    if (absent.length > 0) return reply(400, { error: `missing header(s): ${absent.join(", ")}` });
    const body = event.body ?? "";
    const payload = event.isBase64Encoded ? Buffer.from(body, "base64").toString("utf8") : body;

    const probot = await probotOnce();
    if (!(await probot.webhooks.verify(payload, signature as string).catch(() => false))) {
      return reply(400, { error: "signature does not match the body and the webhook secret" });
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(payload);
    } catch {
      return reply(400, { error: "the body is not JSON" });
    }
    try {
      await probot.webhooks.receive({ id: id as string, name: name as never, payload: parsed as never });
      return reply(200, { ok: true });
    } catch (error) {
      // Probot has logged each handler's error already (its webhooks error handler).
      probot.log.error({ id, event: name, status: httpStatusOf(error) }, "webhook handler failed");
      return reply(500, { error: "a handler failed; see the function's logs" });
    }
  };
}

function fromEnvironment(): Probot {
  // Probot's own environment reading: APP_ID, PRIVATE_KEY or PRIVATE_KEY_PATH, WEBHOOK_SECRET,
  // GHE_HOST/GHE_PROTOCOL, LOG_LEVEL, REDIS_URL. JSON logs suit CloudWatch unless asked otherwise.
  // The redacting logger (JSON lines, which suit CloudWatch): no payloads, emails or secrets in any line.
  return createProbot({ overrides: { log: createRedactedLogger({ level: process.env.LOG_LEVEL ?? "info" }) } });
}

function lowerCaseKeys(headers: Record<string, string | undefined>): Record<string, string | undefined> {
  return Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
}

let built: ((event: LambdaEvent) => Promise<LambdaResult>) | undefined;

/** The Lambda entry point. */
export function handler(event: LambdaEvent): Promise<LambdaResult> {
  built ??= createLambdaHandler();
  return built(event);
}
