// Team exemptions through GitHub: a policy that exempts `org/team` makes the app ask GitHub's team
// membership API about a flagged author (review.ts), through the real Probot server, against the
// stand-in. A member is exempt; a non-member (404) and a failed lookup are not — the flag still
// goes to a maintainer — and a clear author costs no lookup at all.
import { describe, expect, it } from "@jest/globals";
import type { GitHubStandin } from "../../src/standin/github-standin.js";
import { deliver, useStandinAndApp, type RunningApp } from "../helpers/e2e.js";
import {
  appChecks,
  appComments,
  audit,
  CLEAN,
  OWNER,
  POLICY,
  REPO,
  seedPull,
  seedRepo,
} from "../helpers/reliability.js";

let standin: GitHubStandin;
let app: RunningApp;
useStandinAndApp((s, a) => {
  standin = s;
  app = a;
});

const TEAM_POLICY = `${POLICY}exempt:\n  teams: [${OWNER}/core]\n`;

const membershipLookups = (login: string) =>
  standin.requests.filter((r) => r.method === "GET" && r.path === `/orgs/${OWNER}/teams/core/memberships/${login}`);

describe("exempt.teams, asked of GitHub", () => {
  it("a flagged author in the team is exempt: success check, no label, no comment", async () => {
    seedRepo(standin, TEAM_POLICY);
    const pull = seedPull(standin, { number: 1, author: "core-carol" });
    standin.addTeamMember(OWNER, "core", "core-carol");

    expect((await deliver(app, { event: "pull_request", payload: pull.payload() })).status).toBe(200);

    expect(membershipLookups("core-carol").map((r) => r.status)).toEqual([200]);
    expect(standin.pullRequest(OWNER, REPO, 1).labels).toEqual([]);
    expect(appComments(standin, 1)).toEqual([]);
    expect(appChecks(standin, pull.headSha)).toEqual([expect.objectContaining({ conclusion: "success" })]);
    expect(audit(standin, pull)).toEqual(CLEAN);
  });

  it("a flagged author outside the team (GitHub answers 404) is flagged", async () => {
    seedRepo(standin, TEAM_POLICY);
    const pull = seedPull(standin, { number: 2, author: "outside-olga" });
    standin.addTeamMember(OWNER, "core", "someone-else");

    expect((await deliver(app, { event: "pull_request", payload: pull.payload() })).status).toBe(200);

    expect(membershipLookups("outside-olga").map((r) => r.status)).toEqual([404]);
    expect(standin.pullRequest(OWNER, REPO, 2).labels).toEqual(["ethics-review"]);
    expect(appComments(standin, 2)).toHaveLength(1);
    expect(appChecks(standin, pull.headSha)).toEqual([expect.objectContaining({ conclusion: "neutral" })]);
    expect(app.logs.filter((l) => l.msg === "team membership lookup failed; not exempting")).toEqual([]);
  });

  it("a lookup GitHub fails leaves the author flagged, with a warning", async () => {
    seedRepo(standin, TEAM_POLICY);
    const pull = seedPull(standin, { number: 3, author: "core-dana" });
    standin.addTeamMember(OWNER, "core", "core-dana");
    standin.failNext({ method: "GET", path: /\/teams\/core\/memberships\// }, { status: 502, body: { message: "x" } });

    expect((await deliver(app, { event: "pull_request", payload: pull.payload() })).status).toBe(200);

    expect(standin.pullRequest(OWNER, REPO, 3).labels).toEqual(["ethics-review"]);
    expect(appChecks(standin, pull.headSha)).toEqual([expect.objectContaining({ conclusion: "neutral" })]);
    expect(app.logs.filter((l) => l.msg === "team membership lookup failed; not exempting")).toEqual([
      expect.objectContaining({ team: `${OWNER}/core`, status: 502 }),
    ]);
  });

  it("a clear author costs no membership lookup", async () => {
    seedRepo(standin, TEAM_POLICY);
    const pull = seedPull(standin, { number: 4, author: "clear-casey", company: "Acme Widgets" });

    expect((await deliver(app, { event: "pull_request", payload: pull.payload() })).status).toBe(200);

    expect(membershipLookups("clear-casey")).toEqual([]);
    expect(appChecks(standin, pull.headSha)).toEqual([expect.objectContaining({ conclusion: "success" })]);
  });
});
