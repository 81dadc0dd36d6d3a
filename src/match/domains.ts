// Email-domain matching. Exact entries are a Map lookup; globs are minimatch patterns (each
// compiled on its first use) indexed by the literal labels that end them ("*.palantir.com" under
// "palantir.com"), so a lookup tries only the globs that could match. Only ever the domain part of
// an address is compared, never the whole address.
import { Minimatch } from "minimatch";
import { asciiDomain } from "../evidence/emails.js";

const GLOB_OPTIONS = {
  nocase: true,
  dot: true,
  noglobstar: true,
  nobrace: true,
  noext: true,
  nonegate: true,
  nocomment: true,
} as const;
/** Longest valid domain name. */
const MAX_DOMAIN = 253;

export interface DomainRule {
  org: number;
  /** The policy entry as written. */
  pattern: string;
}

interface GlobRule extends DomainRule {
  /** The lower-cased pattern; compiled with minimatch on first use, so compiling a policy stays cheap. */
  lower: string;
  glob?: Minimatch;
}

function globMatches(rule: GlobRule, domain: string): boolean {
  rule.glob ??= new Minimatch(rule.lower, GLOB_OPTIONS);
  return rule.glob.match(domain);
}

export interface DomainIndex {
  exact: Map<string, DomainRule[]>;
  /** Globs by their last one or two literal labels. */
  globs: Map<string, GlobRule[]>;
  /** Globs with no literal last label ("example.*"): tried for every domain. */
  anywhere: GlobRule[];
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** The key a glob is filed under: its last (up to) two labels with no "*" in them, or null. */
function globKey(pattern: string): string | null {
  const labels = pattern.split(".");
  const literal: string[] = [];
  for (let i = labels.length - 1; i >= 0 && literal.length < 2; i--) {
    const label = labels[i] ?? "";
    if (label.includes("*")) break;
    literal.unshift(label);
  }
  return literal.length > 0 ? literal.join(".") : null;
}

export function buildDomainIndex(orgs: ReadonlyArray<{ email_domains: readonly string[] }>): DomainIndex {
  const index: DomainIndex = { exact: new Map(), globs: new Map(), anywhere: [] };
  orgs.forEach((org, i) => {
    for (const pattern of new Set(org.email_domains)) {
      const lower = pattern.toLowerCase().replace(/\.$/, "");
      if (!lower.includes("*")) {
        push(index.exact, lower, { org: i, pattern });
        continue;
      }
      const rule: GlobRule = { org: i, pattern, lower };
      const key = globKey(lower);
      if (key === null) index.anywhere.push(rule);
      else push(index.globs, key, rule);
    }
  });
  return index;
}

/**
 * Normalise a domain for comparison (IDNA to ASCII, lower case, no trailing dot: see asciiDomain),
 * or null when it cannot be a domain name. Policy domains are ASCII (punycode), so a Unicode
 * look-alike can only ever equal its own "xn--" form, never the organization's domain.
 */
export function cleanDomain(domain: string | null | undefined): string | null {
  const d = asciiDomain(domain);
  if (d === null || d.length > MAX_DOMAIN || !/^[a-z0-9._-]+$/.test(d)) return null;
  return d;
}

/** Every (org, pattern) the domain matches, exact entries first, each org at most once per pattern. */
export function matchDomain(index: DomainIndex, domain: string | null | undefined): DomainRule[] {
  const d = cleanDomain(domain);
  if (d === null) return [];
  const out: DomainRule[] = [...(index.exact.get(d) ?? [])];
  const labels = d.split(".");
  const keys = new Set([labels.slice(-1).join("."), labels.slice(-2).join(".")]);
  for (const key of keys) {
    for (const rule of index.globs.get(key) ?? []) if (globMatches(rule, d)) out.push(rule);
  }
  for (const rule of index.anywhere) if (globMatches(rule, d)) out.push(rule);
  return out;
}

const MAX_URL = 2048;

/**
 * The host of a profile website ("https://palantir.com/about" → "palantir.com"; a missing scheme
 * is tolerated: "palantir.com/x" → "palantir.com"), or null for anything that is not an http(s) URL.
 */
export function blogHost(blog: string | null | undefined): string | null {
  if (typeof blog !== "string") return null;
  const s = blog.trim();
  if (s === "" || s.length > MAX_URL) return null;
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(s) ? s : s.startsWith("//") ? `http:${s}` : `http://${s}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    return null;
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") return null;
  return cleanDomain(url.hostname);
}
