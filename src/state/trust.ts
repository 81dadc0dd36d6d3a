// PURE: which of the app's marked comments holds its record, and whether that record can be
// trusted. A record is trusted only when its signature verifies for this pull request with the
// app's key and GitHub shows no edit by anyone but the app since. Anything else is "tampered":
// it is never read as empty and never as approving; the app says so and starts a new record.
import type { Shown } from "../approvals.js";
import type { AppComment } from "../github/types.js";
import { readState, emptyState, type CommentState, type StoredState, type Tampering } from "./codec.js";
import type { StateKey } from "./signing.js";

export interface PriorRecord {
  /** The comment to edit (null: none yet), and every other marked comment by the app's bot: leftovers to delete. */
  comment: AppComment | null;
  extraComments: AppComment[];
  /** The trusted record; null when there is none (no comment, or it is not trusted). */
  state: CommentState | null;
  /** Found now: the record was edited by someone else or does not verify. */
  tampering: Tampering | null;
  /** What the comment showed, for binding an approval to it. */
  shown: Shown;
}

export interface TrustInput {
  /** The marked comments by the app's bot, oldest first. */
  candidates: AppComment[];
  key: StateKey | null;
  /** stateBinding(owner, repo, number) */
  bind: string;
  /** The app's bot login without "[bot]", lower case; null when unknown (edits cannot be attributed). */
  botLogin: string | null;
  now: Date;
  /**
   * Trust an unsigned record from before signing (v1) when GitHub shows no edit by anyone else.
   * Only where the bot's identity is the app's alone: not in Actions mode, where every workflow
   * comments as github-actions[bot].
   */
  acceptLegacy: boolean;
}

type Verdict =
  | { ok: true; state: CommentState; stored: StoredState }
  | { ok: false; kind: Tampering["kind"]; editors: string[]; claimed: number };

/** Someone other than the app edited the comment last, as far as GitHub says. */
function foreignEditor(c: AppComment, botLogin: string | null): string | null {
  if (!c.editor || !botLogin) return null;
  return c.editor.toLowerCase() === botLogin ? null : c.editor;
}

/** How many approvals an unverified record claims, the most of any state line in it (only ever reported, never used). */
function claimedApprovals(body: string): number {
  let most = 0;
  for (const m of body.matchAll(/^<!-- ethics-policy:state (?:2\.[A-Za-z0-9_-]{8}\.)?([A-Za-z0-9_-]+)/gm)) {
    try {
      const parsed = JSON.parse(Buffer.from(m[1] ?? "", "base64url").toString("utf8")) as { approvals?: unknown };
      if (Array.isArray(parsed.approvals)) most = Math.max(most, parsed.approvals.length);
    } catch {
      // not a readable claim
    }
  }
  return most;
}

function verdictOf(c: AppComment, input: TrustInput, tokenOf: (k: string) => string): Verdict {
  const stored = readState(c.body, input.key, input.bind, tokenOf);
  const editor = foreignEditor(c, input.botLogin);
  const editors = editor ? [editor] : [];
  if (stored.kind === "legacy" && !input.acceptLegacy)
    return { ok: false, kind: "signature", editors, claimed: stored.state.approvals.length };
  if (stored.kind === "verified" || stored.kind === "legacy") {
    if (editor) return { ok: false, kind: "edited", editors, claimed: stored.state.approvals.length };
    return { ok: true, state: stored.state, stored };
  }
  const kind = stored.kind === "invalid" && stored.reason === "other_key" && !editor ? "other_key" : "signature";
  return { ok: false, kind, editors, claimed: claimedApprovals(c.body) };
}

/** GitHub's time from which the comment has shown the evidence in `state.shown`. */
function shownSince(state: CommentState, c: AppComment): string | null {
  if (!state.shown_changed) return state.shown_since;
  return c.lastEditedAt ?? c.createdAt ?? null;
}

export function priorRecord(input: TrustInput): PriorRecord {
  const tokenOf = input.key ? (k: string) => (input.key as StateKey).token(k) : (k: string) => k;
  const verdicts = input.candidates.map((c) => ({ c, v: verdictOf(c, input, tokenOf) }));
  const trusted = verdicts.filter((x) => x.v.ok);
  const first = trusted[0];
  if (first && first.v.ok) {
    const state = first.v.state;
    // Shown evidence from a v1 record was never stored: nothing can be bound to it.
    const tokens = first.v.stored.kind === "verified" ? state.shown : null;
    return {
      comment: first.c,
      extraComments: input.candidates.filter((c) => c !== first.c),
      state,
      tampering: null,
      shown: { tokens, since: shownSince(state, first.c) },
    };
  }
  const suspect = verdicts[0];
  if (!suspect || suspect.v.ok) {
    return { comment: null, extraComments: [], state: null, tampering: null, shown: { tokens: null, since: null } };
  }
  return {
    comment: suspect.c,
    extraComments: input.candidates.slice(1),
    state: null,
    tampering: {
      found_at: input.now.toISOString(),
      kind: suspect.v.kind,
      editors: suspect.v.editors,
      voided: suspect.v.claimed,
    },
    shown: { tokens: null, since: null },
  };
}

/** The record to build on: the trusted one, or after tampering a fresh one that remembers it. */
export function baseState(prior: PriorRecord, headSha: string): CommentState {
  if (prior.state) return prior.state;
  const fresh = emptyState(headSha);
  return prior.tampering ? { ...fresh, tampering: [prior.tampering] } : fresh;
}
