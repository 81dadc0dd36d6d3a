// GitHub Enterprise Server: with GHE_HOST set, Probot's own environment reading (used by
// `probot run` and by the Lambda handler) points the app at the server — REST under /api/v3, and
// the app's GraphQL reads at /api/graphql.
import { describe, expect, it } from "@jest/globals";
import { createHmac, generateKeyPairSync } from "node:crypto";
import nock from "nock";
import { pino } from "pino";
import { createProbot } from "probot";
import { createApp } from "../../src/app.js";
import { createLambdaHandler } from "../../src/entry/lambda.js";
import { pullRequestReply } from "../helpers/github-replies.js";
import { INSTALLATION_ID, TestOctokit, webhookPayload } from "../helpers/probot.js";

const { privateKey } = generateKeyPairSync("rsa", {
  modulusLength: 2048,
  privateKeyEncoding: { type: "pkcs8", format: "pem" },
  publicKeyEncoding: { type: "spki", format: "pem" },
});

describe("GHE_HOST", () => {
  it("sends the installation token exchange to /api/v3 and the app's GraphQL read to /api/graphql on the server", async () => {
    const env = {
      APP_ID: "123",
      PRIVATE_KEY: privateKey,
      WEBHOOK_SECRET: "ghes-secret",
      GHE_HOST: "github.example.com",
    };
    const handler = createLambdaHandler({
      probot: () => createProbot({ env, overrides: { Octokit: TestOctokit, log: pino({ level: "silent" }) } }),
      app: createApp({ appId: 123, stateSecret: privateKey, botLogin: "ethics-policy" }),
    });
    const server = nock("https://github.example.com")
      .post(`/api/v3/app/installations/${INSTALLATION_ID}/access_tokens`)
      .reply(201, { token: "ghs_ghes", expires_at: "2099-01-01T00:00:00Z", permissions: {} })
      .post("/api/graphql")
      .reply(200, pullRequestReply({ policy: null }));
    const body = JSON.stringify(webhookPayload("pull_request", "opened"));
    const signature = `sha256=${createHmac("sha256", "ghes-secret").update(body).digest("hex")}`;

    const result = await handler({
      requestContext: { http: { method: "POST" } },
      headers: { "x-github-event": "pull_request", "x-github-delivery": "ghes-1", "x-hub-signature-256": signature },
      body,
    });

    expect(result.statusCode).toBe(200);
    server.done();
  });
});
