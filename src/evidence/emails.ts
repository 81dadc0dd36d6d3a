// Email facts shared by gathering and evaluation. GitHub's noreply addresses identify an account
// but say nothing about an employer, so they are never matched against email domains.

const NOREPLY_DOMAIN = "users.noreply.github.com";
/** Logins GitHub uses as committer for web edits and merges; never a person. */
export const GITHUB_COMMITTERS = new Set(["web-flow", "github"]);
const GITHUB_NOREPLY = new Set(["noreply@github.com"]);

/** The lower-cased domain part of an address, or null when it has none. */
export function emailDomain(email: string | null | undefined): string | null {
  if (!email) return null;
  const at = email.lastIndexOf("@");
  if (at <= 0 || at === email.length - 1) return null;
  return email
    .slice(at + 1)
    .trim()
    .replace(/\.$/, "")
    .toLowerCase();
}

export function isNoreplyEmail(email: string | null | undefined): boolean {
  if (!email) return false;
  const lower = email.trim().toLowerCase();
  return GITHUB_NOREPLY.has(lower) || emailDomain(lower) === NOREPLY_DOMAIN;
}

/** The login a noreply address names ("12345+alice@users.noreply.github.com" → "alice"), if any. */
export function noreplyLogin(email: string | null | undefined): string | null {
  if (!email || emailDomain(email) !== NOREPLY_DOMAIN) return null;
  const local = email.slice(0, email.lastIndexOf("@"));
  const login = local.includes("+") ? local.slice(local.indexOf("+") + 1) : local;
  return /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})$/.test(login) ? login : null;
}

export interface Trailer {
  name: string;
  email: string;
}

/** Longest message and trailer line read: enough for any real commit, bounded for hostile ones. */
const MAX_MESSAGE_CHARS = 64 * 1024;
const MAX_TRAILER_LINE = 1024;

/**
 * Co-authored-by trailers in any case. Only lines of the form `Co-authored-by: Name <email>`
 * count, wherever they stand in the message, as GitHub itself reads them. Parsed by hand, not
 * with one regular expression, so that a hostile line cannot make matching slow.
 */
export function coAuthors(message: string): Trailer[] {
  const out: Trailer[] = [];
  for (const raw of message.slice(0, MAX_MESSAGE_CHARS).split(/\r?\n/)) {
    if (raw.length > MAX_TRAILER_LINE) continue;
    const line = raw.trim();
    const colon = line.indexOf(":");
    if (colon < 0 || line.slice(0, colon).trim().toLowerCase() !== "co-authored-by") continue;
    const rest = line.slice(colon + 1).trim();
    const lt = rest.lastIndexOf("<");
    if (lt < 0 || !rest.endsWith(">")) continue;
    const email = rest.slice(lt + 1, -1);
    if (email === "" || /[<>\s]/.test(email)) continue;
    out.push({ name: rest.slice(0, lt).trim(), email });
  }
  return out;
}
