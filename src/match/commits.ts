// Commit facts: who a commit person is, whether evidence about them can be attributed, and the
// co-author trailers of a message, read defensively and in bounded time.
import type { UnattributedReason } from "../decision.js";
import { coAuthors, GITHUB_COMMITTERS, isNoreplyEmail, noreplyLogin, type Trailer } from "../evidence/emails.js";
import { str } from "./profile.js";

/** Trailers are read from the first 64 KiB of a message. */
export const MAX_MESSAGE_CHARS = 64 * 1024;
/** Longer lines are not trailers (and would make the trailer pattern slow). */
const MAX_TRAILER_LINE = 1024;

export interface Person {
  name: string | null;
  /** Trimmed; null when missing or empty. */
  email: string | null;
  /** Null when missing or empty. */
  login: string | null;
}

export function personOf(x: unknown): Person {
  const p = typeof x === "object" && x !== null ? (x as Record<string, unknown>) : {};
  const email = str(p.email)?.trim() || null;
  const login = str(p.login)?.trim() || null;
  return { name: str(p.name), email, login };
}

/** GitHub itself (web edits, merges): never a person, never matched, never listed. */
export function isGitHubItself(p: Person): boolean {
  return (
    (p.login !== null && GITHUB_COMMITTERS.has(p.login.toLowerCase())) ||
    p.email?.toLowerCase() === "noreply@github.com"
  );
}

/**
 * The account a person's evidence belongs to: the account GitHub linked, or else the login a
 * GitHub noreply address names ("123+alice@users.noreply.github.com" is alice's).
 */
export function accountOf(p: Person): string | null {
  if (p.login !== null) return p.login;
  return p.email !== null && isNoreplyEmail(p.email) ? noreplyLogin(p.email) : null;
}

/**
 * Why evidence about a person cannot be attributed, or null when it can. A linked account is
 * checked. A noreply address is attributed to the login it names when that account's profile was
 * read (`profileKnown`); otherwise it is private: it says nothing about an employer. An email
 * linked to no account leaves the profile unchecked; with neither email nor account there is
 * nothing to check at all.
 */
export function unattributedReason(
  p: Person,
  profileKnown: (login: string) => boolean = () => false,
): UnattributedReason | null {
  if (p.login !== null) return null;
  if (p.email !== null && isNoreplyEmail(p.email)) {
    const login = noreplyLogin(p.email);
    return login !== null && profileKnown(login) ? null : "private_email";
  }
  return p.email !== null ? "no_account" : "no_email";
}

/**
 * `Co-authored-by:` trailers in the first 64 KiB of a message. Lines are pre-filtered and their
 * whitespace collapsed before the shared parser sees them, which keeps it linear on hostile input.
 */
export function trailersOf(message: unknown): Trailer[] {
  const text = str(message);
  if (!text) return [];
  const lines = text
    .slice(0, MAX_MESSAGE_CHARS)
    .split(/\r?\n/)
    .filter((l) => l.length <= MAX_TRAILER_LINE && /co-authored-by/i.test(l))
    .map((l) => l.replace(/\s+/g, " "));
  return lines.length === 0 ? [] : coAuthors(lines.join("\n"));
}
