// Properties of the whole comment over arbitrary decisions, policies and states: whatever the
// profile, commit, policy or approval text, nothing in it can mention, reference, link, inject
// HTML or forge our hidden metadata.
import { describe, expect, it } from "@jest/globals";
import fc from "fast-check";
import type { Decision, Match, Signal, Unattributed } from "../../src/decision.js";
import { policySchema, type Policy } from "../../src/policy/schema.js";
import { renderComment, MAX_COMMENT_CHARS, type CommentInput } from "../../src/render/comment.js";
import { policyFileUrl, policyUrl } from "../../src/render/links.js";
import { readState, type CommentState } from "../../src/state/codec.js";
import { COMMENT_MARKER, hasMarker } from "../../src/state/marker.js";
import { DEFAULT_POLICY_PATH, SIGNAL_WORDS } from "../../src/render/wording.js";
import {
  CLOSING_REFERENCE,
  GITHUB_MENTION,
  hostileString,
  LIVE_MENTION,
  LIVE_REFERENCE,
  REPO,
  rendered,
  stored,
  TEST_KEY,
  BIND,
} from "./helpers.js";

type Input = CommentInput & { state: CommentState };

const text = fc.oneof(
  hostileString,
  fc.string({ unit: "binary", maxLength: 30 }),
  fc.string({ unit: "grapheme", maxLength: 30 }),
);
const sha = fc.oneof(text, fc.stringMatching(/^[0-9a-f]{40}$/));

const matchArb: fc.Arbitrary<Match> = fc.record(
  {
    organization: text,
    signal: fc.constantFrom(...(Object.keys(SIGNAL_WORDS) as Signal[])),
    subject: text,
    value: text,
    matched: text,
    commit: sha,
    former: fc.boolean(),
  },
  { requiredKeys: ["organization", "signal", "subject", "value", "matched"] },
);

const unattributedArb: fc.Arbitrary<Unattributed> = fc.record({
  commit: sha,
  role: fc.constantFrom("author", "committer", "co_author"),
  name: fc.option(text),
  email: fc.option(
    fc.oneof(
      text,
      fc.tuple(text, text).map(([a, b]) => `${a}@${b}`),
    ),
  ),
  reason: fc.constantFrom("private_email", "no_account", "no_email"),
});

const decisionArb: fc.Arbitrary<Decision> = fc
  .record({
    flagged: fc.boolean(),
    exempt: fc.boolean(),
    exempt_reason: fc.option(fc.constantFrom("bot", "user", "team"), { nil: undefined }),
    author: text,
    matches: fc.array(matchArb, { maxLength: 5 }),
    unattributed: fc.array(unattributedArb, { maxLength: 3 }),
    extraOrgs: fc.array(text, { maxLength: 2 }),
  })
  .map(({ extraOrgs, exempt_reason, ...d }) => ({
    ...d,
    ...(exempt_reason === undefined ? {} : { exempt_reason }),
    organizations: [...new Set([...d.matches.map((m) => m.organization), ...extraOrgs])],
  }));

const approvalArb = fc.record({
  by: text,
  at: text,
  reason: text,
  author: text,
  head_sha: sha,
  organizations: fc.array(text, { maxLength: 2 }),
  evidence: fc.array(fc.stringMatching(/^[A-Za-z0-9_-]{8}$/), { maxLength: 2 }).map((e) => [...new Set(e)].sort()),
  role: text,
  via: fc.constantFrom("command" as const, "button" as const),
});
const tamperingArb = fc.record({
  found_at: text,
  kind: fc.constantFrom("edited" as const, "signature" as const, "other_key" as const),
  editors: fc.array(text, { maxLength: 2 }),
  voided: fc.nat(5),
});
const stateArb: fc.Arbitrary<CommentState> = fc.record({
  v: fc.constant(2 as const),
  head_sha: sha,
  flagged: fc.boolean(),
  organizations: fc.array(text, { maxLength: 3 }),
  shown: fc.constant([]),
  shown_since: fc.constant(null),
  shown_changed: fc.boolean(),
  approvals: fc.array(approvalArb, { maxLength: 3 }),
  summary: fc.constant(null),
  tampering: fc.array(tamperingArb, { maxLength: 2 }),
});

const policyUrlArb = fc.option(
  fc.oneof(
    text,
    fc.constantFrom(
      "ETHICS.md",
      "docs/ethics.md#1",
      "https://example.org/ethics",
      "https://example.org/@x(1)",
      "javascript:alert(1)",
    ),
  ),
  {
    nil: undefined,
  },
);

/** A valid policy whose free text (statement, names, reasons, policy_url) is arbitrary; invalid bits are dropped. */
function policyFrom(statement: string, orgs: { name: string; reason: string }[], url: string | undefined): Policy {
  const organizations = orgs
    .filter((o) => o.name.trim() !== "")
    .map((o) => (o.reason.trim() === "" ? { name: o.name } : o));
  if (organizations.length === 0) organizations.push({ name: "Palantir Technologies" });
  const base = { version: 1 as const, organizations, ...(statement.trim() === "" ? {} : { statement }) };
  const withUrl = policySchema.safeParse({ ...base, policy_url: url });
  return withUrl.success ? withUrl.data : policySchema.parse(base);
}

const inputArb: fc.Arbitrary<Input> = fc
  .record({
    decision: decisionArb,
    statement: text,
    orgs: fc.array(fc.record({ name: text, reason: text }), { maxLength: 3 }),
    url: policyUrlArb,
    headSha: sha,
    state: stateArb,
    policyPath: fc.option(text, { nil: undefined }),
  })
  .map(({ decision, statement, orgs, url, headSha, state, policyPath }) => {
    // The decision's organizations are named in the policy too, so their reasons are rendered.
    const named = [...orgs, ...decision.organizations.map((name, i) => ({ name, reason: orgs[i]?.reason ?? "" }))];
    return {
      decision,
      policy: policyFrom(statement, named, url),
      repo: REPO,
      headSha,
      state,
      ...stored(state),
      ...(policyPath === undefined ? {} : { policyPath }),
    };
  });

/** Our own link destinations (user text never contains "](" so this only matches ours). */
const OUR_LINKS = /\]\(https:[^)\s]*\)/g;
const APPROVE = "`/ethics-policy approve <reason>`";

function expectedLinks(input: CommentInput): number {
  const file = policyFileUrl(input.repo, input.policyPath ?? DEFAULT_POLICY_PATH) === null ? 0 : 1;
  const more = input.policy.policy_url !== undefined && policyUrl(input.repo, input.policy.policy_url) !== null ? 1 : 0;
  return input.decision.flagged ? file + more : file;
}

describe("renderComment over arbitrary input", () => {
  it("never lets user text mention, reference, link, inject HTML or forge metadata", () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        const body = renderComment(input);
        const lines = body.split("\n");
        const visible = lines
          .slice(2)
          .map((l) => l.replace(/^> /, ""))
          .join("\n")
          .replace(APPROVE, "")
          .replace(OUR_LINKS, "]");
        const shown = rendered(visible);

        expect(lines[0]).toBe(COMMENT_MARKER);
        expect(hasMarker(body)).toBe(true);
        expect(body.split(COMMENT_MARKER)).toHaveLength(2);
        expect(body.match(/<!-- ethics-policy:state /g)).toHaveLength(1);
        expect(body.match(/<!--/g)).toHaveLength(2);
        expect(readState(body, TEST_KEY, BIND)).toEqual({ kind: "verified", state: input.state });

        expect(body).not.toMatch(LIVE_MENTION);
        expect(shown).not.toMatch(LIVE_MENTION);
        expect(shown).not.toMatch(GITHUB_MENTION);
        expect(shown).not.toMatch(LIVE_REFERENCE);
        expect(shown).not.toMatch(CLOSING_REFERENCE);
        expect(visible).not.toMatch(/[<>]/);
        expect(body.toLowerCase()).not.toContain("javascript:");
        expect(shown.toLowerCase()).not.toMatch(/[a-z]:\/\/|www\./);
        expect(body.split("](")).toHaveLength(expectedLinks(input) + 1);
        expect(body.length).toBeLessThanOrEqual(MAX_COMMENT_CHARS);
      }),
      { numRuns: 1000 },
    );
  });

  it("is stable and keeps every table row on one line", () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        const body = renderComment(input);
        expect(renderComment(input)).toBe(body);
        const rows = body
          .split("\n")
          .filter((l) => l.startsWith("| ") && !l.startsWith("| ---") && !l.startsWith("| Evidence"));
        expect(rows).toHaveLength(input.decision.flagged ? input.decision.matches.length : 0);
        for (const row of rows) expect(row.replace(/\\\|/g, "").split("|")).toHaveLength(7);
      }),
      { numRuns: 1000 },
    );
  });
});
