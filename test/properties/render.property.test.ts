// What test/render/comment.property.test.ts and check.test.ts leave out: the replies to commands
// (logins, unknown command words and organizations are user text), the failing check for an
// invalid policy (whose messages quote the policy), real validator output rendered, and the hidden
// marker: user text can never carry it, and arbitrary text never decodes to app state.
import { describe, expect, test } from "@jest/globals";
import fc from "fast-check";
import type { Decision } from "../../src/decision.js";
import { parsePolicy } from "../../src/policy/parse.js";
import { renderPolicyErrorCheck } from "../../src/render/check.js";
import { emptyState, encodeState, readState, stateBinding } from "../../src/state/codec.js";
import { COMMENT_MARKER, hasMarker } from "../../src/state/marker.js";
import { deriveStateKey } from "../../src/state/signing.js";

const KEY = deriveStateKey("property tests: a secret long enough to derive a key");
const BIND = stateBinding("o", "r", 1);
const decodeState = (body: unknown) => {
  const read = readState(body, KEY, BIND);
  return read.kind === "verified" ? read.state : null;
};
import { renderReply, type Reply } from "../../src/render/replies.js";
import { inlineText } from "../../src/render/sanitize.js";
import {
  CLOSING_REFERENCE,
  HOSTILE,
  hostileString,
  LIVE_MENTION,
  LIVE_REFERENCE,
  rendered,
} from "../render/helpers.js";
import { counted, RUNS } from "./runs.js";

const text = fc.oneof(
  hostileString,
  fc.string({ unit: "binary", maxLength: 40 }),
  fc.string({ unit: "grapheme", maxLength: 40 }),
);

/** Markdown we produced from user text: nothing in it may be live or raw. */
function expectInert(markdown: string): void {
  const shown = rendered(markdown.replace(/`\/ethics-policy (approve \[reason\]|recheck|explain)`/g, ""));
  expect(markdown).not.toMatch(/[<>]/);
  expect(markdown).not.toContain("](");
  expect(markdown.toLowerCase()).not.toContain("javascript:");
  expect(shown).not.toMatch(LIVE_MENTION);
  expect(shown).not.toMatch(LIVE_REFERENCE);
  expect(shown).not.toMatch(CLOSING_REFERENCE);
  expect(shown.toLowerCase()).not.toMatch(/[a-z]:\/\/|www\./);
  expect(hasMarker(markdown)).toBe(false);
  expect(markdown).not.toContain("<!--");
}

const decisionArb: fc.Arbitrary<Decision> = fc
  .record({
    flagged: fc.boolean(),
    exempt: fc.boolean(),
    author: text,
    orgs: fc.array(text, { maxLength: 3 }),
    approvedBy: fc.option(text, { nil: undefined }),
  })
  .map(({ orgs, approvedBy, ...d }) => ({
    ...d,
    organizations: orgs,
    matches: orgs.map((o) => ({
      organization: o,
      signal: "profile_company" as const,
      subject: d.author,
      value: o,
      matched: o,
    })),
    unattributed: [],
    ...(approvedBy === undefined
      ? {}
      : {
          approved: {
            by: approvedBy,
            at: "2026-01-01T00:00:00Z",
            reason: approvedBy,
            author: d.author,
            head_sha: "0",
            organizations: orgs,
            evidence: [],
          },
        }),
  }));

const replyArb: fc.Arbitrary<Reply> = fc.oneof(
  fc.record({ kind: fc.constant("approved" as const), by: text, decision: decisionArb }),
  fc.record({ kind: fc.constant("nothing_to_approve" as const), by: text }),
  fc.record({
    kind: fc.constant("denied" as const),
    by: text,
    least: fc.constantFrom("write" as const, "maintain" as const, "admin" as const),
  }),
  fc.record({ kind: fc.constant("own_pull_request" as const), by: text }),
  fc.record({ kind: fc.constant("lookup_failed" as const), by: text }),
  fc.record({ kind: fc.constant("explain" as const), decision: decisionArb }),
  fc.record({ kind: fc.constant("unknown_command" as const), word: text }),
);

describe("replies to commands", () => {
  test("never let a login, a command word or an organization mention, reference, link or inject", () => {
    fc.assert(
      fc.property(
        replyArb,
        counted((reply) => expectInert(renderReply(reply))),
      ),
      { numRuns: RUNS },
    );
  });
});

describe("the failing check for an invalid policy", () => {
  const problem = fc.record({
    file: text,
    line: fc.integer({ min: -5, max: 1e9 }),
    col: fc.integer({ min: -5, max: 1e9 }),
    message: text,
  });

  test("keeps arbitrary problem text inert in the summary and plain in the title and annotations", () => {
    fc.assert(
      fc.property(
        fc.array(problem, { maxLength: 8 }),
        fc.boolean(),
        counted((problems, proposed) => {
          const out = renderPolicyErrorCheck(problems, { proposed });
          expectInert(out.summary);
          for (const plain of [out.title, ...out.annotations.map((a) => a.message)])
            // eslint-disable-next-line no-control-regex -- asserting control characters are gone
            expect(plain).not.toMatch(/[\r\n\u0000-\u0008\u202A-\u202E]/);
          for (const a of out.annotations) expect(a.start_line).toBeGreaterThanOrEqual(1);
        }),
      ),
      { numRuns: RUNS },
    );
  });

  test("renders what the validator says about a hostile policy inertly", () => {
    const hostileKey = fc.oneof(fc.constantFrom(...HOSTILE), text).map((k) => JSON.stringify(k));
    fc.assert(
      fc.property(
        fc.array(fc.tuple(hostileKey, hostileKey), { minLength: 1, maxLength: 4 }),
        counted((pairs) => {
          const yaml = `version: 1\norganizations:\n  - name: ${pairs[0]?.[1] ?? '"x"'}\n${pairs.map(([k, v]) => `${k}: ${v}`).join("\n")}\n`;
          const result = parsePolicy(yaml, ".github/ethics-policy.yml");
          if (result.ok) return;
          expectInert(renderPolicyErrorCheck(result.problems).summary);
        }),
      ),
      { numRuns: RUNS },
    );
  });
});

describe("the hidden marker", () => {
  test("user text, once escaped, never carries the marker or a state block", () => {
    const withMarkers = fc
      .array(
        fc.oneof(
          text,
          fc.constantFrom(COMMENT_MARKER, `\n${COMMENT_MARKER}\n`, "<!-- ethics-policy:state ", " -->", "\n"),
        ),
        { maxLength: 10 },
      )
      .map((p) => p.join(""));
    fc.assert(
      fc.property(
        withMarkers,
        counted((s) => {
          const escaped = inlineText(s, 10_000);
          expect(hasMarker(escaped)).toBe(false);
          expect(decodeState(escaped)).toBeNull();
          expect(escaped).not.toContain("<!--");
        }),
      ),
      { numRuns: RUNS },
    );
  });

  test("decoding arbitrary or damaged bodies never throws, and yields a valid state or nothing", () => {
    const valid = encodeState({ ...emptyState("a"), flagged: true, organizations: ["x"] }, KEY, BIND);
    const damaged = fc
      .tuple(fc.nat({ max: valid.length }), fc.nat({ max: valid.length }), text)
      .map(([a, b, noise]) => valid.slice(0, Math.min(a, b)) + noise + valid.slice(Math.max(a, b)));
    fc.assert(
      fc.property(
        fc.oneof(text, damaged, fc.anything()),
        counted((body) => {
          const state = decodeState(body);
          if (state !== null) {
            expect(state.v).toBe(2);
            expect(Array.isArray(state.approvals)).toBe(true);
          }
          expect(() => hasMarker(body)).not.toThrow();
        }),
      ),
      { numRuns: RUNS },
    );
  });
});
