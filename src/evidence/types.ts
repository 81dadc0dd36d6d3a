// The evidence JSON contract (docs/architecture.md): what the app gathers from GitHub and what
// `ethics-policy check --evidence` reads. Extra fields are allowed; these are the ones we use.

export interface Profile {
  login: string;
  /** "User", "Bot", "Organization", "Mannequin" */
  type: string;
  company: string | null;
  bio: string | null;
  email: string | null;
  blog: string | null;
  /** Logins of the public organizations the user belongs to. */
  organizations: string[];
  /** "org/team-slug" of teams the user is in, resolved only when the policy exempts teams. */
  teams?: string[];
}

export interface CommitPerson {
  name: string | null;
  email: string | null;
  /** The GitHub account the email is linked to, or null when it is linked to none. */
  login: string | null;
}

export interface CommitEvidence {
  sha: string;
  message: string;
  author: CommitPerson;
  committer: CommitPerson;
}

export interface Evidence {
  author: Profile;
  /** Profiles of commit authors (and linked co-authors) other than the PR author, by login. */
  users: Record<string, Profile>;
  commits: CommitEvidence[];
  /** True when the PR has more commits than were gathered. */
  commits_truncated?: boolean;
  /** How many commits the PR has, when more than were gathered. */
  commits_total?: number;
}
