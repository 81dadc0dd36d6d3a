// Find and parse the policy that governs a repository: its own file on the default branch, else
// the owner's `.github` repository (Probot's context.config convention), following `_extends`
// to base files. Only files from default branches are read, so a pull request cannot change the
// rules it is judged by.
import type { PolicyFile } from "../github/types.js";
import { MAX_POLICY_BYTES } from "./limits.js";
import { parsePolicySources, readExtends, type ParseResult, type PolicySource } from "./parse.js";

export const POLICY_PATH = ".github/ethics-policy.yml";
/** `_extends` chains longer than this are refused: a base of a base of a base is plenty. */
export const MAX_EXTENDS_DEPTH = 4;

export type FetchPolicyFile = (repoFullName: string, path: string) => Promise<PolicyFile | null>;

export type LoadedPolicy =
  | { kind: "none" }
  | { kind: "invalid"; files: PolicyFile[]; result: Extract<ParseResult, { ok: false }> }
  | { kind: "valid"; files: PolicyFile[]; result: Extract<ParseResult, { ok: true }> };

/** "owner/repo:path" */
export function displayName(file: Pick<PolicyFile, "repo" | "path">): string {
  return `${file.repo}:${file.path}`;
}

/** Resolves an `_extends` value relative to the file that holds it, as Probot does. */
export function resolveExtends(value: string, from: Pick<PolicyFile, "repo">): { repo: string; path: string } | null {
  const m = /^(?:([A-Za-z0-9-]+)\/)?([A-Za-z0-9._-]+)(?::([^\s]+))?$/.exec(value.trim());
  if (!m) return null;
  const owner = m[1] ?? from.repo.split("/")[0];
  return { repo: `${owner}/${m[2]}`, path: m[3] ?? POLICY_PATH };
}

export async function loadPolicy(first: PolicyFile | null, fetchFile: FetchPolicyFile): Promise<LoadedPolicy> {
  if (!first) return { kind: "none" };
  const chain: PolicyFile[] = [first];
  const unreadable = (file: PolicyFile): LoadedPolicy | null =>
    file.tooLarge || file.binary
      ? {
          kind: "invalid",
          files: chain,
          result: {
            ok: false,
            problems: [
              {
                file: displayName(file),
                line: 1,
                col: 1,
                message: file.tooLarge
                  ? `the file is too large; a policy may be at most ${MAX_POLICY_BYTES} bytes`
                  : "the file is not text",
              },
            ],
          },
        }
      : null;
  const firstProblem = unreadable(first);
  if (firstProblem) return firstProblem;
  const seen = new Set([displayName(first).toLowerCase()]);
  for (let file = first; ;) {
    const ref = readExtends(file.text, displayName(file));
    if (ref === null) break;
    const target = resolveExtends(ref, file);
    const problem = (message: string): LoadedPolicy => ({
      kind: "invalid",
      files: chain,
      result: { ok: false, problems: [{ file: displayName(file), line: 1, col: 1, message }] },
    });
    if (!target) return problem(`_extends: "${ref}" is not "repo", "owner/repo" or "owner/repo:path"`);
    const key = `${target.repo}:${target.path}`.toLowerCase();
    if (seen.has(key)) return problem(`_extends: "${ref}" leads back to a file already in the chain`);
    if (chain.length > MAX_EXTENDS_DEPTH) return problem(`_extends: more than ${MAX_EXTENDS_DEPTH} levels of _extends`);
    const base = await fetchFile(target.repo, target.path);
    if (!base)
      return problem(`_extends: "${ref}" names ${target.repo}:${target.path}, which does not exist or cannot be read`);
    seen.add(key);
    chain.unshift(base);
    const baseProblem = unreadable(base);
    if (baseProblem) return baseProblem;
    file = base;
  }
  const sources: PolicySource[] = chain.map((f) => ({ file: displayName(f), text: f.text }));
  const result = parsePolicySources(sources);
  return result.ok ? { kind: "valid", files: chain, result } : { kind: "invalid", files: chain, result };
}

export interface PolicyCandidates {
  /** "owner/repo" of the repository being judged. */
  repo: string;
  /** The repository's own policy file, if any. */
  own: PolicyFile | null;
  /** The owner's `.github` repository policy file, if any. */
  org: PolicyFile | null;
}

export type EffectivePolicy = LoadedPolicy & {
  /** What maintainers should know about how the policy was chosen. */
  notes: string[];
};

/**
 * Which policy governs a repository. A repository's own file wins, unless the organization's
 * policy says `allow_repo_override: false`; without one, the organization's policy applies unless
 * it lists the repository in `skip_repos`. An organization policy that cannot be read never
 * silences a repository's own valid policy.
 */
export async function loadEffectivePolicy(
  candidates: PolicyCandidates,
  fetchFile: FetchPolicyFile,
): Promise<EffectivePolicy> {
  const org = candidates.org ? await loadPolicy(candidates.org, fetchFile) : ({ kind: "none" } as const);
  const repoName = candidates.repo.split("/")[1]?.toLowerCase() ?? "";
  if (candidates.own) {
    if (org.kind === "valid" && !org.result.policy.allow_repo_override) {
      return {
        ...org,
        notes: [
          `${displayName(candidates.own)} is not used: the organization policy ${displayName(candidates.org!)} does not allow repository overrides`,
        ],
      };
    }
    return { ...(await loadPolicy(candidates.own, fetchFile)), notes: [] };
  }
  if (org.kind === "valid" && org.result.policy.skip_repos.some((r) => r.toLowerCase() === repoName)) {
    return { kind: "none", notes: [`the organization policy skips ${candidates.repo}`] };
  }
  return { ...org, notes: [] };
}
