// The benchmark's verdicts: "1,000 pull requests reviewed, 0 duplicate writes" is only worth what
// the audit behind it is, so it is tested here on hand-made stand-in states; and the pacing floors
// it prints beside its figures are arithmetic checked against GitHub's and Probot's numbers.
import { describe, expect, it } from "@jest/globals";
import { auditReviews, checkedPulls, type StandinView } from "../../bench/review-audit.js";
import { pacingFloor } from "../../bench/pacing.js";
import type { StandinCheckRun, StandinComment, StandinPullRequest } from "../../src/standin/github-standin.js";
import { COMMENT_MARKER } from "../../src/state/marker.js";

const APP_ID = 123;
const OWNER = "bench";
const REPO = "audit";

interface PullState {
  labels?: string[];
  comments?: Partial<StandinComment>[];
  checks?: Partial<StandinCheckRun>[];
}

const appComment = (): Partial<StandinComment> => ({ body: `Flagged\n${COMMENT_MARKER}\n`, viaApp: true });
const check = (conclusion: string, extra: Partial<StandinCheckRun> = {}): Partial<StandinCheckRun> => ({
  name: "Ethics policy",
  appId: APP_ID,
  status: "completed",
  conclusion,
  ...extra,
});

/** A stand-in view over pull requests 1..n, each head "head-<n>". */
function view(pulls: PullState[]): StandinView {
  const prs = pulls.map(
    (p, i) =>
      ({
        owner: OWNER,
        repo: REPO,
        number: i + 1,
        headSha: `head-${i + 1}`,
        labels: p.labels ?? [],
        comments: (p.comments ?? []) as StandinComment[],
      }) as StandinPullRequest,
  );
  const runs = pulls.flatMap((p, i) =>
    (p.checks ?? []).map((c) => ({ owner: OWNER, repo: REPO, headSha: `head-${i + 1}`, ...c }) as StandinCheckRun),
  );
  return {
    appId: APP_ID,
    checkRuns: (owner, repo, headSha) =>
      runs.filter((r) => r.owner === owner && r.repo === repo && (!headSha || r.headSha === headSha)),
    pullRequest: (_owner, _repo, number) => {
      const pr = prs[number - 1];
      if (!pr) throw new Error(`no pull request ${number}`);
      return pr;
    },
  };
}

const audit = (pulls: PullState[], flagged: boolean) =>
  auditReviews(
    view(pulls),
    OWNER,
    REPO,
    pulls.map((_, i) => i + 1),
    () => flagged,
  );

describe("auditReviews: a pull request counts as reviewed only by its final state", () => {
  const flaggedDone: PullState = {
    labels: ["ethics-review"],
    comments: [appComment()],
    checks: [check("action_required")],
  };

  it.each<[string, PullState, boolean, { reviewed: number; duplicateWrites: number }]>([
    ["flagged: label, the app's comment, a non-success check", flaggedDone, true, { reviewed: 1, duplicateWrites: 0 }],
    ["flagged without its label", { ...flaggedDone, labels: [] }, true, { reviewed: 0, duplicateWrites: 0 }],
    ["flagged without the app's comment", { ...flaggedDone, comments: [] }, true, { reviewed: 0, duplicateWrites: 0 }],
    ["flagged without a check run", { ...flaggedDone, checks: [] }, true, { reviewed: 0, duplicateWrites: 0 }],
    [
      "flagged but the check says success",
      { ...flaggedDone, checks: [check("success")] },
      true,
      { reviewed: 0, duplicateWrites: 0 },
    ],
    [
      "flagged, the comment posted twice",
      { ...flaggedDone, comments: [appComment(), appComment()] },
      true,
      { reviewed: 1, duplicateWrites: 1 },
    ],
    [
      "flagged, the label present twice in another case",
      { ...flaggedDone, labels: ["ethics-review", "Ethics-Review"] },
      true,
      { reviewed: 1, duplicateWrites: 1 },
    ],
    [
      "flagged, two check runs on the head",
      { ...flaggedDone, checks: [check("action_required"), check("action_required")] },
      true,
      { reviewed: 1, duplicateWrites: 1 },
    ],
    [
      "a comment without the marker, or not by the app, is not the app's comment",
      {
        ...flaggedDone,
        comments: [
          { body: "Flagged", viaApp: true },
          { body: COMMENT_MARKER, viaApp: false },
        ],
      },
      true,
      { reviewed: 0, duplicateWrites: 0 },
    ],
    [
      "a check run by another app, under another name or still running does not count",
      {
        ...flaggedDone,
        checks: [
          check("action_required", { appId: 999 }),
          check("action_required", { name: "CI" }),
          check("action_required", { status: "in_progress", conclusion: null }),
        ],
      },
      true,
      { reviewed: 0, duplicateWrites: 0 },
    ],
    [
      "clear: a success check and nothing else",
      { checks: [check("success")] },
      false,
      { reviewed: 1, duplicateWrites: 0 },
    ],
    [
      "clear but labelled",
      { labels: ["ethics-review"], checks: [check("success")] },
      false,
      { reviewed: 0, duplicateWrites: 0 },
    ],
    [
      "clear but commented",
      { comments: [appComment()], checks: [check("success")] },
      false,
      { reviewed: 0, duplicateWrites: 0 },
    ],
    ["clear but the check is not success", { checks: [check("neutral")] }, false, { reviewed: 0, duplicateWrites: 0 }],
  ])("%s", (_name, pull, flagged, expected) => {
    expect(audit([pull], flagged)).toEqual(expected);
  });

  it("counts over many pull requests: a second check run on one head is a duplicate, a pull request without one is missing", () => {
    const done = { checks: [check("success")] };
    const base = view([done, done, {}]);
    const runs = base.checkRuns(OWNER, REPO);
    const twice = { ...base, checkRuns: () => [...runs, { ...runs[0]!, id: 9 }] } as StandinView;
    expect(auditReviews(twice, OWNER, REPO, [1, 2, 3], () => false)).toEqual({ reviewed: 2, duplicateWrites: 1 });
    expect(checkedPulls(twice, OWNER, REPO)).toBe(2);
  });
});

describe("pacingFloor: what GitHub's and Probot's pacing would add to a push", () => {
  const run = {
    "POST /app/installations/:n/access_tokens": 2,
    "GET /app": 2,
    "GET /repos/:owner/:repo/pulls": 10,
    "POST /graphql EthicsPolicyPullRequest": 1000,
    "POST /graphql EthicsPolicyReconcile": 1000,
  };

  it("paces GraphQL queries and mutations, not reads or token exchanges, one a second", () => {
    expect(pacingFloor(run, 1000, 1000)).toEqual({
      paced_requests_per_pr: 2,
      probot_pacing_floor_minutes: 33.33,
      content_creating_requests: 1000,
      github_per_minute_floor_minutes: 12.5,
      github_per_hour_floor_hours: 1,
    });
  });

  it("paces REST writes too", () => {
    expect(
      pacingFloor(
        { "POST /repos/:owner/:repo/check-runs": 60, "PATCH /repos/:owner/:repo/issues/comments/:n": 60 },
        60,
        120,
      ),
    ).toMatchObject({ paced_requests_per_pr: 2, probot_pacing_floor_minutes: 2, github_per_minute_floor_minutes: 1.5 });
  });

  it.each([
    [0, 0],
    [500, 0],
    [501, 1],
    [1000, 1],
    [1001, 2],
  ])("%i content-creating requests wait %i hour(s) beyond the first for GitHub's 500 an hour", (writes, hours) => {
    expect(pacingFloor({}, 1, writes).github_per_hour_floor_hours).toBe(hours);
  });
});
