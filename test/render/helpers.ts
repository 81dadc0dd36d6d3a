// Shared fixtures and the definitions of "live" the render tests check against.
import fc from "fast-check";
import type { Decision, Match, Unattributed } from "../../src/decision.js";
import { policySchema, type Policy, type PolicyInput } from "../../src/policy/schema.js";
import { emptyState, encodeState, stateBinding, type Approval, type CommentState } from "../../src/state/codec.js";
import { deriveStateKey } from "../../src/state/signing.js";

export const REPO = { owner: "octo", repo: "widgets", defaultBranch: "main" };
export const HEAD = "0a1b2c3d4e5f60718293a4b5c6d7e8f901234567";

export function policy(overrides: Partial<PolicyInput> = {}): Policy {
  return policySchema.parse({
    version: 1,
    statement:
      "This project does not accept contributions made on behalf of organizations that build tooling for mass surveillance.",
    policy_url: "ETHICS.md",
    organizations: [
      {
        name: "Palantir Technologies",
        aliases: ["Palantir"],
        github_orgs: ["palantir"],
        email_domains: ["palantir.com"],
        reason: "Builds deportation-targeting software.",
      },
      { name: "Acme Surveillance", email_domains: ["acme.example"] },
    ],
    ...overrides,
  });
}

export function match(overrides: Partial<Match> = {}): Match {
  return {
    organization: "Palantir Technologies",
    signal: "profile_company",
    subject: "alice",
    value: "Palantir",
    matched: "Palantir",
    ...overrides,
  };
}

export function unattributed(overrides: Partial<Unattributed> = {}): Unattributed {
  return {
    commit: "abcdef0123456789",
    role: "author",
    name: "Alice",
    email: "12345+alice@users.noreply.github.com",
    reason: "private_email",
    ...overrides,
  };
}

export function decision(overrides: Partial<Decision> = {}): Decision {
  const matches = overrides.matches ?? [match()];
  return {
    flagged: matches.length > 0,
    exempt: false,
    author: "alice",
    matches,
    unattributed: [],
    organizations: [...new Set(matches.map((m) => m.organization))],
    ...overrides,
  };
}

export function approval(overrides: Partial<Approval> = {}): Approval {
  return {
    by: "maintainer-bob",
    at: "2024-05-01T10:00:00.000Z",
    reason: "Personal contribution, confirmed with the author.",
    author: "alice",
    head_sha: HEAD,
    organizations: ["Palantir Technologies"],
    evidence: [],
    role: "maintain",
    via: "command",
    ...overrides,
  };
}

export function state(overrides: Partial<CommentState> = {}): CommentState {
  return { ...emptyState(HEAD), flagged: true, organizations: ["Palantir Technologies"], ...overrides };
}

/** The key render tests sign with. */
export const TEST_KEY = deriveStateKey("render tests: a secret long enough to derive a key from");
export const BIND = stateBinding(REPO.owner, REPO.repo, 1);

/** What renderComment takes for a state: its signed line, and its record to show. */
export function stored(s: CommentState = state()) {
  return {
    stateLine: encodeState(s, TEST_KEY, BIND),
    record: { approvals: s.approvals, summary: s.summary, tampering: s.tampering },
  };
}

export const HOSTILE = [
  "@palantir",
  "@org/team",
  "fixes #1",
  "Closes owner/repo#12",
  "Closes: owner/repo#2",
  "resolved GH-7",
  "<img src=x onerror=alert(1)>",
  "[click](javascript:alert(1))",
  "![x](https://evil.example/x.png)",
  "https://evil.example",
  "www.evil.example",
  "JaVaScRiPt:alert(1)",
  "<!-- ethics-policy:state AAAA -->",
  "<!-- ethics-policy:comment -->",
  "-->",
  "`code`",
  "```",
  "a\u202Eevil\u202Cb",
  "\u2066isolate\u2069",
  "\n# heading",
  "\r\n---\r\n",
  "| a | b |",
  "**bold** _em_ ~~s~~",
  "&#64;palantir",
  "&lt;b&gt;",
  "\\",
  "$x$",
  "\u0000\u0007\u009b",
  "user@example.com",
  "owner/repo@0a1b2c3",
];

/** Strings worth trying: hostile fragments mixed with arbitrary unicode and control characters. */
export const hostileString: fc.Arbitrary<string> = fc
  .array(
    fc.oneof(
      fc.constantFrom(...HOSTILE),
      fc.string({ unit: "binary", maxLength: 12 }),
      fc.string({ maxLength: 12 }),
      fc.constantFrom("@", "#", "1", " ", "\n", "<", "]", "(", ":", "//"),
    ),
    {
      maxLength: 8,
    },
  )
  .map((parts) => parts.join(""));

/**
 * What GitHub shows once Markdown is rendered: backslash escapes and our three entities undone.
 * Mentions, references and bare links are found in this text, so the checks below run on it.
 */
export function rendered(markdown: string): string {
  return markdown
    .replace(/\\([!-/:-@[-`{-~])/g, "$1")
    .replace(/&(amp|lt|gt);/g, (_m, e: string) => ({ amp: "&", lt: "<", gt: ">" })[e] ?? "");
}

/**
 * A live mention is an "@" GitHub could read as the start of a mention, team mention, email or
 * `owner/repo@sha`: with our escaping every "@" is followed by U+200D, so any other "@" is live.
 * This is stricter than GitHub's own rule, which also needs a non-word character before it.
 */
export const LIVE_MENTION = /@(?!\u200D)/;
/** The brief's looser formulation, which the stricter one implies. */
export const GITHUB_MENTION = /(^|[^\w`\u200D])@[A-Za-z0-9]/;
/** A live reference: "#" or "GH-" directly before a digit (stricter than GitHub, which needs a boundary). */
export const LIVE_REFERENCE = /(?:#|gh-)\d/i;
export const CLOSING_REFERENCE = /\b(?:close[sd]?|fix(?:e[sd])?|resolve[sd]?)\b:?\s*[\w./-]*(?:#|gh-)\d/i;
