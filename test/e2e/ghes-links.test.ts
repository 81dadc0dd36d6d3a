// Issue 9, break 7: on GitHub Enterprise Server every link the app writes points at the server.
// The stand-in plays a GHES (REST under /api/v3, GraphQL at /api/graphql, web pages at its own
// address); the app takes web addresses from the API's `url` fields, never from "github.com".
import { afterAll, beforeAll, describe, expect, it, jest } from "@jest/globals";
import { startGitHubStandin, type GitHubStandin } from "../../src/standin/github-standin.js";
import { deliver, startApp, type RunningApp } from "../helpers/e2e.js";
import { appChecks, appComments, BRANCH, MAINTAINER, OWNER, POLICY, REPO, seedPull } from "../helpers/reliability.js";

// The first request to the schema-checking stand-in compiles what it validates with: slow on a busy machine.
jest.setTimeout(120_000);

const GHES = "https://ghes.example.test";
let standin: GitHubStandin;
let app: RunningApp;

beforeAll(async () => {
  standin = await startGitHubStandin({ appId: 123, webUrl: GHES });
  app = await startApp(standin, { baseUrl: `${standin.url}/api/v3` });
});
afterAll(async () => {
  await app.stop();
  await standin.close();
});

describe("GitHub Enterprise Server", () => {
  it("links the policy, an inherited organization policy and the check's details to the server, never github.com", async () => {
    standin.addRepo({
      owner: OWNER,
      name: ".github",
      files: { ".github/ethics-policy.yml": `${POLICY}policy_url: ETHICS.md\n` },
    });
    // No policy of its own: governed by the organization's, which the comment links to.
    standin.addRepo({ owner: OWNER, name: REPO, defaultBranch: BRANCH, roles: { [MAINTAINER]: "maintain" } });
    const pull = seedPull(standin, { number: 1, email: "pat@palantir.com" });

    await deliver(app, { event: "pull_request", payload: pull.payload() });

    // Every request went to the server's API paths.
    expect(standin.requests.length).toBeGreaterThan(0);
    expect(standin.requests.filter((r) => r.status >= 400)).toEqual([]);
    const [comment] = appComments(standin, 1);
    const body = comment?.body ?? "";
    const links = [...body.matchAll(/\]\((https?:\/\/[^)\s]+)\)/g)].map((m) => m[1]);
    expect(links).toEqual(
      expect.arrayContaining([
        `${GHES}/${OWNER}/.github/blob/HEAD/.github/ethics-policy.yml`,
        `${GHES}/${OWNER}/${REPO}/blob/${BRANCH}/ETHICS.md`,
      ]),
    );
    for (const link of links) expect(link?.startsWith(`${GHES}/`)).toBe(true);
    expect(body).not.toMatch(/https?:\/\/(www\.)?github\.com/i);

    const [check] = appChecks(standin, pull.headSha);
    expect(check?.detailsUrl).toBe(`${GHES}/${OWNER}/${REPO}/pull/1`);
    expect(JSON.stringify(check)).not.toMatch(/https?:\/\/(www\.)?github\.com/i);
  });
});
