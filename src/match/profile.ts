// Profile signals (company, bio, email, website, public orgs) and the users list, for one account.
// Everything here tolerates any shape of input: evidence is untrusted JSON.
import type { Disguise, DisguiseKind, Match, Signal } from "../decision.js";
import { asciiDomain, emailDomain, isNoreplyEmail } from "../evidence/emails.js";
import type { CompiledPolicy } from "../policy/compile.js";
import { formerScopes, isBioAffiliation, isFormer, isOpposed } from "./affiliation.js";
import { blogHost, matchDomain } from "./domains.js";
import { findHits, type Hit } from "./names.js";
import { IGNORABLE, MAX_FIELD_CHARS, phraseWords, tokenize, type Tokenized } from "./text.js";

/** A match before it is named and sorted: `org` is the index in `policy.organizations`. */
export type Found = Omit<Match, "organization"> & { org: number };

export const str = (x: unknown): string | null => (typeof x === "string" ? x : null);
export const strings = (x: unknown): string[] =>
  Array.isArray(x) ? x.filter((v): v is string => typeof v === "string") : [];

/**
 * The organizations a free-text field names, one match per org: a current hit wins over a former
 * one, then the first hit.
 */
function textMatches(compiled: CompiledPolicy, raw: string, signal: Signal, subject: string, bio: boolean): Found[] {
  const t = tokenize(raw, MAX_FIELD_CHARS);
  if (t.tokens.length === 0) return [];
  let hits: Hit[] = outermost(findHits(t, compiled.names, compiled.githubOrgs));
  hits = hits.filter((h) => (bio ? isBioAffiliation(t, h) : !isOpposed(t, h)));
  if (hits.length === 0) return [];
  const scopes = formerScopes(t);
  const best = new Map<number, { hit: Hit; former: boolean }>();
  for (const hit of hits) {
    const former = isFormer(t, hit, scopes);
    const prior = best.get(hit.org);
    if (!prior || (prior.former && !former)) best.set(hit.org, { hit, former });
  }
  const flagFormer = compiled.policy.former_affiliations === "flag";
  const value = raw.slice(0, MAX_FIELD_CHARS);
  const out: Found[] = [];
  for (const [org, { hit, former }] of best) {
    if (former && !flagFormer) continue;
    const disguise = disguiseOf(t, hit);
    out.push({
      org,
      signal,
      subject,
      value,
      matched: hit.matched,
      ...(former ? { former: true } : {}),
      ...(disguise ? { disguise } : {}),
    });
  }
  return out;
}

/**
 * Drops a hit that lies inside a longer hit of the same organization: those words are read as part
 * of the longer phrase, and only its context counts. "Palantir Technologies alum" is a former
 * affiliation, not also a current "Palantir" (the next word of which is "Technologies"), and
 * "Palantir Technologies critic" a stance, not also an employer. A field holds at most
 * MAX_FIELD_CHARS characters, so comparing every pair stays small.
 */
function outermost(hits: readonly Hit[]): Hit[] {
  return hits.filter(
    (h) => !hits.some((o) => o.org === h.org && o.from <= h.from && o.to >= h.to && o.to - o.from > h.to - h.from),
  );
}

const within = (offsets: readonly number[], from: number, to: number): boolean =>
  offsets.some((o) => o >= from && o < to);

/** How the words of a hit were disguised in the raw text, or undefined when they were not. */
function disguiseOf(t: Tokenized, hit: Hit): Disguise | undefined {
  const from = t.tokens[hit.from]?.rawStart ?? 0;
  const to = t.tokens[hit.to]?.rawEnd ?? from;
  const how = new Set<DisguiseKind>(hit.how ?? []);
  if (within(t.styled, from, to)) how.add("lookalike");
  if (within(t.invisible, from, to)) how.add("invisible");
  if (how.size === 0) return undefined;
  const order: DisguiseKind[] = ["lookalike", "invisible", "spaced", "split"];
  const read = hit.kind === "mention" ? `@${hit.matched.toLowerCase()}` : phraseWords(hit.matched).words.join(" ");
  return { raw: t.raw.slice(from, to), read_as: read, how: order.filter((k) => how.has(k)) };
}

/** Email-domain matches of one address; GitHub noreply addresses never match. */
export function emailMatches(
  compiled: CompiledPolicy,
  email: string | null,
  signal: Signal,
  subject: string,
  commit?: string,
): Found[] {
  if (!email || isNoreplyEmail(email)) return [];
  const found = matchDomain(compiled.domains, emailDomain(email));
  const disguise = found.length > 0 ? domainDisguise(email) : undefined;
  return found.map((r) => ({
    org: r.org,
    signal,
    subject,
    value: email,
    matched: r.pattern,
    ...(commit === undefined ? {} : { commit }),
    ...(disguise ? { disguise } : {}),
  }));
}

/** A domain that only reaches the organization's after IDNA mapping: styled letters or invisible ones. */
function domainDisguise(email: string): Disguise | undefined {
  const raw = email.slice(email.lastIndexOf("@") + 1).trim();
  const visible = raw.replace(IGNORABLE, "");
  const how: DisguiseKind[] = [];
  if (visible.normalize("NFKC") !== visible.normalize("NFC")) how.push("lookalike");
  if (visible !== raw) how.push("invisible");
  return how.length === 0 ? undefined : { raw, read_as: asciiDomain(raw) ?? "", how };
}

/** Profile signals of one account, as enabled in `policy.signals`. */
export function profileMatches(compiled: CompiledPolicy, profile: unknown, subject: string): Found[] {
  if (typeof profile !== "object" || profile === null) return [];
  const p = profile as Record<string, unknown>;
  const signals = compiled.policy.signals;
  const out: Found[] = [];
  const company = str(p.company);
  if (signals.profile_company && company)
    out.push(...textMatches(compiled, company, "profile_company", subject, false));
  const bio = str(p.bio);
  if (signals.profile_bio && bio) out.push(...textMatches(compiled, bio, "profile_bio", subject, true));
  if (signals.profile_email) {
    out.push(...emailMatches(compiled, str(p.email), "profile_email", subject));
    const blog = str(p.blog);
    for (const r of matchDomain(compiled.domains, blogHost(blog))) {
      out.push({ org: r.org, signal: "profile_blog", subject, value: blog ?? "", matched: r.pattern });
    }
  }
  if (signals.organizations) {
    for (const login of strings(p.organizations)) {
      for (const e of compiled.githubOrgs.get(login.toLowerCase()) ?? []) {
        out.push({ org: e.org, signal: "organizations", subject, value: login, matched: e.login });
      }
    }
  }
  return out;
}

/** The users list: `login` as listed, unless its `until` day ended before `now`. */
export function userListMatches(compiled: CompiledPolicy, login: string, now: Date): Found[] {
  const nowMs = now.getTime();
  const out: Found[] = [];
  for (const rule of compiled.users.get(login.toLowerCase()) ?? []) {
    if (rule.untilMs !== undefined && !(nowMs <= rule.untilMs)) continue;
    out.push({ org: rule.org, signal: "user_list", subject: login, value: login, matched: rule.login });
  }
  return out;
}
