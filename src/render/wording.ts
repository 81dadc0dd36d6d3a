// Every phrase the app uses to name a piece of evidence, in one place, so the comment, the check
// run and the CLI describe the same thing the same way.
import type { DisguiseKind, ExemptReason, Signal, Unattributed, UnattributedReason } from "../decision.js";

/** A signal in plain words, as a maintainer reads it. */
export const SIGNAL_WORDS: Readonly<Record<Signal, string>> = {
  profile_company: "profile company field",
  profile_bio: "profile bio",
  profile_email: "profile email",
  profile_blog: "profile website",
  organizations: "public organization membership",
  // A Match does not say whether the address was the commit's author or committer, so we do not either.
  commit_email: "commit email",
  co_author: "Co-authored-by trailer",
  user_list: "listed account",
};

/** How a name was disguised, as "Palantir, written with look-alike letters". */
export const DISGUISE_WORDS: Readonly<Record<DisguiseKind, string>> = {
  lookalike: "written with look-alike letters",
  invisible: "with invisible characters",
  spaced: "letter-spaced",
  split: "split by punctuation",
};

/** Why an exempt pull request is not flagged, as "exempt (…)". */
export const EXEMPT_WORDS: Readonly<Record<ExemptReason, string>> = {
  bot: "bot",
  user: "listed user",
  team: "listed team",
};

export const ROLE_WORDS: Readonly<Record<Unattributed["role"], string>> = {
  author: "author",
  committer: "committer",
  co_author: "co-author",
};

/**
 * What could not be checked, after "commit abc1234 author …". `domain` is the address's domain
 * only: an address linked to no account is not evidence, so we do not repeat it in full.
 */
export function unattributedWords(reason: UnattributedReason, domain: string | null): string {
  switch (reason) {
    case "private_email":
      return "uses a private GitHub address";
    case "no_account":
      return domain === null
        ? "uses an address linked to no GitHub account"
        : `uses an address at ${domain} linked to no GitHub account`;
    case "no_email":
      return "has no email address";
  }
}

export const COMMANDS = {
  approve: "/ethics-policy approve <reason>",
  recheck: "/ethics-policy recheck",
} as const;

export const DEFAULT_POLICY_PATH = ".github/ethics-policy.yml";
