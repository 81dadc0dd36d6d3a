// Shared builders for matcher and evaluation tests: policies go through the real schema so every
// default is filled exactly as in production.
import { policySchema, type PolicyInput } from "../../src/policy/schema.js";
import { compilePolicy, type CompiledPolicy } from "../../src/policy/compile.js";
import type { CommitEvidence, Evidence, Profile } from "../../src/evidence/types.js";

export const NOW = new Date("2024-05-01T12:00:00Z");

export const PALANTIR = {
  name: "Palantir Technologies",
  aliases: ["Palantir"],
  github_orgs: ["palantir"],
  email_domains: ["palantir.com", "*.palantir.com"],
};
export const CLEARVIEW = { name: "Clearview AI", github_orgs: ["clearviewai"], email_domains: ["clearview.ai"] };
export const ANDURIL = {
  name: "Anduril Industries",
  aliases: ["Anduril"],
  github_orgs: ["anduril"],
  email_domains: ["anduril.com"],
};

type OrgInput = PolicyInput["organizations"][number];

export function compile(
  overrides: Partial<PolicyInput> = {},
  organizations: OrgInput[] = [PALANTIR, CLEARVIEW, ANDURIL],
): CompiledPolicy {
  return compilePolicy(policySchema.parse({ version: 1, organizations, ...overrides }));
}

export function profile(login: string, fields: Partial<Profile> = {}): Profile {
  return { login, type: "User", company: null, bio: null, email: null, blog: null, organizations: [], ...fields };
}

export function commit(sha: string, fields: Partial<CommitEvidence> = {}): CommitEvidence {
  return {
    sha,
    message: "Fix a bug",
    author: { name: "Alice", email: "alice@example.org", login: "alice" },
    committer: { name: "GitHub", email: "noreply@github.com", login: "web-flow" },
    ...fields,
  };
}

export function evidence(author: Partial<Profile> = {}, rest: Partial<Evidence> = {}): Evidence {
  return { author: profile("alice", author), users: {}, commits: [], ...rest };
}
