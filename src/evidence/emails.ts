// Email facts shared by gathering and evaluation. GitHub's noreply addresses identify an account
// but say nothing about an employer, so they are never matched against email domains; the account
// they name is checked instead.
import { domainToASCII } from "node:url";

/** GitHub's private-address domain: such an address names its account, and is attributed to it. */
export const NOREPLY_DOMAIN = "users.noreply.github.com";
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

/**
 * A domain as DNS and mail see it: IDNA (UTS #46) to ASCII, so case, full-width letters, ignored
 * characters and Unicode labels all come out as one punycode form ("Bücher.DE." → "xn--bcher-kva.de");
 * trailing dots removed. Null when it is no valid domain. A look-alike such as "pаlantir.com"
 * (Cyrillic а) becomes "xn--…" and so never equals the real one.
 */
export function asciiDomain(domain: string | null | undefined): string | null {
  if (typeof domain !== "string") return null;
  const trimmed = domain.trim().replace(/\.+$/, "");
  if (trimmed === "" || trimmed.length > 1024) return null;
  const ascii = domainToASCII(trimmed).toLowerCase().replace(/\.$/, "");
  return ascii === "" ? null : ascii;
}

export function isNoreplyEmail(email: string | null | undefined): boolean {
  if (!email) return false;
  const lower = email.trim().toLowerCase();
  return GITHUB_NOREPLY.has(lower) || asciiDomain(emailDomain(lower)) === NOREPLY_DOMAIN;
}

/**
 * The login a noreply address names, if any: "12345+alice@users.noreply.github.com" and the older
 * "alice@users.noreply.github.com" are both "alice".
 */
export function noreplyLogin(email: string | null | undefined): string | null {
  if (!email || asciiDomain(emailDomain(email)) !== NOREPLY_DOMAIN) return null;
  const local = email.trim().slice(0, email.trim().lastIndexOf("@"));
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
