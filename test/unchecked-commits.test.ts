// A pull request with more commits than GitHub lists is never judged silently on part of them:
// the decision says how many were checked, and the comment and check say so too.
import { describe, expect, it } from "@jest/globals";
import { evaluate } from "../src/evaluate.js";
import type { Evidence } from "../src/evidence/types.js";
import { toEvidence } from "../src/github/to-evidence.js";
import { compilePolicy } from "../src/policy/compile.js";
import { renderCheck } from "../src/render/check.js";
import { renderComment } from "../src/render/comment.js";
import { decision, HEAD, policy, REPO, state, stored } from "./render/helpers.js";
import { fixture } from "./helpers/fixture.js";

const commit = (i: number) => ({
  sha: i.toString(16).padStart(40, "0"),
  message: `Commit ${i}`,
  author: { name: "Dev", email: "dev@example.org", login: "dev" },
  committer: { name: "GitHub", email: "noreply@github.com", login: "web-flow" },
});
const evidence = (commits: number, extra: Partial<Evidence> = {}): Evidence => ({
  author: { login: "dev", type: "User", company: null, bio: null, email: null, blog: null, organizations: [] },
  users: {},
  commits: Array.from({ length: commits }, (_, i) => commit(i + 1)),
  ...extra,
});
const compiled = fixture(() => compilePolicy(policy()));
const NOW = { now: new Date("2026-11-30T00:00:00Z") };

describe("commits GitHub does not list", () => {
  it("the gathered evidence records how many commits the pull request has", () => {
    const gathered = toEvidence({ author: { __typename: "User", login: "dev" }, commits: [], totalCommits: 312 });
    expect(gathered).toMatchObject({ commits_truncated: true, commits_total: 312 });
    expect(
      toEvidence({ author: { __typename: "User", login: "dev" }, commits: [], totalCommits: 0 }).commits_truncated,
    ).toBeUndefined();
  });

  it("the decision says how many were checked, of how many", () => {
    expect(
      evaluate(compiled(), evidence(250, { commits_truncated: true, commits_total: 312 }), NOW).commits_unchecked,
    ).toEqual({ checked: 250, total: 312 });
    expect(evaluate(compiled(), evidence(3, { commits_truncated: true }), NOW).commits_unchecked).toEqual({
      checked: 3,
      total: null,
    });
    expect(evaluate(compiled(), evidence(3), NOW).commits_unchecked).toBeUndefined();
  });

  it.each<[string, number, Partial<Evidence>, { checked: number; total: number | null } | undefined]>([
    ["a total equal to the commits read: all were read", 3, { commits_total: 3 }, undefined],
    ["a total one more than the commits read", 3, { commits_total: 4 }, { checked: 3, total: 4 }],
    ["a total smaller than the commits read is not believed", 3, { commits_total: 2 }, undefined],
    ["a total that is not a number is ignored", 3, { commits_total: "9" as unknown as number }, undefined],
    [
      "truncated with an equal total still says so",
      3,
      { commits_truncated: true, commits_total: 3 },
      { checked: 3, total: null },
    ],
  ])("%s", (_name, commits, extra, unchecked) => {
    expect(evaluate(compiled(), evidence(commits, extra), NOW).commits_unchecked).toEqual(unchecked);
  });

  it("a clear check and a flagged comment both say what was not read", () => {
    const unchecked = { commits_unchecked: { checked: 250, total: 312 } };
    expect(renderCheck(decision({ matches: [], ...unchecked }), policy()).summary).toContain(
      "only the first 250 of 312 commits",
    );
    const body = renderComment({
      decision: decision(unchecked),
      policy: policy(),
      repo: REPO,
      headSha: HEAD,
      ...stored(state()),
    });
    expect(body).toContain("only the first 250 of 312 commits");
    expect(renderCheck(decision({ matches: [] }), policy()).summary).not.toContain("Not read");
  });
});
