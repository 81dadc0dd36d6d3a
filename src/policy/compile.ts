// Compile a validated policy into lookup indexes, once, so evaluating a pull request costs about
// the same whether the policy lists ten organizations or ten thousand.
import { buildDomainIndex, type DomainIndex } from "../match/domains.js";
import { bareOrgLogin, buildNameIndex, type NameIndex } from "../match/names.js";
import type { Policy } from "./schema.js";

export interface OrgLoginEntry {
  org: number;
  /** The login as written in the policy. */
  login: string;
}

export interface UserRule extends OrgLoginEntry {
  /** Last millisecond (UTC) of the `until` day; absent when the affiliation has no end. */
  untilMs?: number;
}

export interface CompiledPolicy {
  policy: Policy;
  /** Names and aliases of every organization, as a word trie. */
  names: NameIndex;
  /** Lower-cased `github_orgs` login → organizations listing it. */
  githubOrgs: Map<string, OrgLoginEntry[]>;
  domains: DomainIndex;
  /** Lower-cased `users` login → organizations listing it. */
  users: Map<string, UserRule[]>;
  /** Lower-cased `exempt.users`. */
  exemptUsers: Set<string>;
  /** Lower-cased `exempt.teams` ("org/slug"). */
  exemptTeams: Set<string>;
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

export function compilePolicy(policy: Policy): CompiledPolicy {
  const orgs = policy.organizations;
  const githubOrgs = new Map<string, OrgLoginEntry[]>();
  const users = new Map<string, UserRule[]>();
  orgs.forEach((org, i) => {
    const seen = new Set<string>();
    for (const written of org.github_orgs) {
      const login = bareOrgLogin(written);
      const key = login.toLowerCase();
      if (seen.has(key)) continue;
      seen.add(key);
      push(githubOrgs, key, { org: i, login });
    }
    for (const entry of org.users) {
      const { login, until } = typeof entry === "string" ? { login: entry, until: undefined } : entry;
      // `until` is a real calendar date: the schema refuses any other.
      const rule =
        until === undefined ? { org: i, login } : { org: i, login, untilMs: Date.parse(`${until}T23:59:59.999Z`) };
      push(users, login.toLowerCase(), rule);
    }
  });
  return {
    policy,
    names: buildNameIndex(orgs),
    githubOrgs,
    domains: buildDomainIndex(orgs),
    users,
    exemptUsers: new Set(policy.exempt.users.map((u) => u.toLowerCase())),
    exemptTeams: new Set(policy.exempt.teams.map((t) => t.toLowerCase())),
  };
}
