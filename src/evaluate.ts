// PURE: (compiled policy, evidence, clock) → decision with every reason. No I/O, never throws on
// odd evidence, and linear in the size of the evidence.
import type { Decision, ExemptReason, Match, Signal, Unattributed } from "./decision.js";
import { isNoreplyEmail } from "./evidence/emails.js";
import type { Evidence } from "./evidence/types.js";
import { accountOf, isGitHubItself, personOf, trailersOf, unattributedReason, type Person } from "./match/commits.js";
import { emailMatches, profileMatches, str, strings, userListMatches, type Found } from "./match/profile.js";
import type { CompiledPolicy } from "./policy/compile.js";

export interface EvaluateOptions {
  /** The clock, injected: `users[].until` is compared with it. */
  now: Date;
}

/** The fixed order of signals within one organization's matches. */
const SIGNAL_ORDER: readonly Signal[] = [
  "profile_company",
  "profile_bio",
  "profile_email",
  "profile_blog",
  "organizations",
  "commit_email",
  "co_author",
  "user_list",
];
const SIGNAL_RANK = new Map(SIGNAL_ORDER.map((s, i) => [s, i]));

const record = (x: unknown): Record<string, unknown> =>
  typeof x === "object" && x !== null && !Array.isArray(x) ? (x as Record<string, unknown>) : {};
const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Evaluate the evidence of one pull request against a compiled policy. `evidence` is typed as the
 * contract says but read as untrusted JSON: missing, null or wrongly typed fields are skipped.
 */
export function evaluate(compiled: CompiledPolicy, evidence: Evidence, options: EvaluateOptions): Decision {
  const { policy } = compiled;
  const now = options?.now instanceof Date ? options.now : new Date(Number.NaN); // an invalid clock ends every `until`
  const ev = record(evidence);
  const author = record(ev.author);
  const authorLogin = str(author.login) ?? "";
  const found: Found[] = [];
  const unattributed = new Map<string, Unattributed>();

  // Profiles by lower-cased login (a Map, so a login like "constructor" is just a login).
  const profiles = new Map<string, Record<string, unknown>>();
  for (const [key, value] of Object.entries(record(ev.users))) {
    const profile = record(value);
    profiles.set((str(profile.login) ?? key).toLowerCase(), profile);
  }

  // Each account is checked once: profile signals (if we have its profile) and the users list.
  const checked = new Set<string>();
  const checkAccount = (login: string, profile?: Record<string, unknown>): void => {
    const key = login.toLowerCase();
    if (login === "" || checked.has(key)) return;
    checked.add(key);
    const known = profile ?? profiles.get(key);
    const shown = str(known?.login) ?? login; // a noreply address may spell the login in another case
    found.push(...profileMatches(compiled, known, shown));
    found.push(...userListMatches(compiled, shown, now));
  };
  checkAccount(authorLogin, author);

  const commits = Array.isArray(ev.commits) ? ev.commits.map(record) : [];
  // Emails that commits link to an account, so a co-author trailer with one is attributed too.
  const linked = new Map<string, string>();
  for (const c of commits) {
    for (const p of [personOf(c.author), personOf(c.committer)]) {
      if (p.email && p.login && !isGitHubItself(p) && !isNoreplyEmail(p.email))
        linked.set(p.email.toLowerCase(), p.login);
    }
  }

  // A noreply address is attributed to the login it names once that profile is known (issue 13).
  const profileKnown = (login: string): boolean =>
    profiles.has(login.toLowerCase()) || login.toLowerCase() === authorLogin.toLowerCase();
  const unattribute = (commit: string, role: Unattributed["role"], p: Person): void => {
    const reason = unattributedReason(p, profileKnown);
    if (reason === null) return;
    const key = [role, reason, p.email?.toLowerCase() ?? "", p.email ? "" : (p.name ?? "")].join("\u0000");
    if (!unattributed.has(key)) unattributed.set(key, { commit, role, name: p.name, email: p.email, reason });
  };

  for (const c of commits) {
    const sha = str(c.sha) ?? "";
    for (const [role, p] of [
      ["author", personOf(c.author)],
      ["committer", personOf(c.committer)],
    ] as const) {
      if (isGitHubItself(p)) continue;
      unattribute(sha, role, p);
      if (policy.signals.commit_emails)
        found.push(...emailMatches(compiled, p.email, "commit_email", p.login ?? unlinkedSubject(p.email), sha));
      const account = accountOf(p);
      if (role === "author" && account) checkAccount(account);
    }
    if (!policy.signals.co_authors) continue;
    for (const trailer of trailersOf(c.message)) {
      const p: Person = { name: trailer.name || null, email: trailer.email || null, login: null };
      if (isGitHubItself(p)) continue;
      if (p.email && isNoreplyEmail(p.email)) {
        unattribute(sha, "co_author", p);
        const login = accountOf(p);
        if (login) checkAccount(login);
        continue;
      }
      p.login = p.email ? (linked.get(p.email.toLowerCase()) ?? null) : null;
      unattribute(sha, "co_author", p);
      found.push(...emailMatches(compiled, p.email, "co_author", p.login ?? unlinkedSubject(p.email), sha));
      if (p.login) checkAccount(p.login);
    }
  }

  // Profiles gathered for other accounts (e.g. linked co-authors) are checked the same way.
  for (const [key, profile] of profiles) checkAccount(str(profile.login) ?? key, profile);

  const matches = toMatches(compiled, found);
  const exemptReason = exemption(compiled, author, authorLogin);
  const organizations = [...new Set(matches.map((m) => m.organization))];
  return {
    flagged: exemptReason === undefined && matches.length > 0,
    exempt: exemptReason !== undefined,
    ...(exemptReason === undefined ? {} : { exempt_reason: exemptReason }),
    author: authorLogin,
    matches,
    unattributed: [...unattributed.values()],
    organizations,
    ...uncheckedCommits(evidence),
  };
}

/**
 * Whose evidence an email linked to no account is: the address itself, normalised, so the same
 * address is the same evidence in every commit (and an approval of it survives new commits).
 */
function unlinkedSubject(email: string | null): string {
  return (email ?? "").trim().toLowerCase();
}

/** What the decision could not see: GitHub lists at most 250 commits of a pull request. */
function uncheckedCommits(evidence: Evidence | undefined): Pick<Decision, "commits_unchecked"> {
  // Evidence is untrusted JSON here as everywhere in evaluate: any field may be missing.
  const checked = Array.isArray(evidence?.commits) ? evidence.commits.length : 0;
  const total =
    typeof evidence?.commits_total === "number" && evidence.commits_total > checked ? evidence.commits_total : null;
  return evidence?.commits_truncated === true || total !== null ? { commits_unchecked: { checked, total } } : {};
}

/** Deduplicate (organization, signal, subject, value, commit), then sort into the stable order. */
function toMatches(compiled: CompiledPolicy, found: Found[]): Match[] {
  const seen = new Set<string>();
  const unique = found.filter((f) => {
    const key = [f.org, f.signal, f.subject, f.value, f.commit ?? ""].join("\u0000");
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  unique.sort(
    (a, b) =>
      a.org - b.org ||
      (SIGNAL_RANK.get(a.signal) ?? 0) - (SIGNAL_RANK.get(b.signal) ?? 0) ||
      cmp(a.subject, b.subject) ||
      cmp(a.value, b.value) ||
      cmp(a.commit ?? "", b.commit ?? "") ||
      cmp(a.matched, b.matched),
  );
  const orgs = compiled.policy.organizations;
  return unique.map(({ org, ...rest }) => ({ organization: orgs[org]?.name ?? "", ...rest }));
}

function exemption(compiled: CompiledPolicy, author: Record<string, unknown>, login: string): ExemptReason | undefined {
  const { exempt } = compiled.policy;
  if (exempt.bots && (str(author.type)?.toLowerCase() === "bot" || login.toLowerCase().endsWith("[bot]"))) return "bot";
  if (compiled.exemptUsers.has(login.toLowerCase())) return "user";
  if (strings(author.teams).some((t) => compiled.exemptTeams.has(t.toLowerCase()))) return "team";
  return undefined;
}
