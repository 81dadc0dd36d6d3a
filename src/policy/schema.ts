// The policy language, version 1: one definition that gives the validator, the TypeScript types,
// the defaults and the editor JSON Schema (schema/ethics-policy.schema.json), so they cannot drift.
import * as z from "zod";

/** GitHub logins: 1–39 alphanumerics or single hyphens, not starting or ending with a hyphen. */
export const LOGIN_PATTERN = /^[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}$/;
/** A GitHub login, with the "@" people often write before an organization's (lint warns; ignored). */
export const ORG_LOGIN_PATTERN = /^@?[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}$/;
/** `org/team-slug` */
export const TEAM_PATTERN = /^[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}\/[A-Za-z0-9_.-]{1,100}$/;
/**
 * An email domain or a glob over one: labels of letters, digits and hyphens, where a label may be
 * or contain `*`. At most 8 stars keeps minimatch's backtracking bounded.
 */
export const DOMAIN_PATTERN =
  /^(?=.{1,253}$)(?!.*\*{2})(?:[A-Za-z0-9*](?:[A-Za-z0-9*-]{0,61}[A-Za-z0-9*])?\.)+[A-Za-z0-9*](?:[A-Za-z0-9*-]{0,61}[A-Za-z0-9*])?$/;
export const MAX_DOMAIN_STARS = 8;
export const DATE_PATTERN = /^\d{4}-\d{2}-\d{2}$/;

function isCalendarDate(s: string): boolean {
  const date = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(s);
}

const text = (max: number) =>
  z.string().trim().min(1, "must not be empty").max(max, `must be at most ${max} characters`);

const login = z
  .string()
  .regex(LOGIN_PATTERN, "must be a GitHub login (letters, digits and single hyphens, at most 39)");
const orgLogin = z
  .string()
  .regex(ORG_LOGIN_PATTERN, "must be a GitHub login (letters, digits and single hyphens, at most 39)");
const team = z.string().regex(TEAM_PATTERN, 'must be "org/team-slug"');
const isoDate = z
  .string()
  .regex(DATE_PATTERN, "must be a date YYYY-MM-DD")
  // Only once the format is right, so "30/06/2021" gets one message, not two.
  .refine((s) => !DATE_PATTERN.test(s) || isCalendarDate(s), "must be a real calendar date");
const domain = z
  .string()
  .regex(DOMAIN_PATTERN, 'must be an email domain such as "example.com" or a glob such as "*.example.com"')
  .refine(
    (s) => !DOMAIN_PATTERN.test(s) || (s.match(/\*/g)?.length ?? 0) <= MAX_DOMAIN_STARS,
    `may contain at most ${MAX_DOMAIN_STARS} "*"`,
  );

export const userEntrySchema = z.union(
  [
    login,
    z.strictObject({
      login: login.meta({ description: "The account's GitHub login." }),
      until: isoDate
        .optional()
        .meta({ description: "Last day of the affiliation (YYYY-MM-DD); after it the account no longer matches." }),
    }),
  ],
  { error: "must be a GitHub login or a mapping {login: ..., until: YYYY-MM-DD}" },
);

export const organizationSchema = z
  .strictObject({
    name: text(200).meta({ description: "The organization's name; also matched like an alias. Unique." }),
    aliases: z.array(text(200)).max(100).default([]).meta({
      description:
        "Other names, matched as whole words in any case and with any accents in the profile company field; in a bio only where it states an affiliation.",
    }),
    // A leading "@" (as people write an organization) is accepted with a lint warning and ignored.
    github_orgs: z.array(orgLogin).max(100).default([]).meta({
      description: 'GitHub organization logins: public membership, or "@login" in the profile company or bio.',
    }),
    email_domains: z.array(domain).max(200).default([]).meta({
      description:
        'Email domains, or minimatch globs over a domain ("*.example.com"), matched against the domain part of an address only.',
    }),
    users: z.array(userEntrySchema).max(10_000).default([]).meta({
      description: "Known accounts, as logins or {login, until}.",
    }),
    reason: text(2000).optional().meta({ description: "Why the organization is listed; shown in comments." }),
  })
  .meta({ description: "An organization the project does not take contributions on behalf of." });

export const signalsSchema = z
  .strictObject({
    profile_company: z.boolean().default(true).meta({ description: "The profile's company field." }),
    profile_bio: z
      .boolean()
      .default(false)
      .meta({ description: "Affiliation phrases in the profile bio (off by default)." }),
    profile_email: z.boolean().default(true).meta({ description: "The public profile email and website domain." }),
    organizations: z.boolean().default(true).meta({ description: "Public organization memberships." }),
    commit_emails: z
      .boolean()
      .default(true)
      .meta({ description: "Author and committer emails of every commit in the pull request." }),
    co_authors: z.boolean().default(true).meta({ description: "Co-authored-by trailers in commit messages." }),
  })
  .default({
    profile_company: true,
    profile_bio: false,
    profile_email: true,
    organizations: true,
    commit_emails: true,
    co_authors: true,
  })
  .meta({ description: "Which evidence counts towards an affiliation." });

export const actionsSchema = z
  .strictObject({
    label: z
      .union([text(50), z.literal(false)], { error: "must be a label name or false" })
      .default("ethics-review")
      .meta({ description: "Label put on flagged pull requests, or false for none." }),
    comment: z.boolean().default(true).meta({ description: "Post one comment with the evidence, edited in place." }),
    check: z
      .union([z.enum(["neutral", "action_required"]), z.literal(false)], {
        error: 'must be "neutral", "action_required" or false',
      })
      .default("neutral")
      .meta({
        description: 'Conclusion of the "Ethics policy" check when flagged, or false for no check.',
      }),
    request_reviewers: z
      .array(z.union([login, team], { error: 'must be a GitHub login or "org/team-slug"' }))
      .max(15)
      .default([])
      .meta({
        description: 'Logins and "org/team-slug" asked to review flagged pull requests.',
      }),
  })
  .default({ label: "ethics-review", comment: true, check: "neutral", request_reviewers: [] })
  .meta({ description: "What the app does to a flagged pull request." });

export const exemptSchema = z
  .strictObject({
    users: z.array(login).max(10_000).default([]).meta({ description: "Logins never flagged." }),
    teams: z
      .array(team)
      .max(100)
      .default([])
      .meta({ description: 'Teams ("org/team-slug") whose members are never flagged.' }),
    bots: z.boolean().default(true).meta({ description: "Never flag bot accounts." }),
  })
  .default({ users: [], teams: [], bots: true })
  .meta({ description: "Authors never flagged." });

export const policySchema = z
  .strictObject({
    $schema: z.string().optional().meta({ description: "Editor hint; ignored." }),
    _extends: z
      .string()
      .optional()
      .meta({ description: 'Base policy to extend: "repo", "owner/repo" or "owner/repo:path".' }),
    version: z.literal(1).meta({ description: "Policy format version." }),
    statement: text(5000).optional().meta({ description: "Shown at the top of every comment." }),
    policy_url: text(2000)
      // A scheme other than https, or a protocol-relative "//host", would link off the repository unchecked.
      .refine(
        (s) => /^https:\/\//i.test(s) || !/^([a-z][a-z0-9+.-]*:|[/\\]{2})/i.test(s),
        "must be a path in the repository or an https URL",
      )
      .optional()
      .meta({ description: "A path in the repository or an https URL, linked from comments." }),
    organizations: z
      .array(organizationSchema)
      .min(1, "must list at least one organization")
      .max(10_000)
      .meta({ description: "The organizations the policy names; at least one." }),
    signals: signalsSchema,
    former_affiliations: z.enum(["ignore", "flag"]).default("ignore").meta({
      description: 'Whether "ex-Org", "formerly @org", "Org alum" count as affiliations.',
    }),
    actions: actionsSchema,
    exempt: exemptSchema,
    approvers: z.enum(["write", "maintain", "admin"]).default("maintain").meta({
      description: "Least repository role that may approve a flagged pull request.",
    }),
    allow_repo_override: z.boolean().default(true).meta({
      description:
        "Organization-wide policy only (the owner's .github repository): false makes this policy apply even to repositories that have a policy file of their own.",
    }),
    skip_repos: z
      .array(z.string().regex(/^[A-Za-z0-9._-]{1,100}$/, "must be a repository name"))
      .max(1000)
      .default([])
      .meta({
        description:
          "Organization-wide policy only: repositories it does not apply to (unless they have a policy file of their own).",
      }),
  })
  .meta({
    title: "ethics-policy",
    description: "The ethics policy of a repository (.github/ethics-policy.yml), version 1.",
  });

/** What a maintainer writes. */
export type PolicyInput = z.input<typeof policySchema>;
/** The policy with every default filled in. */
export type Policy = z.output<typeof policySchema>;
export type Organization = Policy["organizations"][number];
export type UserEntry = Organization["users"][number];

export function policyJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(policySchema, { io: "input", target: "draft-07" });
}
