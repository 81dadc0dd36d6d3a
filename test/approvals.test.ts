import { describe, expect, it } from "@jest/globals";
import fc from "fast-check";
import { coveringApproval, evidenceKey, newApproval, recordApproval, withApprovals } from "../src/approvals.js";
import type { Decision, Match } from "../src/decision.js";

const m = (over: Partial<Match> = {}): Match => ({
  organization: "Palantir Technologies",
  signal: "commit_email",
  subject: "alice",
  value: "alice@palantir.com",
  matched: "palantir.com",
  commit: "aaaaaaa",
  ...over,
});
const flagged = (matches: Match[], author = "alice"): Decision => ({
  flagged: true,
  exempt: false,
  author,
  matches,
  unattributed: [],
  organizations: [...new Set(matches.map((x) => x.organization))],
});
const NOW = new Date("2026-11-30T12:00:00Z");
const allow = { by: "maint", reason: "ok", mayApprove: () => true };

describe("approvals", () => {
  it("the same email in a new commit is the same evidence", () => {
    expect(evidenceKey(m({ commit: "aaaaaaa" }))).toBe(evidenceKey(m({ commit: "bbbbbbb" })));
    expect(evidenceKey(m({ value: "ALICE@palantir.com" }))).toBe(evidenceKey(m()));
    expect(evidenceKey(m({ subject: "bob" }))).not.toBe(evidenceKey(m()));
    expect(evidenceKey(m({ former: true }))).not.toBe(evidenceKey(m()));
  });

  it("an approval covers later commits with no new evidence, not new co-authors or organizations", () => {
    const approval = newApproval(flagged([m()]), "maint", "ok", "h1", NOW);
    expect(withApprovals(flagged([m({ commit: "ccccccc" })]), [approval])).toMatchObject({
      flagged: false,
      approved: { by: "maint", head_sha: "h1" },
    });
    expect(
      withApprovals(flagged([m(), m({ signal: "co_author", subject: "commit ccccccc", value: "pat@palantir.com" })]), [
        approval,
      ]).flagged,
    ).toBe(true);
    expect(
      withApprovals(flagged([m(), m({ organization: "Clearview AI", value: "a@clearview.ai" })]), [approval]).flagged,
    ).toBe(true);
  });

  it("an approval is for one author", () => {
    const approval = newApproval(flagged([m()]), "maint", "ok", "h1", NOW);
    expect(coveringApproval(flagged([m()], "mallory"), [approval])).toBeNull();
  });

  it("records only when allowed and flagged", () => {
    const ctx = { approvers: "maintain" as const, headSha: "h1", now: NOW };
    expect(recordApproval(flagged([m()]), [], { ...allow, mayApprove: () => false }, ctx)).toEqual({
      approvals: [],
      outcome: "denied",
    });
    expect(recordApproval({ ...flagged([]), flagged: false }, [], allow, ctx)).toEqual({
      approvals: [],
      outcome: "nothing_to_approve",
    });
    const recorded = recordApproval(flagged([m()]), [], allow, ctx);
    expect(recorded.outcome).toBe("recorded");
    expect(recorded.approvals[0]).toMatchObject({
      by: "maint",
      at: NOW.toISOString(),
      author: "alice",
      head_sha: "h1",
      organizations: ["Palantir Technologies"],
    });
    // Approving what is already approved records nothing new.
    expect(recordApproval(flagged([m()]), recorded.approvals, allow, ctx).outcome).toBe("nothing_to_approve");
  });

  it("never loses an approval: recording keeps every earlier one, in order", () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom("a@palantir.com", "b@palantir.com", "c@palantir.com"), { minLength: 1, maxLength: 6 }),
        (emails) => {
          let approvals: ReturnType<typeof newApproval>[] = [];
          for (const email of emails) {
            const before = approvals;
            approvals = recordApproval(flagged([m({ value: email })]), approvals, allow, {
              approvers: "write",
              headSha: "h",
              now: NOW,
            }).approvals;
            expect(approvals.slice(0, before.length)).toEqual(before);
          }
        },
      ),
      { numRuns: 1000 },
    );
  });
});
