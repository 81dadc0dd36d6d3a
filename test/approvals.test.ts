import { describe, expect, it } from "@jest/globals";
import fc from "fast-check";
import {
  coveringApproval,
  evidenceKey,
  evidenceTokens,
  recordApproval,
  sawAllEvidence,
  withApprovals,
  type ApprovalContext,
  type ApprovalRequest,
} from "../src/approvals.js";
import type { Decision, Match } from "../src/decision.js";
import type { Approval } from "../src/state/codec.js";
import { deriveStateKey } from "../src/state/signing.js";

const KEY = deriveStateKey("a test secret that is long enough to be a key");
const tok = (d: Decision) => evidenceTokens(d, (k) => KEY.token(k));
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
const allow: ApprovalRequest = { by: "maint", role: "maintain", reason: "ok", mayApprove: () => true, via: "command" };
/** The context of an approver who was shown exactly `d`'s evidence. */
const sawIt = (d: Decision, over: Partial<ApprovalContext> = {}): ApprovalContext => ({
  approvers: "maintain",
  headSha: "h1",
  now: NOW,
  shown: { tokens: tok(d), since: null },
  ...over,
});
const approve = (d: Decision, prior: Approval[] = [], req = allow, ctx = sawIt(d)) =>
  recordApproval(d, tok(d), prior, req, ctx);

describe("approvals", () => {
  it("the same email in a new commit is the same evidence", () => {
    expect(evidenceKey(m({ commit: "aaaaaaa" }))).toBe(evidenceKey(m({ commit: "bbbbbbb" })));
    expect(evidenceKey(m({ value: "ALICE@palantir.com" }))).toBe(evidenceKey(m()));
    expect(evidenceKey(m({ subject: "bob" }))).not.toBe(evidenceKey(m()));
    expect(evidenceKey(m({ former: true }))).not.toBe(evidenceKey(m()));
    // Fields are kept apart: moving characters from one field to the next is other evidence.
    expect(evidenceKey(m({ subject: "alic", value: "ealice@palantir.com" }))).not.toBe(
      evidenceKey(m({ subject: "alice", value: "alice@palantir.com" })),
    );
  });

  it("the evidence key is a stable format: stored approvals hold digests of it", () => {
    // Approvals written by an earlier version must still cover the same evidence, so the key's
    // spelling (lower case, unit-separated fields, "former" or nothing) is part of the contract.
    expect(evidenceKey(m())).toBe("palantir technologies\u001fcommit_email\u001falice\u001falice@palantir.com\u001f");
    expect(evidenceKey(m({ former: true }))).toBe(
      "palantir technologies\u001fcommit_email\u001falice\u001falice@palantir.com\u001fformer",
    );
  });

  it("the evidence digests do not depend on the order the matches were found in", () => {
    const a = m();
    const b = m({ signal: "co_author", subject: "pat@palantir.com", value: "pat@palantir.com" });
    const c = m({ organization: "Clearview AI", value: "a@clearview.ai" });
    expect(tok(flagged([c, b, a]))).toEqual(tok(flagged([a, b, c])));
    expect(tok(flagged([a, a, b]))).toHaveLength(2);
  });

  it("a decision that is not flagged is left as it is, even with an approval that would cover it", () => {
    const { approvals } = approve(flagged([m()]));
    const exempt: Decision = { ...flagged([m()]), flagged: false, exempt: true };
    expect(withApprovals(exempt, tok(exempt), approvals)).toBe(exempt);
  });

  it("an approval covers later commits with no new evidence, not new co-authors or organizations", () => {
    const { approvals } = approve(flagged([m()]));
    const later = flagged([m({ commit: "ccccccc" })]);
    expect(withApprovals(later, tok(later), approvals)).toMatchObject({
      flagged: false,
      approved: { by: "maint", head_sha: "h1" },
    });
    const coAuthor = flagged([m(), m({ signal: "co_author", subject: "pat@palantir.com", value: "pat@palantir.com" })]);
    expect(withApprovals(coAuthor, tok(coAuthor), approvals).flagged).toBe(true);
    const otherOrg = flagged([m(), m({ organization: "Clearview AI", value: "a@clearview.ai" })]);
    expect(withApprovals(otherOrg, tok(otherOrg), approvals).flagged).toBe(true);
  });

  it("an approval is for one author", () => {
    const { approvals } = approve(flagged([m()]));
    const other = flagged([m()], "mallory");
    expect(coveringApproval(other, tok(other), approvals)).toBeNull();
  });

  it("one rule: never the author, the approvers role, a flag to approve", () => {
    const d = flagged([m()]);
    expect(approve(d, [], { ...allow, by: "ALICE" }).outcome).toBe("own_pull_request");
    expect(approve(d, [], { ...allow, mayApprove: () => false })).toEqual({ approvals: [], outcome: "denied" });
    expect(approve({ ...flagged([]), flagged: false }).outcome).toBe("nothing_to_approve");
    const recorded = approve(d, [], { ...allow, command: { id: 7, createdAt: "2026-01-01T00:00:10Z" } });
    expect(recorded.outcome).toBe("recorded");
    expect(recorded.approvals[0]).toMatchObject({
      by: "maint",
      role: "maintain",
      at: NOW.toISOString(),
      author: "alice",
      head_sha: "h1",
      organizations: ["Palantir Technologies"],
      evidence: tok(d),
      via: "command",
      comment_id: 7,
    });
    // Approving what is already approved records nothing new.
    expect(approve(d, recorded.approvals).outcome).toBe("nothing_to_approve");
  });

  it("asks again when the evidence is more than the approver was shown", () => {
    const before = flagged([m()]);
    const after = flagged([m(), m({ signal: "co_author", subject: "pat@palantir.com", value: "pat@palantir.com" })]);
    // The comment showed `before`; a push brought more evidence before the approval was handled.
    expect(recordApproval(after, tok(after), [], allow, sawIt(before)).outcome).toBe("evidence_changed");
    // No trustworthy record of what was shown: ask again.
    expect(
      recordApproval(after, tok(after), [], allow, sawIt(after, { shown: { tokens: null, since: null } })).outcome,
    ).toBe("evidence_changed");
    // The button approves what its check showed: a check on another commit is not the head.
    expect(approve(before, [], { ...allow, via: "button", headSeen: "old" }).outcome).toBe("evidence_changed");
    // A button on the head's own check approves what it showed.
    expect(approve(before, [], { ...allow, via: "button", headSeen: "h1" }).outcome).toBe("recorded");
  });

  it("asks again when the comment changed what it showed after the command was written", () => {
    const tokens = ["AAAAAAAA"];
    const shown = { tokens, since: "2026-01-01T00:00:20Z" };
    expect(sawAllEvidence(tokens, shown, "2026-01-01T00:00:10Z")).toBe(false);
    expect(sawAllEvidence(tokens, shown, "2026-01-01T00:00:30Z")).toBe(true);
    expect(sawAllEvidence(tokens, shown, "2026-01-01T00:00:20Z")).toBe(true);
    expect(sawAllEvidence(tokens, { tokens, since: null }, "2026-01-01T00:00:10Z")).toBe(true);
    expect(sawAllEvidence(["AAAAAAAA", "BBBBBBBB"], { tokens, since: null })).toBe(false);
    expect(sawAllEvidence([], { tokens: [], since: null })).toBe(true);
    // No trustworthy record of what was shown, even of nothing: ask again.
    expect(sawAllEvidence([], { tokens: null, since: null })).toBe(false);
    // A time that cannot be read on either side proves nothing changed afterwards: the shown evidence decides.
    expect(sawAllEvidence(tokens, shown, "not a time")).toBe(true);
    expect(sawAllEvidence(tokens, { tokens, since: "not a time" }, "2026-01-01T00:00:10Z")).toBe(true);
  });

  it("never loses an approval: recording keeps every earlier one, in order", () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom("a@palantir.com", "b@palantir.com", "c@palantir.com"), { minLength: 1, maxLength: 6 }),
        (emails) => {
          let approvals: Approval[] = [];
          for (const email of emails) {
            const before = approvals;
            approvals = approve(flagged([m({ value: email })]), approvals).approvals;
            expect(approvals.slice(0, before.length)).toEqual(before);
          }
        },
      ),
      { numRuns: 1000 },
    );
  });
});
