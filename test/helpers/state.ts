// For audits in tests: the approvals a comment's state line claims, read WITHOUT checking its
// signature (the app never does this; tests that check trust use src/state/codec.ts readState).
import { hasMarker } from "../../src/state/marker.js";

export { hasMarker };

/** An unsigned state line as versions before signing wrote it (v1). */
export function legacyStateLine(v1: {
  head_sha: string;
  flagged: boolean;
  organizations: string[];
  approvals: {
    by: string;
    at: string;
    reason: string;
    author: string;
    head_sha: string;
    organizations: string[];
    evidence: string[];
  }[];
}): string {
  return `<!-- ethics-policy:state ${Buffer.from(JSON.stringify({ v: 1, ...v1 }), "utf8").toString("base64url")} -->`;
}

export interface ClaimedState {
  head_sha: string;
  flagged: boolean;
  approvals: { by: string; author: string; head_sha: string; reason: string; via?: string }[];
  tampering: { kind: string; editors: string[] }[];
  summary: { count: number } | null;
}

export function claimedState(body: unknown): ClaimedState | null {
  if (typeof body !== "string") return null;
  const m =
    /^<!-- ethics-policy:state (?:2\.[A-Za-z0-9_-]{8}\.)?([A-Za-z0-9_-]+)(?:\.[A-Za-z0-9_-]{43})? -->\r?$/m.exec(body);
  if (!m) return null;
  try {
    const s = JSON.parse(Buffer.from(m[1] ?? "", "base64url").toString("utf8")) as Partial<ClaimedState>;
    return {
      head_sha: s.head_sha ?? "",
      flagged: s.flagged ?? false,
      approvals: s.approvals ?? [],
      tampering: s.tampering ?? [],
      summary: s.summary ?? null,
    };
  } catch {
    return null;
  }
}
