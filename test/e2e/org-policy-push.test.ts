// An organization's policy lives in its `.github` repository and governs every repository without
// a policy of its own. A push that changes it must re-review the open pull requests of all of
// them, not only those of `.github`: otherwise a newly listed organization stays unflagged until
// each pull request happens to get another event.
import { describe, expect, it } from "@jest/globals";
import type { GitHubStandin } from "../../src/standin/github-standin.js";
import { fakeSha } from "../../src/standin/state.js";
import { deliver, useStandinAndApp, type RunningApp } from "../helpers/e2e.js";
import { pushPayload } from "../helpers/reliability.js";

const ORG = "acme-org";
const POLICY_PATH = ".github/ethics-policy.yml";
const BEFORE = "version: 1\norganizations:\n  - name: Initech\n";
const AFTER = "version: 1\norganizations:\n  - name: Initech\n  - name: Palantir Technologies\n";
const OWN_POLICY = "version: 1\norganizations:\n  - name: Initech\n";

let standin: GitHubStandin;
let app: RunningApp;
useStandinAndApp((s, a) => {
  standin = s;
  app = a;
});

function openPull(repo: string, number: number): void {
  const author = `dev-${repo}-${number}`;
  standin.addUser({ login: author, company: "Palantir Technologies" });
  standin.addPullRequest({
    owner: ORG,
    repo,
    number,
    author,
    commits: [
      { sha: fakeSha(repo, number), message: "Change", author: { name: author, email: `${author}@example.org` } },
    ],
  });
}

/** The organization's push, as GitHub sends it for the `.github` repository. */
function orgPolicyPush(): Record<string, unknown> {
  const payload = pushPayload({ files: [POLICY_PATH] }) as Record<string, unknown> & {
    repository: Record<string, unknown>;
  };
  payload.repository = {
    ...payload.repository,
    name: ".github",
    full_name: `${ORG}/.github`,
    owner: { ...(payload.repository.owner as object), login: ORG, name: ORG },
    default_branch: "main",
  };
  return payload;
}

const labelsOf = (repo: string, number: number) => standin.pullRequest(ORG, repo, number).labels;

describe("a push that changes the organization's policy", () => {
  it("re-reviews the open pull requests of every repository it governs, across pages, skipping archived ones", async () => {
    standin.addRepo({ owner: ORG, name: ".github", files: { [POLICY_PATH]: BEFORE } });
    // More repositories than one page of the installation's list (100), so the fan-out pages.
    for (let i = 0; i < 101; i++) standin.addRepo({ owner: ORG, name: `service-${i}` });
    standin.addRepo({ owner: ORG, name: "own-policy", files: { [POLICY_PATH]: OWN_POLICY } });
    standin.addRepo({ owner: ORG, name: "frozen", archived: true });
    openPull("service-0", 1);
    openPull("service-0", 2);
    openPull("service-100", 7);
    openPull("own-policy", 3);
    openPull("frozen", 4);

    standin.setFile(ORG, ".github", POLICY_PATH, AFTER);
    await deliver(app, { event: "push", payload: orgPolicyPush() });
    await app.idle();

    expect(labelsOf("service-0", 1)).toContain("ethics-review");
    expect(labelsOf("service-0", 2)).toContain("ethics-review");
    expect(labelsOf("service-100", 7)).toContain("ethics-review");
    // Its own policy does not list the organization: reviewed, and clear.
    expect(labelsOf("own-policy", 3)).toEqual([]);
    expect(standin.checkRuns(ORG, "own-policy", fakeSha("own-policy", 3))).toEqual([
      expect.objectContaining({ conclusion: "success" }),
    ]);
    // Archived: read-only on GitHub, so never written to.
    expect(standin.writes().filter((w) => w.path.includes(`/${ORG}/frozen/`))).toEqual([]);
    expect(standin.checkRuns(ORG, "frozen")).toEqual([]);
    expect(app.logs.find((l) => l.repositories !== undefined)).toMatchObject({ repositories: 103 });
  });

  it("a push to an ordinary repository's policy still reviews that repository only", async () => {
    standin.addRepo({ owner: ORG, name: "alpha", files: { [POLICY_PATH]: BEFORE } });
    standin.addRepo({ owner: ORG, name: "beta", files: { [POLICY_PATH]: BEFORE } });
    openPull("alpha", 1);
    openPull("beta", 1);
    standin.setFile(ORG, "alpha", POLICY_PATH, AFTER);
    standin.setFile(ORG, "beta", POLICY_PATH, AFTER);
    const payload = orgPolicyPush() as { repository: Record<string, unknown> };
    payload.repository = { ...payload.repository, name: "alpha", full_name: `${ORG}/alpha` };
    await deliver(app, { event: "push", payload });
    await app.idle();

    expect(labelsOf("alpha", 1)).toContain("ethics-review");
    expect(standin.checkRuns(ORG, "beta")).toEqual([]);
  });
});

describe("a forced push, whose file lists may not show a policy change", () => {
  const BEFORE_SHA = "b".repeat(40);

  function forcedPush(repo: string): Record<string, unknown> {
    const payload = pushPayload({ files: ["README.md"] }) as Record<string, unknown> & {
      repository: Record<string, unknown>;
    };
    payload.repository = {
      ...payload.repository,
      name: repo,
      full_name: `${ORG}/${repo}`,
      owner: { ...(payload.repository.owner as object), login: ORG, name: ORG },
      default_branch: "main",
    };
    return { ...payload, forced: true, before: BEFORE_SHA };
  }

  it("reviews nothing when the policy file is the same blob before and after", async () => {
    standin.addRepo({ owner: ORG, name: "same", files: { [POLICY_PATH]: AFTER } });
    openPull("same", 1);
    standin.commitDefaultBranch(ORG, "same", BEFORE_SHA);
    await deliver(app, { event: "push", payload: forcedPush("same") });
    await app.idle();

    expect(standin.checkRuns(ORG, "same")).toEqual([]);
    expect(app.logs.some((l) => l.msg === "the push left the policy file as it was: nothing to review again")).toBe(
      true,
    );
  });

  it("reviews every open pull request when the policy file changed, though no listed commit touched it", async () => {
    standin.addRepo({ owner: ORG, name: "rewritten", files: { [POLICY_PATH]: BEFORE } });
    openPull("rewritten", 1);
    standin.commitDefaultBranch(ORG, "rewritten", BEFORE_SHA);
    standin.setFile(ORG, "rewritten", POLICY_PATH, AFTER);
    await deliver(app, { event: "push", payload: forcedPush("rewritten") });
    await app.idle();

    expect(labelsOf("rewritten", 1)).toContain("ethics-review");
  });

  it("reviews when the commit before the push cannot be read (a forced push may have discarded it)", async () => {
    standin.addRepo({ owner: ORG, name: "unknown-before", files: { [POLICY_PATH]: AFTER } });
    openPull("unknown-before", 1);
    await deliver(app, { event: "push", payload: forcedPush("unknown-before") });
    await app.idle();

    expect(labelsOf("unknown-before", 1)).toContain("ethics-review");
  });
});
