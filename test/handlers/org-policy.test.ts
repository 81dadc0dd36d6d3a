import { beforeEach, describe, expect, it } from "@jest/globals";
import nock from "nock";
import { NUMBER, OWNER, REPO, pullRequestReply } from "../helpers/github-replies.js";
import { API, deliver, testApp, tokenExchange, webhookPayload, type TestApp } from "../helpers/probot.js";

const ORG = (extra = "") => `version: 1
organizations:
  - name: Palantir Technologies
    aliases: [Palantir]
${extra}`;
const REPO_OWN = `version: 1
organizations:
  - name: Clearview AI
    email_domains: [clearview.ai]
`;
const AUTHOR = { login: "Codertocat", company: "Palantir Technologies" };

let app: TestApp;
beforeEach(async () => {
  app = await testApp();
});

function read(policy: string | null, ownerPolicy: string | null) {
  return nock(API)
    .post("/graphql")
    .reply(200, pullRequestReply({ policy, ownerPolicy, author: AUTHOR }));
}

function expectFlagged() {
  nock(API)
    .post(`/repos/${OWNER}/${REPO}/labels`)
    .reply(201, {})
    .post(`/repos/${OWNER}/${REPO}/issues/${NUMBER}/labels`)
    .reply(200, [])
    .post(`/repos/${OWNER}/${REPO}/issues/${NUMBER}/comments`)
    .reply(201, {})
    .post(`/repos/${OWNER}/${REPO}/check-runs`, (b) => b.conclusion === "neutral")
    .reply(201, {});
}

describe("organization-wide policy", () => {
  it("a repository's own policy takes precedence over the organization's", async () => {
    tokenExchange();
    read(REPO_OWN, ORG());
    nock(API)
      .post(`/repos/${OWNER}/${REPO}/check-runs`, (b) => b.conclusion === "success")
      .reply(201, {});
    await deliver(app, "pull_request", webhookPayload("pull_request", "opened"));
  });

  it("allow_repo_override: false makes the organization's policy apply anyway, and says why", async () => {
    tokenExchange();
    read(REPO_OWN, ORG("allow_repo_override: false\n"));
    expectFlagged();
    await deliver(app, "pull_request", webhookPayload("pull_request", "opened"));
    const note = app.logs.find((l) => Array.isArray(l.notes));
    expect(JSON.stringify(note?.notes)).toContain("does not allow repository overrides");
  });

  it("skip_repos leaves a repository without its own policy alone", async () => {
    tokenExchange();
    read(null, ORG(`skip_repos: [${REPO.toLowerCase()}]\n`));
    await deliver(app, "pull_request", webhookPayload("pull_request", "opened"));
    expect(app.logs.some((l) => l.outcome === "no_policy")).toBe(true);
  });

  it("skip_repos does not silence a repository's own policy", async () => {
    tokenExchange();
    read(`${ORG()}`, ORG(`skip_repos: [${REPO}]\n`));
    expectFlagged();
    await deliver(app, "pull_request", webhookPayload("pull_request", "opened"));
  });

  it("a repository policy can extend the organization's with _extends", async () => {
    tokenExchange();
    read(`_extends: .github\nactions: {check: action_required}\n`, ORG());
    nock(API)
      .post("/graphql", (b: { query: string; variables: Record<string, unknown> }) => {
        expect(b.query).toContain("query EthicsPolicyFile(");
        expect(b.variables).toMatchObject({
          owner: OWNER,
          repo: ".github",
          expression: "HEAD:.github/ethics-policy.yml",
        });
        return true;
      })
      .reply(200, {
        data: {
          repository: {
            nameWithOwner: `${OWNER}/.github`,
            policy: { __typename: "Blob", oid: "b1", byteSize: 80, isBinary: false, isTruncated: false, text: ORG() },
          },
        },
      })
      .post(`/repos/${OWNER}/${REPO}/labels`)
      .reply(201, {})
      .post(`/repos/${OWNER}/${REPO}/issues/${NUMBER}/labels`)
      .reply(200, [])
      .post(`/repos/${OWNER}/${REPO}/issues/${NUMBER}/comments`)
      .reply(201, {})
      .post(
        `/repos/${OWNER}/${REPO}/check-runs`,
        (b) => b.conclusion === "action_required" && b.actions?.[0]?.identifier === "approve",
      )
      .reply(201, {});
    await deliver(app, "pull_request", webhookPayload("pull_request", "opened"));
  });

  it("an unreadable organization policy does not silence a repository's own", async () => {
    tokenExchange();
    read(ORG(), "version: [broken");
    expectFlagged();
    await deliver(app, "pull_request", webhookPayload("pull_request", "opened"));
  });
});
