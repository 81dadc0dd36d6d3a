// Hidden metadata in the app's own comment: a marker to find the comment again, and the state the
// app needs on later events (the last decision, maintainers' approvals), so GitHub stays the only
// store. Both are HTML comments on a line of their own, which GitHub does not display.
//
// User-controlled text cannot forge either: the sanitizer escapes every "<", so the only lines
// starting with "<!--" in a body we rendered are the ones we wrote.
import { z } from "zod";

export const COMMENT_MARKER = "<!-- ethics-policy:comment -->";
const STATE_PREFIX = "<!-- ethics-policy:state ";
const STATE_SUFFIX = " -->";
/** A state block on a line of its own (GitHub may store bodies with CRLF line ends). */
const STATE_LINE = /^<!-- ethics-policy:state ([A-Za-z0-9_-]+) -->\r?$/gm;
/** Bodies are at most 65,536 characters; refuse to decode anything larger than that could hold. */
const MAX_STATE_CHARS = 65_536;

export interface Approval {
  /** Login of the maintainer who approved. */
  by: string;
  /** When, as an ISO 8601 timestamp. */
  at: string;
  reason: string;
  /** The pull request author the approval was given for. */
  author: string;
  /** The head commit approved. */
  head_sha: string;
  /** The organizations matched when it was approved. */
  organizations: string[];
  /** Keys of the evidence approved (see approvals.ts): new evidence is not covered. */
  evidence: string[];
}

export interface CommentState {
  v: 1;
  head_sha: string;
  flagged: boolean;
  organizations: string[];
  approvals: Approval[];
}

const approvalSchema = z.object({
  by: z.string(),
  at: z.string(),
  reason: z.string(),
  author: z.string(),
  head_sha: z.string(),
  organizations: z.array(z.string()),
  evidence: z.array(z.string()).default([]),
});

const stateSchema = z.object({
  v: z.literal(1),
  head_sha: z.string(),
  flagged: z.boolean(),
  organizations: z.array(z.string()),
  approvals: z.array(approvalSchema),
});

/** The state with its keys in one fixed order, so the same state always encodes the same way. */
function canonical(state: CommentState): CommentState {
  return {
    v: 1,
    head_sha: state.head_sha,
    flagged: state.flagged,
    organizations: [...state.organizations],
    approvals: state.approvals.map((a) => ({
      by: a.by,
      at: a.at,
      reason: a.reason,
      author: a.author,
      head_sha: a.head_sha,
      organizations: [...a.organizations],
      evidence: [...a.evidence],
    })),
  };
}

/** `<!-- ethics-policy:state BASE64URL(JSON) -->`; base64url never contains "-->" or a newline. */
export function encodeState(state: CommentState): string {
  const json = JSON.stringify(canonical(state));
  return `${STATE_PREFIX}${Buffer.from(json, "utf8").toString("base64url")}${STATE_SUFFIX}`;
}

function decodePayload(payload: string): CommentState | null {
  if (payload.length > MAX_STATE_CHARS) return null;
  try {
    const json = Buffer.from(payload, "base64url").toString("utf8");
    const parsed = stateSchema.safeParse(JSON.parse(json));
    return parsed.success ? canonical(parsed.data) : null;
  } catch {
    return null;
  }
}

/**
 * The state in a comment body: the last state block on a line of its own that decodes to a valid
 * state, or null. Never throws.
 */
export function decodeState(body: unknown): CommentState | null {
  if (typeof body !== "string") return null;
  const payloads = Array.from(body.matchAll(STATE_LINE), (m) => m[1] ?? "");
  for (let i = payloads.length - 1; i >= 0; i--) {
    const state = decodePayload(payloads[i] ?? "");
    if (state) return state;
  }
  return null;
}

/** Whether a body carries the comment marker on a line of its own. */
export function hasMarker(body: unknown): boolean {
  if (typeof body !== "string") return false;
  return body.split("\n").some((line) => line.replace(/\r$/, "") === COMMENT_MARKER);
}
