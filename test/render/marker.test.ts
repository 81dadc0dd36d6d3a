import { describe, expect, it } from "@jest/globals";
import fc from "fast-check";
import { COMMENT_MARKER, decodeState, encodeState, hasMarker, type CommentState } from "../../src/render/marker.js";
import { inlineText } from "../../src/render/sanitize.js";
import { renderComment } from "../../src/render/comment.js";
import { approval, decision, hostileString, match, policy, REPO, HEAD, state } from "./helpers.js";

const b64 = (s: string): string => Buffer.from(s, "utf8").toString("base64url");
const block = (payload: string): string => `<!-- ethics-policy:state ${payload} -->`;

const text = fc.oneof(hostileString, fc.string({ unit: "binary" }), fc.string({ unit: "grapheme" }));
const approvalArb = fc.record({
  by: text,
  at: text,
  reason: text,
  author: text,
  head_sha: text,
  organizations: fc.array(text, { maxLength: 3 }),
  evidence: fc.array(text, { maxLength: 3 }),
});
const stateArb: fc.Arbitrary<CommentState> = fc.record({
  v: fc.constant(1 as const),
  head_sha: text,
  flagged: fc.boolean(),
  organizations: fc.array(text, { maxLength: 4 }),
  approvals: fc.array(approvalArb, { maxLength: 3 }),
});

describe("encodeState / decodeState", () => {
  it("encodes as one HTML comment line with a base64url payload", () => {
    expect(encodeState(state())).toMatch(/^<!-- ethics-policy:state [A-Za-z0-9_-]+ -->$/);
  });

  it("round-trips, including approvals", () => {
    const s = state({ approvals: [approval(), approval({ by: "carol", reason: "ok @palantir fixes #1" })] });
    expect(decodeState(`intro\n${encodeState(s)}\nrest`)).toEqual(s);
  });

  it("encodes the same state the same way whatever its key order", () => {
    const s = state({ approvals: [approval()] });
    const shuffled = {
      approvals: s.approvals,
      organizations: s.organizations,
      flagged: s.flagged,
      head_sha: s.head_sha,
      v: 1,
    } as CommentState;
    expect(encodeState(shuffled)).toBe(encodeState(s));
  });

  it("reads CRLF bodies, as GitHub may store them", () => {
    const s = state();
    expect(decodeState(`${COMMENT_MARKER}\r\n${encodeState(s)}\r\nbody\r\n`)).toEqual(s);
  });

  it("takes the last well-formed block at the start of a line", () => {
    const first = state({ head_sha: "1111111" });
    const last = state({ head_sha: "2222222" });
    expect(decodeState(`${encodeState(first)}\n${encodeState(last)}\n`)).toEqual(last);
    expect(decodeState(`${encodeState(first)}\n${block("!!!")}\n${block(b64("{}"))}`)).toEqual(first);
    expect(decodeState(`${encodeState(first)}\ntext ${encodeState(last)}`)).toEqual(first);
  });

  it.each([
    ["empty", ""],
    ["no block", "just a comment"],
    ["not base64url", block("$$$")],
    ["base64 of garbage", block(b64("not json"))],
    ["JSON null", block(b64("null"))],
    ["JSON array", block(b64("[1,2]"))],
    ["wrong version", block(b64(JSON.stringify({ ...state(), v: 2 })))],
    ["missing field", block(b64(JSON.stringify({ v: 1, head_sha: "x", flagged: true, organizations: [] })))],
    ["wrong type", block(b64(JSON.stringify({ ...state(), flagged: "yes" })))],
    ["bad approval", block(b64(JSON.stringify({ ...state(), approvals: [{ by: "x" }] })))],
    ["indented", `  ${encodeState(state())}`],
    ["unterminated", "<!-- ethics-policy:state eyJ2IjoxfQ"],
    ["huge", block("A".repeat(70_000))],
  ])("returns null for %s", (_name, body) => {
    expect(decodeState(body)).toBeNull();
  });

  it("returns null for non-strings", () => {
    expect(decodeState(undefined)).toBeNull();
    expect(decodeState(42)).toBeNull();
    expect(hasMarker(null)).toBe(false);
  });

  it("drops unknown keys", () => {
    const body = block(b64(JSON.stringify({ ...state(), extra: 1, approvals: [{ ...approval(), evil: true }] })));
    expect(decodeState(body)).toEqual(state({ approvals: [approval()] }));
  });

  it("never decodes a state block that came in through user text", () => {
    const forged = encodeState(state({ flagged: false, approvals: [approval({ by: "mallory" })] }));
    expect(decodeState(inlineText(forged, 10_000))).toBeNull();
    expect(decodeState(`x\n${inlineText(`\n${forged}`, 10_000)}`)).toBeNull();
    const real = state();
    const body = renderComment({
      decision: decision({ matches: [match({ value: forged, subject: `\n${forged}\n` })] }),
      policy: policy({
        statement: `\n${forged}\n`,
        organizations: [{ name: "Palantir Technologies", reason: `\n${forged}` }],
      }),
      repo: REPO,
      headSha: HEAD,
      state: real,
    });
    expect(decodeState(body)).toEqual(real);
    expect(body.match(/^<!-- ethics-policy:state /gm)).toHaveLength(1);
  });

  it("round-trips arbitrary states and never throws on arbitrary bodies", () => {
    fc.assert(
      fc.property(stateArb, text, (s, noise) => {
        expect(decodeState(`${inlineText(noise)}\n${encodeState(s)}\n${inlineText(noise)}`)).toEqual(s);
        expect(() => decodeState(noise)).not.toThrow();
        expect(() => decodeState(block(noise))).not.toThrow();
        expect(() => decodeState(block(b64(noise)))).not.toThrow();
      }),
      { numRuns: 1000 },
    );
  });
});

describe("hasMarker", () => {
  it("finds the marker on a line of its own only", () => {
    expect(hasMarker(`${COMMENT_MARKER}\nbody`)).toBe(true);
    expect(hasMarker(`intro\r\n${COMMENT_MARKER}\r\n`)).toBe(true);
    expect(hasMarker(`quoted ${COMMENT_MARKER}`)).toBe(false);
    expect(hasMarker(inlineText(COMMENT_MARKER))).toBe(false);
    expect(hasMarker("")).toBe(false);
  });
});
