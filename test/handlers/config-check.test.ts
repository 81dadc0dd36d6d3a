import { beforeEach, describe, expect, it } from "@jest/globals";
import nock from "nock";
import { mayChangePolicy } from "../../src/config-check.js";
import { HEAD_SHA, OWNER, REPO, pullRequestReply } from "../helpers/github-replies.js";
import { API, APP_ID, deliver, testApp, tokenExchange, webhookPayload, type TestApp } from "../helpers/probot.js";

const POLICY = "version: 1\norganizations:\n  - name: Palantir Technologies\n    aliases: [Palantir]\n";
const CLEAR = { login: "Codertocat", company: "Acme" };
type Body = Record<string, unknown>;

let app: TestApp;
beforeEach(async () => {
  app = await testApp();
});

/** The one read, for a PR that changes `files`, with the default-branch policy `policy`. */
function read(policy: string | null, files: string[]) {
  return nock(API)
    .post("/graphql", (b: { query: string }) => b.query.includes("EthicsPolicyPullRequest("))
    .reply(200, pullRequestReply({ policy, author: CLEAR, files }));
}

/** The proposed policy at the PR head. */
function proposed(text: string | null) {
  return nock(API)
    .post("/graphql", (b: { query: string; variables: Body }) => {
      if (!b.query.includes("EthicsPolicyFile(")) return false;
      expect(b.variables).toMatchObject({
        owner: OWNER,
        repo: REPO,
        expression: `${HEAD_SHA}:.github/ethics-policy.yml`,
      });
      return true;
    })
    .reply(200, {
      data: {
        repository: {
          nameWithOwner: `${OWNER}/${REPO}`,
          policy:
            text === null
              ? null
              : {
                  __typename: "Blob",
                  oid: `head-${text.length}`,
                  byteSize: text.length,
                  isBinary: false,
                  isTruncated: false,
                  text,
                },
        },
      },
    });
}

/** The app's existing configuration check on the head commit: none. */
function noConfigCheck() {
  return nock(API)
    .post("/graphql", (b: { query: string; variables: Body }) => {
      if (!b.query.includes("EthicsPolicyHeadChecks(")) return false;
      expect(b.variables).toMatchObject({ oid: HEAD_SHA, appId: APP_ID, checkName: "Ethics policy: configuration" });
      return true;
    })
    .reply(200, { data: { repository: { object: { oid: HEAD_SHA, checkSuites: { nodes: [] } } } } });
}

/** `times` check runs are created: the configuration check, and the main check when there is a policy. */
function checks(into: Body[], times = 2) {
  return nock(API)
    .post(`/repos/${OWNER}/${REPO}/check-runs`)
    .times(times)
    .reply(201, (_u: string, b: nock.Body) => {
      into.push(b as Body);
      return { id: into.length };
    });
}

describe("the configuration check on pull requests that edit the policy", () => {
  it("annotates every validation error of the proposed policy, line by line", async () => {
    const runs: Body[] = [];
    tokenExchange();
    read(POLICY, ["src/index.ts", ".github/ethics-policy.yml"]);
    proposed("version: 1\norganisations:\n  - name: Palantir\nsignals: {profile_bio: maybe}\n");
    noConfigCheck();
    checks(runs);
    await deliver(app, "pull_request", webhookPayload("pull_request", "synchronize"));

    const config = runs.find((r) => r.name === "Ethics policy: configuration") as {
      conclusion: string;
      head_sha: string;
      output: { title: string; summary: string; annotations: Body[] };
    };
    expect(config).toMatchObject({ conclusion: "failure", head_sha: HEAD_SHA });
    expect(config.output.title).toContain(".github/ethics-policy.yml");
    expect(config.output.summary).toContain("proposes has problems");
    expect(config.output.annotations).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          path: ".github/ethics-policy.yml",
          start_line: 2,
          annotation_level: "failure",
          message: expect.stringContaining('did you mean "organizations"'),
        }),
        expect.objectContaining({ path: ".github/ethics-policy.yml", start_line: 4 }),
      ]),
    );
    // The main check still judges the PR by the default branch's policy, not the proposed one.
    expect(runs.find((r) => r.name === "Ethics policy")).toMatchObject({ conclusion: "success" });
  });

  it("passes a valid proposed policy, even in a repository that has none yet", async () => {
    const runs: Body[] = [];
    tokenExchange();
    read(null, [".github/ethics-policy.yml"]);
    proposed(POLICY);
    noConfigCheck();
    checks(runs, 1); // no policy on the default branch yet: no main check
    await deliver(app, "pull_request", webhookPayload("pull_request", "opened"));
    expect(runs).toEqual([
      expect.objectContaining({
        name: "Ethics policy: configuration",
        conclusion: "success",
        output: expect.objectContaining({ title: expect.stringContaining("Valid ethics policy") }),
      }),
    ]);
  });

  it("says so when the pull request deletes the policy", async () => {
    const runs: Body[] = [];
    tokenExchange();
    read(POLICY, [".github/ethics-policy.yml"]);
    proposed(null);
    noConfigCheck();
    checks(runs);
    await deliver(app, "pull_request", webhookPayload("pull_request", "synchronize"));
    expect(runs.find((r) => r.name === "Ethics policy: configuration")).toMatchObject({ conclusion: "neutral" });
  });

  it("costs nothing for pull requests that do not touch the policy", async () => {
    tokenExchange();
    read(POLICY, ["README.md"]);
    nock(API)
      .post(`/repos/${OWNER}/${REPO}/check-runs`, (b) => b.name === "Ethics policy")
      .reply(201, {});
    await deliver(app, "pull_request", webhookPayload("pull_request", "synchronize"));
  });

  it("looks when the PR changes more files than one page lists", () => {
    expect(mayChangePolicy({ changedFiles: { paths: ["a"], complete: false } })).toBe(true);
    expect(mayChangePolicy({ changedFiles: { paths: ["a"], complete: true } })).toBe(false);
    expect(mayChangePolicy({})).toBe(false);
  });
});
