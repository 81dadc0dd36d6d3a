// The AWS Lambda handler, fed API Gateway / function URL events that carry a recorded webhook
// payload (@octokit/webhooks-examples), signed as GitHub signs it; GitHub's API is nock.
import { beforeEach, describe, expect, it } from "@jest/globals";
import { createHmac, generateKeyPairSync } from "node:crypto";
import { Writable } from "node:stream";
import nock from "nock";
import { pino } from "pino";
import { Probot } from "probot";
import { createApp } from "../../src/app.js";
import { createLambdaHandler, type LambdaEvent, type LambdaResult } from "../../src/entry/lambda.js";
import { pullRequestReply } from "../helpers/github-replies.js";
import { API, APP_ID, TestOctokit, tokenExchange, webhookPayload } from "../helpers/probot.js";

const SECRET = "lambda-webhook-secret";
const { privateKey } = generateKeyPairSync("rsa", {
  modulusLength: 2048,
  privateKeyEncoding: { type: "pkcs8", format: "pem" },
  publicKeyEncoding: { type: "spki", format: "pem" },
});

const sign = (body: string, secret = SECRET) => `sha256=${createHmac("sha256", secret).update(body).digest("hex")}`;

let handler: (event: LambdaEvent) => Promise<LambdaResult>;
let logs: Record<string, unknown>[];

beforeEach(() => {
  logs = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      for (const line of String(chunk).split("\n"))
        if (line.trim()) logs.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  // A new handler per test, as a new Lambda container: nothing cached between tests.
  handler = createLambdaHandler({
    probot: () =>
      new Probot({
        appId: APP_ID,
        privateKey,
        secret: SECRET,
        Octokit: TestOctokit,
        log: pino({ level: "info" }, stream),
      }),
    app: createApp({
      appId: APP_ID,
      now: () => new Date("2026-11-30T12:00:00Z"),
      stateSecret: privateKey,
      botLogin: "ethics-policy",
    }),
  });
});

/** A function URL / HTTP API (v2) event for a delivery. */
function v2Event(body: string, headers: Record<string, string> = {}, base64 = false): LambdaEvent {
  return {
    requestContext: { http: { method: "POST" } },
    headers: {
      "content-type": "application/json",
      "x-github-event": "pull_request",
      "x-github-delivery": "lambda-1",
      "x-hub-signature-256": sign(body),
      ...headers,
    },
    body: base64 ? Buffer.from(body, "utf8").toString("base64") : body,
    isBase64Encoded: base64,
  };
}

const openedBody = () => JSON.stringify(webhookPayload("pull_request", "opened"));

describe("the Lambda handler", () => {
  it("verifies a signed pull_request.opened delivery, runs the app to the end, and answers 200", async () => {
    const token = tokenExchange();
    const read = nock(API)
      .post("/graphql")
      .reply(200, pullRequestReply({ policy: null }));

    const result = await handler(v2Event(openedBody()));

    expect(result).toEqual({
      statusCode: 200,
      headers: { "content-type": "application/json; charset=utf-8" },
      body: '{"ok":true}',
    });
    token.done();
    read.done();
    expect(logs.some((l) => l.outcome === "no_policy")).toBe(true);
  });

  it("decodes a base64-encoded body (as API Gateway sends binary or some proxied bodies)", async () => {
    tokenExchange();
    nock(API)
      .post("/graphql")
      .reply(200, pullRequestReply({ policy: null }));

    expect((await handler(v2Event(openedBody(), {}, true))).statusCode).toBe(200);
  });

  it("accepts a REST API (v1) event with mixed-case headers", async () => {
    tokenExchange();
    nock(API)
      .post("/graphql")
      .reply(200, pullRequestReply({ policy: null }));
    const body = openedBody();

    const result = await handler({
      httpMethod: "POST",
      headers: {
        "X-GitHub-Event": "pull_request",
        "X-GitHub-Delivery": "lambda-v1",
        "X-Hub-Signature-256": sign(body),
      },
      body,
      isBase64Encoded: false,
    });

    expect(result.statusCode).toBe(200);
  });

  it.each([
    ["a signature made with another secret", { "x-hub-signature-256": sign("{}", "not-the-secret") }],
    ["a malformed signature", { "x-hub-signature-256": "sha256=zz" }],
  ])("refuses %s with 400, before any request to GitHub", async (_name, headers) => {
    const result = await handler(v2Event(openedBody(), headers));
    expect(result.statusCode).toBe(400);
    expect(JSON.parse(result.body)).toEqual({ error: "signature does not match the body and the webhook secret" });
  });

  it("refuses a delivery without its GitHub headers with 400", async () => {
    const event = v2Event(openedBody());
    delete event.headers?.["x-hub-signature-256"];
    delete event.headers?.["x-github-event"];
    const result = await handler(event);
    expect(result.statusCode).toBe(400);
    expect(result.body).toContain("x-github-event, x-hub-signature-256");
  });

  it("refuses a correctly signed body that is not JSON with 400", async () => {
    expect((await handler(v2Event("not json"))).statusCode).toBe(400);
  });

  it("answers 500 when a handler fails (GitHub then shows a failed delivery that can be redelivered)", async () => {
    tokenExchange();
    nock(API).post("/graphql").reply(500, { message: "Server Error" });

    const result = await handler(v2Event(openedBody()));

    expect(result.statusCode).toBe(500);
    expect(logs.some((l) => l.msg === "webhook handler failed")).toBe(true);
  });

  it("answers GET with the health document, without starting the app", async () => {
    const result = await handler({ requestContext: { http: { method: "GET" } }, headers: {} });
    expect(result.statusCode).toBe(200);
    expect(JSON.parse(result.body)).toEqual({ status: "ok", version: expect.any(String) });
  });

  it("answers other methods with 405", async () => {
    expect((await handler({ httpMethod: "PUT", headers: {} })).statusCode).toBe(405);
  });
});
