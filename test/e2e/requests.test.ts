// How many GitHub requests each event costs, counted at the stand-in, through the real Probot
// server: EXACT counts, never times. The installation token exchange (once per installation,
// then reused by Probot) is left out, as in `npm run bench`.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "@jest/globals";
import { startGitHubStandin, type GitHubStandin, type StandinRequest } from "../../src/standin/github-standin.js";
import { fakeSha } from "../../src/standin/state.js";
import { deliver, pullRequestPayload, startApp, withAction, type RunningApp } from "../helpers/e2e.js";
import { itReadingOwnCheckRun } from "../helpers/breaks.js";

const OWNER = "entropic-dev";
const REPO = "entropic";
const POLICY = `version: 1
organizations:
  - name: Palantir Technologies
    aliases: [Palantir]
    github_orgs: [palantir]
    email_domains: [palantir.com]
`;

const isTokenExchange = (r: StandinRequest) => /^\/app\/installations\/[^/]+\/access_tokens/.test(r.path);
const describeRequest = (r: StandinRequest) =>
  r.operationName ? `${r.method} ${r.path} ${r.operationName}` : `${r.method} ${r.path}`;

let standin: GitHubStandin;
beforeAll(async () => {
  standin = await startGitHubStandin({ appId: 123 });
});
afterAll(() => standin?.close());
beforeEach(() => standin.reset());

function seedRepo(labels: string[] = []) {
  standin.addRepo({ owner: OWNER, name: REPO, files: { ".github/ethics-policy.yml": POLICY }, labels });
  standin.addUser({ login: "pat", company: "Palantir Technologies" });
  standin.addUser({ login: "casey", company: "Acme Widgets" });
}

function openPullRequest(number: number, author: string) {
  const headSha = fakeSha("requests", number);
  standin.addPullRequest({
    owner: OWNER,
    repo: REPO,
    number,
    author,
    commits: [{ sha: headSha, author: { name: author, email: `${author}@users.noreply.github.com`, login: author } }],
  });
  return pullRequestPayload({ owner: OWNER, repo: REPO, number, headSha, author, defaultBranch: "main" });
}

let events = 0;

/** Delivers one event (a fresh delivery id) and returns the requests it cost, token exchange excluded. */
async function requestsFor(app: RunningApp, payload: Record<string, unknown>, action = "opened"): Promise<string[]> {
  const before = standin.requests.length;
  const response = await deliver(app, {
    event: "pull_request",
    payload: withAction(payload, action),
    id: `requests-${process.pid}-${++events}`,
  });
  expect(response.status).toBe(200);
  return standin.requests
    .slice(before)
    .filter((r) => !isTokenExchange(r))
    .map(describeRequest);
}

const READ = "POST /graphql EthicsPolicyPullRequest";
const MUTATION = "POST /graphql EthicsPolicyReconcile";
const appComments = (number: number) => standin.pullRequest(OWNER, REPO, number).comments.filter((c) => c.viaApp);

describe("requests per event, GraphQL writes (the default)", () => {
  let app: RunningApp;
  beforeAll(async () => {
    app = await startApp(standin);
  });
  afterAll(() => app?.stop());

  it("flagged, first time, label missing from the repository: read + label create + one mutation = 3", async () => {
    seedRepo();
    const payload = openPullRequest(1, "pat");

    expect(await requestsFor(app, payload)).toEqual([READ, `POST /repos/${OWNER}/${REPO}/labels`, MUTATION]);

    const pr = standin.pullRequest(OWNER, REPO, 1);
    expect(pr.labels).toEqual(["ethics-review"]);
    expect(standin.state.repo(OWNER, REPO)?.labels).toEqual([
      expect.objectContaining({ name: "ethics-review", color: "d93f0b" }),
    ]);
    expect(appComments(1)).toHaveLength(1);
    expect(standin.checkRuns(OWNER, REPO, pr.headSha)).toEqual([
      expect.objectContaining({ status: "completed", conclusion: "neutral" }),
    ]);
  });

  // BREAK(issue-9-fixes): break 5, CheckRun.databaseId overflows (test/helpers/breaks.ts).
  itReadingOwnCheckRun("flagged again with nothing changed: the read only = 1", async () => {
    seedRepo();
    const payload = openPullRequest(2, "pat");
    await requestsFor(app, payload);

    expect(await requestsFor(app, payload, "edited")).toEqual([READ]);
    expect(appComments(2)).toHaveLength(1);
  });

  it("flagged, first time, the repository already has the label: read + one mutation = 2", async () => {
    seedRepo(["ethics-review"]);

    expect(await requestsFor(app, openPullRequest(3, "pat"))).toEqual([READ, MUTATION]);
    expect(standin.pullRequest(OWNER, REPO, 3).labels).toEqual(["ethics-review"]);
  });

  // BREAK(issue-9-fixes): break 5, CheckRun.databaseId overflows (test/helpers/breaks.ts).
  itReadingOwnCheckRun("clear: read + one mutation (the success check) = 2", async () => {
    seedRepo();
    const payload = openPullRequest(4, "casey");

    expect(await requestsFor(app, payload)).toEqual([READ, MUTATION]);
    expect(standin.checkRuns(OWNER, REPO)).toEqual([expect.objectContaining({ conclusion: "success" })]);
    expect(appComments(4)).toEqual([]);
    expect(await requestsFor(app, payload, "edited")).toEqual([READ]);
  });

  // BREAK(issue-9-fixes): break 5, CheckRun.databaseId overflows (test/helpers/breaks.ts).
  itReadingOwnCheckRun(
    "flagged then clear: label removed, comment edited in place, check updated, all in one mutation = 2",
    async () => {
      seedRepo();
      const payload = openPullRequest(5, "pat");
      await requestsFor(app, payload);
      const comment = appComments(5)[0];
      const flaggedBody = comment?.body;
      expect(flaggedBody).toContain("Palantir");
      standin.state.user("pat")!.company = "Acme Widgets";

      expect(await requestsFor(app, payload, "edited")).toEqual([READ, MUTATION]);

      const pr = standin.pullRequest(OWNER, REPO, 5);
      expect(pr.labels).toEqual([]);
      expect(appComments(5)).toEqual([expect.objectContaining({ id: comment?.id })]);
      expect(appComments(5)[0]?.body).toContain("no longer flagged");
      expect(standin.checkRuns(OWNER, REPO, pr.headSha)).toEqual([expect.objectContaining({ conclusion: "success" })]);
    },
  );

  // BREAK(issue-9-fixes): break 5, CheckRun.databaseId overflows (test/helpers/breaks.ts).
  itReadingOwnCheckRun("a duplicate comment left by an earlier race is deleted in the same mutation", async () => {
    seedRepo();
    const payload = openPullRequest(6, "pat");
    await requestsFor(app, payload);
    const pr = standin.pullRequest(OWNER, REPO, 6);
    standin.state.addComment(pr, { body: appComments(6)[0]!.body, authorLogin: "ethics-policy[bot]", viaApp: true });
    expect(appComments(6)).toHaveLength(2);

    expect(await requestsFor(app, payload, "edited")).toEqual([READ, MUTATION]);
    expect(appComments(6)).toHaveLength(1);
  });

  // BREAK(issue-9-fixes): break 5, CheckRun.databaseId overflows (test/helpers/breaks.ts).
  itReadingOwnCheckRun("a changed policy file (new blob SHA) is parsed afresh: the next event follows it", async () => {
    seedRepo();
    const payload = openPullRequest(9, "pat");
    await requestsFor(app, payload);
    expect(standin.pullRequest(OWNER, REPO, 9).labels).toEqual(["ethics-review"]);
    standin.setFile(
      OWNER,
      REPO,
      ".github/ethics-policy.yml",
      POLICY.replace("Palantir Technologies", "Clearview AI").replace(
        /\n {4}(aliases|github_orgs|email_domains):.*/g,
        "",
      ),
    );

    expect(await requestsFor(app, payload, "edited")).toEqual([READ, MUTATION]);
    expect(standin.pullRequest(OWNER, REPO, 9).labels).toEqual([]);
  });

  // BREAK(issue-9-fixes): break 5, CheckRun.databaseId overflows (test/helpers/breaks.ts).
  itReadingOwnCheckRun(
    "a policy that extends a base reads the base on every event (it may change on its own): 2 when nothing changed",
    async () => {
      seedRepo();
      standin.addRepo({ owner: OWNER, name: "policies", files: { ".github/ethics-policy.yml": POLICY } });
      standin.setFile(OWNER, REPO, ".github/ethics-policy.yml", "_extends: policies\nstatement: Ours.\n");
      const payload = openPullRequest(10, "pat");
      await requestsFor(app, payload);
      expect(standin.pullRequest(OWNER, REPO, 10).labels).toEqual(["ethics-review"]);

      expect(await requestsFor(app, payload, "edited")).toEqual([READ, "POST /graphql EthicsPolicyFile"]);
    },
  );

  it("a partly refused mutation fails the job visibly; the next event completes the writes", async () => {
    seedRepo(["ethics-review"]);
    const payload = openPullRequest(7, "pat");
    standin.failNext(
      { operationName: "EthicsPolicyReconcile" },
      {
        status: 200,
        body: {
          data: { w0: { clientMutationId: null }, w1: null, w2: null },
          errors: [
            { type: "FORBIDDEN", path: ["w1"], message: "no" },
            { type: "FORBIDDEN", path: ["w2"], message: "no" },
          ],
        },
      },
    );
    const failed = await deliver(app, { event: "pull_request", payload, id: `requests-${process.pid}-${++events}` });
    expect(failed.status).toBe(200);
    expect(app.logs.filter((l) => l.msg === "job failed every try: moved to the dead-letter list")).toHaveLength(1);
    // Exactly one attempt: the mutation is never retried blindly.
    expect(standin.requests.filter((r) => r.operationName === "EthicsPolicyReconcile")).toHaveLength(1);
    expect(appComments(7)).toEqual([]);

    expect(await requestsFor(app, payload, "edited")).toEqual([READ, MUTATION]);
    expect(appComments(7)).toHaveLength(1);
    expect(standin.checkRuns(OWNER, REPO)).toHaveLength(1);
  });
});

describe("requests per event, REST writes (ETHICS_POLICY_WRITES=rest)", () => {
  let app: RunningApp;
  beforeAll(async () => {
    const saved = process.env.ETHICS_POLICY_WRITES;
    process.env.ETHICS_POLICY_WRITES = "rest";
    try {
      app = await startApp(standin);
    } finally {
      if (saved === undefined) delete process.env.ETHICS_POLICY_WRITES;
      else process.env.ETHICS_POLICY_WRITES = saved;
    }
  });
  afterAll(() => app?.stop());

  // BREAK(issue-9-fixes): break 5, CheckRun.databaseId overflows (test/helpers/breaks.ts).
  itReadingOwnCheckRun("flagged, first time: read + one request per write = 5; the same end state", async () => {
    seedRepo();
    const payload = openPullRequest(8, "pat");

    expect(await requestsFor(app, payload)).toEqual([
      READ,
      `POST /repos/${OWNER}/${REPO}/labels`,
      `POST /repos/${OWNER}/${REPO}/issues/8/labels`,
      `POST /repos/${OWNER}/${REPO}/issues/8/comments`,
      `POST /repos/${OWNER}/${REPO}/check-runs`,
    ]);
    expect(standin.pullRequest(OWNER, REPO, 8).labels).toEqual(["ethics-review"]);
    expect(appComments(8)).toHaveLength(1);
    expect(await requestsFor(app, payload, "edited")).toEqual([READ]);
  });
});
