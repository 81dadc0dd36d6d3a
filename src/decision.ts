// What `evaluate` returns: the decision and every reason for it, so rendering and reconciling
// never need to re-derive anything.

export type Signal =
  | "profile_company"
  | "profile_bio"
  | "profile_email"
  | "profile_blog"
  | "organizations"
  | "commit_email"
  | "co_author"
  | "user_list";

export interface Match {
  /** The policy organization's `name`. */
  organization: string;
  signal: Signal;
  /** Whose evidence it is: a login, or the address (trimmed, lower case) for an email no account is linked to. */
  subject: string;
  /** The public value that matched, verbatim (the renderer escapes it). */
  value: string;
  /** The policy entry it matched: the alias, domain pattern, org login or user login. */
  matched: string;
  /** The commit the value was found in, for commit signals. */
  commit?: string;
  /** The value states a former affiliation (only reported with `former_affiliations: flag`). */
  former?: boolean;
}

export type UnattributedReason =
  | "private_email" // a GitHub noreply address: it names an account but says nothing about affiliation
  | "no_account" // an email linked to no GitHub account
  | "no_email"; // no email at all

export interface Unattributed {
  commit: string;
  role: "author" | "committer" | "co_author";
  name: string | null;
  email: string | null;
  reason: UnattributedReason;
}

export type ExemptReason = "bot" | "user" | "team";

export interface ApprovedBy {
  by: string;
  at: string;
  reason: string;
  head_sha: string;
}

export interface Decision {
  /** Matches a listed organization, is not exempt, and no maintainer's approval covers it. */
  flagged: boolean;
  exempt: boolean;
  exempt_reason?: ExemptReason;
  /** The pull request author's login. */
  author: string;
  /** Every match, in a stable order (policy organization order, then signal, subject, value). */
  matches: Match[];
  /** Evidence that could not be checked; reported so maintainers know what was not seen. */
  unattributed: Unattributed[];
  /** Distinct names of matched organizations, in policy order. */
  organizations: string[];
  /** The maintainer approval that covers every match, when there is one (then flagged is false). */
  approved?: ApprovedBy;
  /** Present when some of the PR's commits could not be read: how many were checked, of how many (null: unknown). */
  commits_unchecked?: { checked: number; total: number | null };
}
