// Find and parse the policy that governs a repository: its own file on the default branch, else
// the owner's `.github` repository (Probot's context.config convention), following `_extends`
// to base files. Only files from default branches are read, so a pull request cannot change the
// rules it is judged by.
import type { PolicyFile } from "../github/types.js";
import { MAX_POLICY_BYTES } from "./limits.js";
import { parsePolicySources, readExtends, type ParseResult, type PolicySource } from "./parse.js";
import type { ParseSources } from "./policy-parser.js";

export const POLICY_PATH = ".github/ethics-policy.yml";
/** The repository whose policy file is the owner's (organization-wide) policy. */
export const ORG_POLICY_REPO = ".github";
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

/**
 * Which bases a chain may read, for a policy nobody has accepted yet (a pull request's proposal).
 * `mayRead` false: the base is not read at all, and the problem says only that it is not checked
 * here. `opaque` true: the base is read, but whether it exists and what is wrong with it are not
 * told apart, and none of its text or problems are shown.
 */
export interface BaseScope {
  mayRead: (target: { repo: string; path: string }) => boolean;
  opaque: (target: { repo: string; path: string }) => boolean;
}

/** The bases a repository's proposed policy may use: its own repository, and the owner's `.github` repository. */
export function proposedPolicyScope(repoFullName: string): BaseScope {
  const own = repoFullName.toLowerCase();
  const orgConfig = `${repoFullName.split("/")[0] ?? ""}/${ORG_POLICY_REPO}`.toLowerCase();
  return {
    mayRead: (t) => t.repo.toLowerCase() === own || t.repo.toLowerCase() === orgConfig,
    opaque: (t) => t.repo.toLowerCase() !== own,
  };
}

/** The 1-based line of a file's top-level `_extends` key, for a problem about it. */
function extendsLine(text: string): number {
  const index = text.split("\n").findIndex((line) => /^["']?_extends["']?\s*:/.test(line));
  return index < 0 ? 1 : index + 1;
}

export async function loadPolicy(
  first: PolicyFile | null,
  fetchFile: FetchPolicyFile,
  scope?: BaseScope,
  parse?: ParseSources,
): Promise<LoadedPolicy> {
  if (!first) return { kind: "none" };
  const opaqueFiles = new Map<string, { ref: string; from: PolicyFile }>();
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
    const from = file;
    // Inside a base that is not shown, every problem is the one opaque problem of the outermost such base.
    const outerOpaque = [...opaqueFiles.values()][0];
    const problem = (message: string): LoadedPolicy => {
      const [at, text] = outerOpaque ? [outerOpaque.from, opaqueMessage(outerOpaque.ref)] : [from, message];
      return {
        kind: "invalid",
        files: chain,
        result: { ok: false, problems: [{ file: displayName(at), line: extendsLine(at.text), col: 1, message: text }] },
      };
    };
    if (!target) return problem(`_extends: "${ref}" is not "repo", "owner/repo" or "owner/repo:path"`);
    const key = `${target.repo}:${target.path}`.toLowerCase();
    if (seen.has(key)) return problem(`_extends: "${ref}" leads back to a file already in the chain`);
    if (chain.length > MAX_EXTENDS_DEPTH) return problem(`_extends: more than ${MAX_EXTENDS_DEPTH} levels of _extends`);
    if (scope && !scope.mayRead(target))
      return problem(
        `_extends: "${ref}" is not checked in pull requests: a proposed policy is checked against bases in this repository or the owner's .github repository only; it will be read once the policy is merged`,
      );
    const opaque = scope !== undefined && (outerOpaque !== undefined || scope.opaque(target));
    const base = await fetchFile(target.repo, target.path);
    if (opaque && (!base || base.tooLarge || base.binary)) return problem(opaqueMessage(ref));
    if (!base)
      return problem(`_extends: "${ref}" names ${target.repo}:${target.path}, which does not exist or cannot be read`);
    seen.add(key);
    chain.unshift(base);
    if (opaque) opaqueFiles.set(displayName(base), { ref, from });
    const baseProblem = unreadable(base);
    if (baseProblem) return baseProblem;
    file = base;
  }
  const sources: PolicySource[] = chain.map((f) => ({ file: displayName(f), text: f.text }));
  const key = chain.map((f) => `${displayName(f)}@${f.sha}`).join("|");
  const result = parse ? await parse(sources, key) : parsePolicySources(sources);
  if (result.ok) return { kind: "valid", files: chain, result };
  // A base read for a proposal but not shown: its problems become one that names only the `_extends` line.
  if (!result.problems.some((p) => opaqueFiles.has(p.file))) return { kind: "invalid", files: chain, result };
  const outer = [...opaqueFiles.values()][0]!;
  const problems = [
    ...result.problems.filter((p) => !opaqueFiles.has(p.file)),
    { file: displayName(outer.from), line: extendsLine(outer.from.text), col: 1, message: opaqueMessage(outer.ref) },
  ];
  return { kind: "invalid", files: chain, result: { ok: false, problems } };
}

/** The same words whether the base is missing, private, unreadable or invalid: a proposal learns nothing about it. */
function opaqueMessage(ref: string): string {
  return `_extends: "${ref}" could not be used as a base: it is missing, unreadable or not a valid policy (its details are not shown in pull requests)`;
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
  parse?: ParseSources,
): Promise<EffectivePolicy> {
  const org = candidates.org
    ? await loadPolicy(candidates.org, fetchFile, undefined, parse)
    : ({ kind: "none" } as const);
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
    return { ...(await loadPolicy(candidates.own, fetchFile, undefined, parse)), notes: [] };
  }
  if (org.kind === "valid" && org.result.policy.skip_repos.some((r) => r.toLowerCase() === repoName)) {
    return { kind: "none", notes: [`the organization policy skips ${candidates.repo}`] };
  }
  return { ...org, notes: [] };
}
