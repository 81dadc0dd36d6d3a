import { describe, expect, it } from "@jest/globals";
import fc from "fast-check";
import { renderComment } from "../../src/render/comment.js";
import { inlineText } from "../../src/render/sanitize.js";
import {
  compact,
  encodeState,
  MAX_STATE_CHARS,
  readState,
  stateBinding,
  type CommentState,
} from "../../src/state/codec.js";
import { COMMENT_MARKER, hasMarker } from "../../src/state/marker.js";
import { deriveStateKey } from "../../src/state/signing.js";
import {
  approval,
  BIND,
  decision,
  HEAD,
  hostileString,
  policy,
  REPO,
  state,
  stored,
  TEST_KEY,
} from "../render/helpers.js";

const OTHER_KEY = deriveStateKey("another deployment's secret, long enough to be a key");
const b64 = (s: string): string => Buffer.from(s, "utf8").toString("base64url");
const legacyLine = (v1: unknown) => `<!-- ethics-policy:state ${b64(JSON.stringify(v1))} -->`;
const text = fc.oneof(hostileString, fc.string({ unit: "binary" }), fc.string({ unit: "grapheme" }));
const token = fc.stringMatching(/^[A-Za-z0-9_-]{8}$/);

const stateArb: fc.Arbitrary<CommentState> = fc.record({
  v: fc.constant(2 as const),
  head_sha: text,
  flagged: fc.boolean(),
  organizations: fc.array(text, { maxLength: 3 }),
  shown: fc.uniqueArray(token, { maxLength: 5 }).map((t) => t.sort()),
  shown_since: fc.option(text, { nil: null }),
  shown_changed: fc.boolean(),
  approvals: fc.array(
    fc.record({
      by: text,
      role: text,
      at: text,
      reason: text,
      author: text,
      head_sha: text,
      organizations: fc.array(text, { maxLength: 3 }),
      evidence: fc.uniqueArray(token, { maxLength: 5 }).map((t) => t.sort()),
      via: fc.constantFrom("command" as const, "button" as const),
    }),
    { maxLength: 3 },
  ),
  summary: fc.constant(null),
  tampering: fc.constant([]),
});

/** Sets come back in table order (sorted): compare them as sets. */
const sorted = (s: CommentState): CommentState => ({
  ...s,
  shown: [...s.shown].sort(),
  approvals: s.approvals.map((a) => ({ ...a, evidence: [...a.evidence].sort() })),
});

describe("the signed state line", () => {
  it("is one HTML comment line: version, key id, payload, signature", () => {
    expect(encodeState(state(), TEST_KEY, BIND)).toMatch(
      /^<!-- ethics-policy:state 2\.[A-Za-z0-9_-]{8}\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{43} -->$/,
    );
  });

  it("round-trips arbitrary states, and never throws on arbitrary bodies", () => {
    fc.assert(
      fc.property(stateArb, text, (s, noise) => {
        const body = `${inlineText(noise)}\n${encodeState(s, TEST_KEY, BIND)}\r\n${inlineText(noise)}`;
        expect(readState(body, TEST_KEY, BIND)).toEqual({ kind: "verified", state: sorted(s) });
        expect(() => readState(noise, TEST_KEY, BIND)).not.toThrow();
        expect(() => readState(`<!-- ethics-policy:state 2.${noise} -->`, TEST_KEY, BIND)).not.toThrow();
      }),
      { numRuns: 500 },
    );
  });

  it("does not verify for another pull request, another key, or after any change", () => {
    const line = encodeState(state({ approvals: [approval()] }), TEST_KEY, BIND);
    expect(readState(line, TEST_KEY, stateBinding(REPO.owner, REPO.repo, 2))).toEqual({
      kind: "invalid",
      reason: "signature",
    });
    expect(readState(line, OTHER_KEY, BIND)).toEqual({ kind: "invalid", reason: "other_key" });
    expect(readState(line, null, BIND)).toEqual({ kind: "invalid", reason: "other_key" });
    // Flip one character of the payload or the signature.
    const at = line.indexOf(".", line.indexOf(".") + 1) + 5;
    const flipped = line.slice(0, at) + (line[at] === "A" ? "B" : "A") + line.slice(at + 1);
    expect(readState(flipped, TEST_KEY, BIND)).toEqual({ kind: "invalid", reason: "signature" });
  });

  it("a forged line appended to a genuine one makes the record invalid, not approving", () => {
    const genuine = encodeState(state(), TEST_KEY, BIND);
    const forged = encodeState(state({ flagged: false, approvals: [approval()] }), OTHER_KEY, BIND);
    expect(readState(`${genuine}\n${forged}`, TEST_KEY, BIND)).toEqual({ kind: "invalid", reason: "several" });
    expect(readState(`${genuine}\n<!--ethics-policy:state x -->`, TEST_KEY, BIND).kind).toBe("invalid");
  });

  it("reads an unsigned v1 state as legacy, with evidence keys turned into tokens", () => {
    const v1 = {
      v: 1,
      head_sha: "h",
      flagged: false,
      organizations: ["P"],
      approvals: [{ ...approval(), evidence: ["k"] }],
    };
    const read = readState(legacyLine(v1), TEST_KEY, BIND, (k) => `t-${k}`);
    expect(read.kind).toBe("legacy");
    expect(read.kind === "legacy" && read.state.approvals[0]?.evidence).toEqual(["t-k"]);
    expect(readState(legacyLine({ v: 1 }), TEST_KEY, BIND)).toEqual({ kind: "invalid", reason: "malformed" });
  });

  it("never reads a state line that came in through user text", () => {
    const forged = encodeState(state({ flagged: false, approvals: [approval({ by: "mallory" })] }), TEST_KEY, BIND);
    expect(readState(inlineText(forged, 10_000), TEST_KEY, BIND)).toEqual({ kind: "none" });
    const real = state();
    const body = renderComment({
      decision: decision(),
      policy: policy({
        statement: `\n${forged}\n`,
        organizations: [{ name: "Palantir Technologies", reason: forged }],
      }),
      repo: REPO,
      headSha: HEAD,
      ...stored(real),
    });
    expect(readState(body, TEST_KEY, BIND)).toEqual({ kind: "verified", state: real });
  });

  it("stays within its share of the comment for any number of approvals and evidence, folding none away silently", () => {
    const tokens = Array.from({ length: 2000 }, (_, i) => TEST_KEY.token(`evidence ${i}`));
    const approvals = Array.from({ length: 150 }, (_, i) =>
      approval({
        by: `maint-${i % 7}`,
        at: `2026-01-01T00:${String(i % 60).padStart(2, "0")}:00Z`,
        reason: "r".repeat(300),
        evidence: tokens.slice(0, 1000 + i),
      }),
    );
    const s = state({ shown: tokens, approvals });
    const line = encodeState(s, TEST_KEY, BIND);
    expect(line.length).toBeLessThanOrEqual(MAX_STATE_CHARS);
    const read = readState(line, TEST_KEY, BIND);
    if (read.kind !== "verified") throw new Error("not verified");
    // Every approval is either still there or counted in the summary; the latest is always kept.
    expect(read.state.approvals.length + (read.state.summary?.count ?? 0)).toBe(150);
    expect(read.state.approvals.at(-1)?.evidence).toHaveLength(1149);
    expect(read.state.shown).toHaveLength(2000);
  });

  it("compacts the oldest approval a later one covers first", () => {
    const a = approval({ by: "a", evidence: ["AAAAAAAA"] });
    const b = approval({ by: "b", evidence: ["BBBBBBBB"] });
    const c = approval({ by: "c", evidence: ["AAAAAAAA", "CCCCCCCC"] });
    const next = compact(state({ approvals: [b, a, c] }));
    expect(next?.approvals.map((x) => x.by)).toEqual(["b", "c"]);
    expect(next?.summary).toMatchObject({ count: 1, by: ["a"] });
    expect(compact(state({ approvals: [c] }))).toBeNull();
  });
});

describe("hasMarker", () => {
  it("finds the marker on a line of its own only", () => {
    expect(hasMarker(`${COMMENT_MARKER}\nbody`)).toBe(true);
    expect(hasMarker(`intro\r\n${COMMENT_MARKER}\r\n`)).toBe(true);
    expect(hasMarker(`quoted ${COMMENT_MARKER}`)).toBe(false);
    expect(hasMarker(inlineText(COMMENT_MARKER))).toBe(false);
    expect(hasMarker(null)).toBe(false);
  });
});
