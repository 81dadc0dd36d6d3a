// Policy lint: entries that are valid but would flag almost everyone — catch-all and
// public-suffix globs (from the Public Suffix List, through tldts), public mail providers' domains, aliases that are common words or one or
// two letters, "@" in github_orgs. Warnings only: they never block a policy, errors still do.
// Pure. Messages quote the entry (they are shown to the policy's own maintainers, in `validate`
// and in the configuration check); the app's log gets only the rule and position.
import { getPublicSuffix } from "tldts";
import { NOREPLY_DOMAIN } from "../evidence/emails.js";
import { COMMON_MAIL_PROVIDERS } from "./mail-providers.generated.js";
import { MAX_PROBLEMS } from "./limits.js";
import type { Policy } from "./schema.js";

export type LintRule =
  | "catch_all_domain"
  | "top_level_domain"
  | "public_suffix"
  | "noreply_domain"
  | "partial_label_glob"
  | "public_mail_provider"
  | "common_word_alias"
  | "short_alias"
  | "at_in_github_org";

export interface PolicyWarning {
  file: string;
  line: number;
  col: number;
  rule: LintRule;
  message: string;
  /** On the last warning of a long list: how many warnings it sums up (it is one of them). */
  more?: number;
}

/** How many warnings a list stands for, counting those its last one sums up. */
export function warningCount(warnings: readonly PolicyWarning[]): number {
  return warnings.reduce((n, w) => n + (w.more ?? 1), 0);
}

/**
 * The commonest public mail providers' domains, from the `email-providers` package's "common"
 * list (maintained from provider data, a few hundred domains).
 */
const PUBLIC_MAIL_DOMAINS: ReadonlySet<string> = new Set(COMMON_MAIL_PROVIDERS.map((d) => d.toLowerCase()));

/**
 * Words that name no one organization: legal forms and generic company words. An alias that is
 * one of them matches a great many profiles ("Labs", "Inc", "Group"). Kept short on purpose:
 * only words that are an alias in their own right nowhere.
 */
export const COMMON_WORDS: ReadonlySet<string> = new Set([
  "inc",
  "incorporated",
  "llc",
  "ltd",
  "limited",
  "gmbh",
  "corp",
  "corporation",
  "co",
  "company",
  "plc",
  "sa",
  "ag",
  "bv",
  "group",
  "labs",
  "lab",
  "ai",
  "tech",
  "technology",
  "technologies",
  "software",
  "systems",
  "solutions",
  "services",
  "consulting",
  "digital",
  "data",
  "cloud",
  "security",
  "global",
  "international",
  "holdings",
  "partners",
  "ventures",
  "studio",
  "studios",
  "media",
  "network",
  "networks",
  "research",
  "foundation",
  "team",
  "the",
  "and",
  "dev",
  "app",
  "apps",
  "web",
  "open",
  "free",
  "freelance",
  "freelancer",
  "self",
  "self-employed",
  "none",
  "n/a",
  "student",
  "university",
  "government",
  "startup",
]);

/**
 * "icann" when `domain` is itself a public suffix anyone can register under in ICANN's part of the
 * Public Suffix List ("com", "co.uk", "gob.mx"), "private" when a company offers names under it
 * ("github.io", "blogspot.com"), null when it is a registrable domain or below one.
 */
function publicSuffixKind(domain: string): "icann" | "private" | null {
  if (!domain.includes(".")) return "icann";
  if (getPublicSuffix(domain, { allowPrivateDomains: false }) === domain) return "icann";
  if (getPublicSuffix(domain, { allowPrivateDomains: true }) === domain) return "private";
  return null;
}

function words(s: string): string[] {
  return s
    .toLowerCase()
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
}

function domainWarnings(domain: string, orgNames: string[]): { rule: LintRule; message: string } | null {
  // The schema admits no spaces and no trailing dot in a domain.
  const d = domain.toLowerCase();
  if (/^[*.]+$/.test(d))
    return {
      rule: "catch_all_domain",
      message: `email_domains: "${domain}" matches every email domain, so it flags almost everyone`,
    };
  const rest = d.replace(/^(\*\.)+/, "");
  const partial = rest.split(".").find((label) => label.includes("*") && label !== "*");
  if (partial !== undefined)
    return {
      rule: "partial_label_glob",
      message: `email_domains: "${domain}" has a "*" inside a name ("${partial}"), which matches more than it seems ("*palantir.com" also matches "notpalantir.com", "*.co*" matches "gmail.com"); write "*.example.com" for every subdomain of example.com`,
    };
  // A bare entry matches that exact domain only: a public suffix written bare matches nearly nobody.
  const suffix = rest === d || rest.includes("*") ? null : publicSuffixKind(rest);
  if (suffix === "icann")
    return {
      rule: "top_level_domain",
      message: `email_domains: "${domain}" covers a whole top-level domain (every address ending in .${rest}), so it flags almost everyone there`,
    };
  if (suffix === "private")
    return {
      rule: "public_suffix",
      message: `email_domains: "${domain}" covers a whole shared domain (every address ending in .${rest}, where anyone can have a name), so it flags almost everyone there`,
    };
  // Such an address is attributed to the account it names (evidence/emails.ts), never matched by domain.
  if (rest === NOREPLY_DOMAIN)
    return {
      rule: "noreply_domain",
      message: `email_domains: "${domain}" is GitHub's private-address domain; such an address is attributed to the account it names, never matched by domain, so this entry matches nothing`,
    };
  if (PUBLIC_MAIL_DOMAINS.has(rest)) {
    // A company that is also a mail provider, listed under its own name, is not a foot-gun.
    const label = rest.split(".")[0] ?? "";
    if (orgNames.some((n) => words(n).includes(label))) return null;
    return {
      rule: "public_mail_provider",
      message: `email_domains: "${domain}" is a public mail provider's domain; anyone can have an address there, so it flags people who have nothing to do with the organization`,
    };
  }
  return null;
}

function aliasWarning(alias: string, key: "name" | "aliases"): { rule: LintRule; message: string } | null {
  const letters = alias.replace(/[^\p{L}\p{N}]/gu, "");
  if (letters.length > 0 && letters.length <= 2)
    return {
      rule: "short_alias",
      message: `${key}: "${alias}" is one or two letters; it matches a great many profiles`,
    };
  // Names and aliases are trimmed by the schema.
  if (COMMON_WORDS.has(alias.toLowerCase()))
    return {
      rule: "common_word_alias",
      message: `${key}: "${alias}" is a common word in company names; it matches a great many profiles`,
    };
  return null;
}

/** Most warnings reported; the rest are summarised in one last warning, as problems are. */
export const MAX_WARNINGS = MAX_PROBLEMS;

/**
 * Every warning for a valid policy, at most MAX_WARNINGS and a summary of the rest;
 * `source` (the most specific file) places them at their line. Locating one scans the text, so
 * only those reported are located: a contributor's proposed policy can hold thousands.
 */
export function lintPolicy(
  policy: Policy,
  source: { file: string; text: string } = { file: "(policy)", text: "" },
): PolicyWarning[] {
  const found: { value: string; rule: LintRule; message: string }[] = [];
  const at = (value: string, rule: LintRule, message: string) => found.push({ value, rule, message });
  for (const org of policy.organizations) {
    const names = [org.name, ...org.aliases];
    const nameWarning = aliasWarning(org.name, "name");
    if (nameWarning) at(org.name, nameWarning.rule, nameWarning.message);
    for (const alias of org.aliases) {
      const w = aliasWarning(alias, "aliases");
      if (w) at(alias, w.rule, w.message);
    }
    for (const domain of org.email_domains) {
      const w = domainWarnings(domain, names);
      if (w) at(domain, w.rule, w.message);
    }
    for (const login of org.github_orgs) {
      if (login.startsWith("@"))
        at(
          login,
          "at_in_github_org",
          `github_orgs: write "${login.slice(1)}", not "${login}": an organization login has no "@" (it is ignored)`,
        );
    }
  }
  const placed = (w: (typeof found)[number], message = w.message): PolicyWarning => ({
    file: source.file,
    ...locate(source.text, w.value),
    rule: w.rule,
    message,
  });
  const out = found.slice(0, MAX_WARNINGS).map((w) => placed(w));
  const firstDropped = found[MAX_WARNINGS];
  if (firstDropped) {
    const more = found.length - MAX_WARNINGS;
    out.push({
      ...placed(firstDropped, `…and ${more} more warning${more === 1 ? "" : "s"} of entries like these`),
      more,
    });
  }
  return out;
}

/** The line and column where `value` is first written as a YAML value, or 1:1. */
function locate(text: string, value: string): { line: number; col: number } {
  if (!text) return { line: 1, col: 1 };
  const escaped = value.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const m = new RegExp(`(?<=[\\s\\[,:-]|^)["']?${escaped}["']?(?=\\s*(?:[,\\]#]|$))`, "m").exec(text);
  if (!m) return { line: 1, col: 1 };
  const before = text.slice(0, m.index);
  const line = before.split("\n").length;
  return { line, col: m.index - before.lastIndexOf("\n") };
}

export function formatWarning(w: PolicyWarning): string {
  return `${w.file}:${w.line}:${w.col}: warning: ${w.message}`;
}
