// PURE: GraphQL pull request data → the Evidence contract (src/evidence/types.ts). Null-safe for
// deleted ("ghost") accounts, bots, mannequins, organizations as authors and missing emails.
import { coAuthors, noreplyLogin } from "../evidence/emails.js";
import type { CommitEvidence, CommitPerson, Evidence, Profile } from "../evidence/types.js";
import type { GqlActor, GqlCommitNode, GqlGitActor, GqlProfile } from "./response.js";

/** Who GitHub shows for a deleted account; REST reports it as this User. */
export const GHOST_LOGIN = "ghost";

const orNull = (value: string | null | undefined): string | null => {
  const trimmed = value?.trim();
  return trimmed ? trimmed : null;
};

const sameLogin = (a: string, b: string): boolean => a.toLowerCase() === b.toLowerCase();

export function userProfile(user: GqlProfile): Profile {
  return {
    login: user.login,
    type: "User",
    company: orNull(user.company),
    bio: orNull(user.bio),
    email: orNull(user.email),
    blog: orNull(user.websiteUrl),
    organizations: (user.organizations?.nodes ?? []).flatMap((org) => (org?.login ? [org.login] : [])),
  };
}

function bareProfile(login: string, type: string): Profile {
  return { login, type, company: null, bio: null, email: null, blog: null, organizations: [] };
}

/**
 * The pull request author's profile. GraphQL gives a Bot's login without the "[bot]" suffix that
 * webhooks, REST and policy files use, so it is put back.
 */
export function actorProfile(actor: GqlActor | null): Profile {
  if (!actor) return bareProfile(GHOST_LOGIN, "User");
  if (actor.__typename === "User")
    return userProfile({ company: null, bio: null, email: null, websiteUrl: null, organizations: null, ...actor });
  if (actor.__typename === "Bot")
    return bareProfile(actor.login.endsWith("[bot]") ? actor.login : `${actor.login}[bot]`, "Bot");
  return bareProfile(actor.login, actor.__typename);
}

function person(actor: GqlGitActor<{ login: string }> | null): CommitPerson {
  return { name: orNull(actor?.name), email: orNull(actor?.email), login: actor?.user?.login ?? null };
}

export function toCommits(nodes: readonly (GqlCommitNode | null)[]): CommitEvidence[] {
  return nodes.flatMap((node) => {
    const commit = node?.commit;
    if (!commit) return [];
    return [
      { sha: commit.oid, message: commit.message, author: person(commit.author), committer: person(commit.committer) },
    ];
  });
}

/** Profiles of commit authors other than the PR author, keyed by login, first seen first. */
export function commitAuthorProfiles(
  author: Profile,
  nodes: readonly (GqlCommitNode | null)[],
): Record<string, Profile> {
  const users: Record<string, Profile> = {};
  for (const node of nodes) {
    const user = node?.commit?.author?.user;
    if (!user || sameLogin(user.login, author.login) || knownLogin(users, user.login)) continue;
    users[user.login] = userProfile(user);
  }
  return users;
}

function knownLogin(users: Record<string, Profile>, login: string): boolean {
  return Object.keys(users).some((known) => sameLogin(known, login));
}

/**
 * Logins named by GitHub noreply addresses whose profiles are not yet known: commit authors whose
 * address GitHub linked to no account, and Co-authored-by trailers. They are attributed to that
 * login, so its profile is read: the only evidence that needs a second request.
 * Case-insensitively unique, in order of appearance.
 */
export function unknownNoreplyLogins(evidence: Pick<Evidence, "author" | "users" | "commits">): string[] {
  const wanted: string[] = [];
  const want = (email: string | null): void => {
    const login = noreplyLogin(email);
    if (!login || sameLogin(login, evidence.author.login) || knownLogin(evidence.users, login)) return;
    if (!wanted.some((w) => sameLogin(w, login))) wanted.push(login);
  };
  for (const commit of evidence.commits) {
    if (commit.author.login === null) want(commit.author.email);
    for (const trailer of coAuthors(commit.message)) want(trailer.email);
  }
  return wanted;
}

/** The former name of `unknownNoreplyLogins`, which once read co-authors only. */
export const unknownCoAuthorLogins = unknownNoreplyLogins;

export interface EvidenceInput {
  author: GqlActor | null;
  commits: readonly (GqlCommitNode | null)[];
  totalCommits: number;
  /** Profiles fetched for logins that noreply addresses name (null where the login names no user). */
  coAuthors?: readonly (GqlProfile | null)[];
}

export function toEvidence(input: EvidenceInput): Evidence {
  const author = actorProfile(input.author);
  const users = commitAuthorProfiles(author, input.commits);
  for (const user of input.coAuthors ?? []) {
    if (user && !sameLogin(user.login, author.login) && !knownLogin(users, user.login))
      users[user.login] = userProfile(user);
  }
  const commits = toCommits(input.commits);
  const evidence: Evidence = { author, users, commits };
  if (input.totalCommits > commits.length) {
    evidence.commits_truncated = true;
    evidence.commits_total = input.totalCommits;
  }
  return evidence;
}
