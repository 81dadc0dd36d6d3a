// PURE: the state the app keeps in its own comment — the last decision it showed, maintainers'
// approvals, and any tampering it found — and its serialization as one hidden, signed line:
//
//   <!-- ethics-policy:state 2.KEYID.PAYLOAD.SIGNATURE -->
//
// PAYLOAD is base64url(JSON) in one fixed key order; SIGNATURE is an HMAC over the pull request it
// belongs to ("owner/repo#number") and KEYID.PAYLOAD, so a state copied from another pull request,
// edited, or appended by anyone else does not verify. Evidence is stored as short keyed digests
// in one table with a bitmap per set, so the line stays small for pull requests of any size.
import { z } from "zod";
import type { StateKey } from "./signing.js";

const PREFIX = "<!-- ethics-policy:state ";
const SUFFIX = " -->";
const SIGNED_LINE = /^<!-- ethics-policy:state 2\.([A-Za-z0-9_-]{8})\.([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]{43}) -->\r?$/;
const LEGACY_LINE = /^<!-- ethics-policy:state ([A-Za-z0-9_-]+) -->\r?$/;
/** Any line that claims to be a state line, valid or not. */
const ANY_STATE_LINE = /^\s*<!--\s*ethics-policy:state\b/i;
/** The most the state line may take of a comment (65,536 characters): the rest is for the visible text. */
export const MAX_STATE_CHARS = 40_000;
const TOKEN_CHARS = 8;

export interface Approval {
  /** Login of the maintainer who approved. */
  by: string;
  /** Their repository role when they approved ("maintain", "admin", ...). */
  role: string;
  /** When, as an ISO 8601 timestamp. */
  at: string;
  reason: string;
  /** The pull request author the approval was given for. */
  author: string;
  /** The head commit approved. */
  head_sha: string;
  /** The organizations matched when it was approved. */
  organizations: string[];
  /** Digests of the evidence approved (StateKey.token of approvals.ts evidenceKey): new evidence is not covered. */
  evidence: string[];
  /** How it was given: the command in a comment, or the check run's button. */
  via: "command" | "button";
  /** The id of the comment holding the command, when given by command. */
  comment_id?: number;
}

/** Approvals folded away to keep the state small: counted and named, never forgotten. */
export interface ApprovalSummary {
  count: number;
  first_at: string;
  last_at: string;
  by: string[];
}

/** The app found its record edited by someone else, or unverifiable: approvals before it were voided. */
export interface Tampering {
  /** When the app found it (the app's clock). */
  found_at: string;
  /** "edited": someone else edited the comment; "signature": the record does not verify; "other_key": signed with a key the app no longer has. */
  kind: "edited" | "signature" | "other_key";
  /** Who edited the comment, as far as GitHub says (may be empty). */
  editors: string[];
  /** How many approvals the record claimed, none of which count any more. */
  voided: number;
}

export interface CommentState {
  v: 2;
  head_sha: string;
  flagged: boolean;
  organizations: string[];
  /** Digests of the evidence the comment showed (what a maintainer approving now has seen). */
  shown: string[];
  /** GitHub's time of the write that last changed `shown`, when known. */
  shown_since: string | null;
  /** This write changed `shown`: its time is the comment's edit time, read on the next event. */
  shown_changed: boolean;
  approvals: Approval[];
  summary: ApprovalSummary | null;
  tampering: Tampering[];
}

export const emptyState = (head_sha = ""): CommentState => ({
  v: 2,
  head_sha,
  flagged: false,
  organizations: [],
  shown: [],
  shown_since: null,
  shown_changed: false,
  approvals: [],
  summary: null,
  tampering: [],
});

/** What a comment body holds. */
export type StoredState =
  | { kind: "none" }
  /** Signed by the app with its current key, for this pull request. */
  | { kind: "verified"; state: CommentState }
  /** An unsigned state from before signing (v1): trusted only when GitHub shows no edit by anyone else. */
  | { kind: "legacy"; state: CommentState }
  | { kind: "invalid"; reason: "signature" | "other_key" | "malformed" | "several" };

const tokenTable = z.string().regex(/^[A-Za-z0-9_-]*$/);
const bitmap = z.string().regex(/^[A-Za-z0-9_-]*$/);
const packedApproval = z.object({
  by: z.string(),
  role: z.string(),
  at: z.string(),
  reason: z.string(),
  author: z.string(),
  head_sha: z.string(),
  organizations: z.array(z.string()),
  evidence: bitmap,
  via: z.enum(["command", "button"]),
  comment_id: z.number().int().optional(),
});
const packedState = z.object({
  v: z.literal(2),
  head_sha: z.string(),
  flagged: z.boolean(),
  organizations: z.array(z.string()),
  tokens: tokenTable,
  shown: bitmap,
  shown_since: z.string().nullable(),
  shown_changed: z.boolean(),
  approvals: z.array(packedApproval),
  summary: z
    .object({ count: z.number().int(), first_at: z.string(), last_at: z.string(), by: z.array(z.string()) })
    .nullable(),
  tampering: z.array(
    z.object({
      found_at: z.string(),
      kind: z.enum(["edited", "signature", "other_key"]),
      editors: z.array(z.string()),
      voided: z.number().int(),
    }),
  ),
});
const legacyState = z.object({
  v: z.literal(1),
  head_sha: z.string(),
  flagged: z.boolean(),
  organizations: z.array(z.string()),
  approvals: z.array(
    z.object({
      by: z.string(),
      at: z.string(),
      reason: z.string(),
      author: z.string(),
      head_sha: z.string(),
      organizations: z.array(z.string()),
      evidence: z.array(z.string()).default([]),
    }),
  ),
});

function toBitmap(table: Map<string, number>, tokens: readonly string[]): string {
  const bytes = Buffer.alloc(Math.ceil(table.size / 8));
  for (const t of tokens) {
    const i = table.get(t);
    if (i !== undefined) bytes[i >> 3] = (bytes[i >> 3] ?? 0) | (1 << (i & 7));
  }
  // Trailing zero bytes say nothing: drop them.
  let end = bytes.length;
  while (end > 0 && bytes[end - 1] === 0) end--;
  return bytes.subarray(0, end).toString("base64url");
}

function fromBitmap(tokens: string[], map: string): string[] {
  const bytes = Buffer.from(map, "base64url");
  return tokens.filter((_, i) => ((bytes[i >> 3] ?? 0) & (1 << (i & 7))) !== 0);
}

/** The JSON that is signed: keys in one fixed order, evidence packed. */
function pack(state: CommentState): string {
  const all = new Set<string>(state.shown);
  for (const a of state.approvals) for (const t of a.evidence) all.add(t);
  const tokens = [...all].filter((t) => /^[A-Za-z0-9_-]{8}$/.test(t)).sort();
  const table = new Map(tokens.map((t, i) => [t, i]));
  return JSON.stringify({
    v: 2,
    head_sha: state.head_sha,
    flagged: state.flagged,
    organizations: [...state.organizations],
    tokens: tokens.join(""),
    shown: toBitmap(table, state.shown),
    shown_since: state.shown_since,
    shown_changed: state.shown_changed,
    approvals: state.approvals.map((a) => ({
      by: a.by,
      role: a.role,
      at: a.at,
      reason: a.reason,
      author: a.author,
      head_sha: a.head_sha,
      organizations: [...a.organizations],
      evidence: toBitmap(table, a.evidence),
      via: a.via,
      ...(a.comment_id === undefined ? {} : { comment_id: a.comment_id }),
    })),
    summary: state.summary,
    tampering: state.tampering.map((t) => ({
      found_at: t.found_at,
      kind: t.kind,
      editors: [...t.editors],
      voided: t.voided,
    })),
  });
}

function unpack(json: string): CommentState | null {
  const parsed = packedState.safeParse(JSON.parse(json));
  if (!parsed.success || parsed.data.tokens.length % TOKEN_CHARS !== 0) return null;
  const p = parsed.data;
  const tokens = Array.from({ length: p.tokens.length / TOKEN_CHARS }, (_, i) =>
    p.tokens.slice(i * TOKEN_CHARS, (i + 1) * TOKEN_CHARS),
  );
  return {
    v: 2,
    head_sha: p.head_sha,
    flagged: p.flagged,
    organizations: p.organizations,
    shown: fromBitmap(tokens, p.shown),
    shown_since: p.shown_since,
    shown_changed: p.shown_changed,
    approvals: p.approvals.map((a) => ({
      by: a.by,
      role: a.role,
      at: a.at,
      reason: a.reason,
      author: a.author,
      head_sha: a.head_sha,
      organizations: a.organizations,
      evidence: fromBitmap(tokens, a.evidence),
      via: a.via,
      ...(a.comment_id === undefined ? {} : { comment_id: a.comment_id }),
    })),
    summary: p.summary,
    tampering: p.tampering,
  };
}

const signedMessage = (bind: string, keyId: string, payload: string): string =>
  `ethics-policy state v2\n${bind.toLowerCase()}\n${keyId}.${payload}`;

/** The pull request a state belongs to: part of what is signed. */
export const stateBinding = (owner: string, repo: string, number: number): string => `${owner}/${repo}#${number}`;

function encodeOnce(state: CommentState, key: StateKey, bind: string): string {
  const payload = Buffer.from(pack(state), "utf8").toString("base64url");
  return `${PREFIX}2.${key.id}.${payload}.${key.sign(signedMessage(bind, key.id, payload))}${SUFFIX}`;
}

/**
 * The signed state line. A state too large for its share of the comment is compacted first
 * (see `compact`): approvals are folded into a summary, never silently dropped.
 */
export function encodeState(state: CommentState, key: StateKey, bind: string, maxChars = MAX_STATE_CHARS): string {
  let current = state;
  let line = encodeOnce(current, key, bind);
  while (line.length > maxChars) {
    // Fold about as many approvals as the excess suggests before encoding again, not one at a time.
    let steps = Math.max(1, Math.ceil(current.approvals.length * (1 - maxChars / line.length)));
    let folded = false;
    for (let next = compact(current); next && steps > 0; next = compact(current), steps--) {
      current = next;
      folded = true;
    }
    if (!folded) break;
    line = encodeOnce(current, key, bind);
  }
  return line;
}

/**
 * One step of compaction: the oldest approval that a later approval for the same author fully
 * covers is folded into the summary (it no longer decides anything); failing that, the oldest
 * approval but the latest. Null when nothing is left to fold.
 */
export function compact(state: CommentState): CommentState | null {
  const { approvals } = state;
  const sets = approvals.map((a) => new Set(a.evidence));
  const covered = approvals.findIndex((a, i) => {
    for (let j = i + 1; j < approvals.length; j++) {
      const later = approvals[j] as Approval;
      const set = sets[j] as Set<string>;
      if (later.author.toLowerCase() === a.author.toLowerCase() && a.evidence.every((t) => set.has(t))) return true;
    }
    return false;
  });
  const index = covered >= 0 ? covered : approvals.length > 1 ? 0 : -1;
  if (index < 0) return null;
  const folded = approvals[index] as Approval;
  const s = state.summary;
  const summary: ApprovalSummary = {
    count: (s?.count ?? 0) + 1,
    first_at: s && s.first_at < folded.at ? s.first_at : folded.at,
    last_at: s && s.last_at > folded.at ? s.last_at : folded.at,
    by: [...new Set([...(s?.by ?? []), folded.by])].slice(0, 50),
  };
  return { ...state, approvals: approvals.filter((_, i) => i !== index), summary };
}

/** Every line of the body that claims to be a state line. */
function stateLines(body: string): string[] {
  return body.split("\n").filter((line) => ANY_STATE_LINE.test(line));
}

/**
 * The state a comment body holds, checked against the key for this pull request. Exactly one state
 * line is expected: a second (say, appended by someone else) makes the record invalid. Never throws.
 */
export function readState(
  body: unknown,
  key: StateKey | null,
  bind: string,
  tokenOf?: (k: string) => string,
): StoredState {
  if (typeof body !== "string") return { kind: "none" };
  const lines = stateLines(body);
  if (lines.length === 0) return { kind: "none" };
  if (lines.length > 1) return { kind: "invalid", reason: "several" };
  const line = (lines[0] as string).replace(/\r$/, "");
  const signed = SIGNED_LINE.exec(line);
  if (signed) {
    const [, keyId = "", payload = "", signature = ""] = signed;
    if (!key) return { kind: "invalid", reason: "other_key" };
    if (keyId !== key.id) return { kind: "invalid", reason: "other_key" };
    if (!key.verify(signedMessage(bind, keyId, payload), signature)) return { kind: "invalid", reason: "signature" };
    try {
      const state = unpack(Buffer.from(payload, "base64url").toString("utf8"));
      return state ? { kind: "verified", state } : { kind: "invalid", reason: "malformed" };
    } catch {
      return { kind: "invalid", reason: "malformed" };
    }
  }
  const legacy = LEGACY_LINE.exec(line);
  if (legacy && (legacy[1]?.length ?? 0) <= 65_536) {
    try {
      const parsed = legacyState.safeParse(JSON.parse(Buffer.from(legacy[1] ?? "", "base64url").toString("utf8")));
      if (parsed.success) return { kind: "legacy", state: fromLegacy(parsed.data, tokenOf ?? ((k) => k)) };
    } catch {
      // fall through: malformed
    }
  }
  return { kind: "invalid", reason: "malformed" };
}

function fromLegacy(v1: z.infer<typeof legacyState>, tokenOf: (k: string) => string): CommentState {
  return {
    ...emptyState(v1.head_sha),
    flagged: v1.flagged,
    organizations: v1.organizations,
    approvals: v1.approvals.map((a) => ({
      ...a,
      role: "unknown",
      via: "command" as const,
      evidence: a.evidence.map(tokenOf),
    })),
  };
}
