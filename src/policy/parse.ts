// The policy file parser: YAML text in, a validated policy (defaults filled in) or every problem
// out, each at the file, line and column that caused it. Never throws and never hangs, whatever
// the text; see limits.ts for the bounds.
import { isMap, isScalar } from "yaml";
import { MAX_POLICY_BYTES, MAX_PROBLEMS } from "./limits.js";
import { mergeTrees, withoutKey } from "./merge.js";
import { buildTree, toPlain, type MapNode, type PolicyNode } from "./policy-tree.js";
import { formatProblem, sortAndCap, type PolicyProblem } from "./problem.js";
import { policySchema, type Policy } from "./schema.js";
import { policyErrorMap, schemaProblems } from "./schema-problems.js";
import { duplicateProblems } from "./uniqueness.js";
import { readYamlDocument } from "./yaml-document.js";

export { formatProblem, type PolicyProblem };
export * from "./limits.js";

export interface PolicySource {
  /** Display name, e.g. "owner/repo:.github/ethics-policy.yml" or a local path. */
  file: string;
  text: string;
}

export type ParseResult =
  | { ok: true; policy: Policy; /** The raw `_extends` of the last (most specific) source, if any. */ extends?: string }
  | { ok: false; problems: PolicyProblem[] };

const EXTENDS_KEY = "_extends";
/** Texts shorter than this are cheap to read whole. */
const READ_WHOLE_BELOW = 16 * 1024;

/** Parse + validate one file. */
export function parsePolicy(text: string, file: string): ParseResult {
  return parsePolicySources([{ file, text }]);
}

/** Read the `_extends` value of a file without validating it (null if absent/unreadable), so a loader can fetch the base first. */
export function readExtends(text: string, file: string): string | null {
  try {
    if (typeof text !== "string" || !text.includes(EXTENDS_KEY)) return null;
    // A large file is read whole once, later, perhaps off the main thread; here only the line of a
    // top-level key (which starts its line) is read, if the file is not too large to be a policy.
    const large = text.length >= READ_WHOLE_BELOW;
    if (large && Buffer.byteLength(text, "utf8") > MAX_POLICY_BYTES) return null;
    const line = large ? /^["']?_extends["']?[ \t]*:.*$/m.exec(text)?.[0] : undefined;
    if (large && line === undefined) return null;
    const contents = readYamlDocument(line ?? text, file).document?.contents;
    if (!isMap(contents)) return null;
    const pair = contents.items.find((p) => isScalar(p.key) && p.key.value === EXTENDS_KEY);
    return isScalar(pair?.value) && typeof pair.value.value === "string" ? pair.value.value : null;
  } catch {
    return null;
  }
}

/**
 * Parse several files, base first and most specific last, deep-merge them (mappings key by key,
 * lists concatenated base first, as Probot's `_extends` does), validate the merged result, and
 * report every problem at the file:line:col where the offending value was written.
 */
export function parsePolicySources(sources: PolicySource[]): ParseResult {
  const files = sources.map((s) => s.file);
  try {
    return parseAndValidate(sources, files);
  } catch (error) {
    // A bug here must not take the app down with it: the policy is reported as unreadable.
    const message = `internal error while reading the policy: ${error instanceof Error ? error.message : String(error)}`;
    return { ok: false, problems: [{ file: files.at(-1) ?? "(policy)", line: 1, col: 1, message }] };
  }
}

function parseAndValidate(sources: PolicySource[], files: string[]): ParseResult {
  if (sources.length === 0)
    return { ok: false, problems: [{ file: "(policy)", line: 1, col: 1, message: "no policy file was given" }] };
  let problems: PolicyProblem[] = [];
  let merged: PolicyNode | null = null;
  let validatable = true;
  let lastExtends: string | undefined;

  for (const [index, source] of sources.entries()) {
    const loaded = loadSource(source);
    // concat, not push(...): a hostile file can hold more problems than a call has arguments.
    problems = problems.concat(loaded.problems);
    if (!loaded.root) {
      validatable = false;
      continue;
    }
    validatable &&= loaded.complete;
    const isLast = index === sources.length - 1;
    const extendsNode = loaded.root.entries.get(EXTENDS_KEY)?.value;
    if (isLast && extendsNode?.kind === "scalar" && typeof extendsNode.value === "string")
      lastExtends = extendsNode.value;
    if (!isLast && extendsNode && (extendsNode.kind !== "scalar" || typeof extendsNode.value !== "string")) {
      problems.push({
        ...lineCol(extendsNode),
        message: `${EXTENDS_KEY}: must be text such as "owner/repo" or "owner/repo:path"`,
      });
    }
    // Only the most specific file's `_extends` means anything in the result; the loader has already followed the others.
    const root = isLast ? loaded.root : withoutKey(loaded.root, EXTENDS_KEY);
    merged = merged ? mergeTrees(merged, root) : root;
  }

  const tree = merged;
  if (!validatable || !tree) return failed(problems, files);

  const version = tree.kind === "map" ? tree.entries.get("version")?.value : undefined;
  if (version?.kind === "scalar" && typeof version.value === "number" && version.value !== 1) {
    // Other problems would be judged by the wrong rules.
    problems.push({ ...lineCol(version), message: `version: this app reads policy version 1, not ${version.value}` });
    return failed(problems, files);
  }

  const result = policySchema.safeParse(toPlain(tree), { error: policyErrorMap });
  if (!result.success) problems = problems.concat(schemaProblems(result.error.issues, tree, policySchema));
  problems = problems.concat(duplicateProblems(tree));
  if (problems.length > 0 || !result.success) return failed(problems, files);
  return lastExtends === undefined
    ? { ok: true, policy: result.data }
    : { ok: true, policy: result.data, extends: lastExtends };
}

function loadSource(source: PolicySource): { root: MapNode | null; problems: PolicyProblem[]; complete: boolean } {
  const { file, text } = source;
  if (typeof text !== "string")
    return {
      root: null,
      problems: [{ file, line: 1, col: 1, message: "the policy file could not be read as text" }],
      complete: false,
    };
  const read = readYamlDocument(text, file);
  if (!read.document) return { root: null, problems: read.problems, complete: false };
  const built = buildTree(read.document, file, (offset) => read.position(offset));
  const problems = [...read.problems, ...built.problems];
  const root = built.root;
  if (root && root.kind !== "map") {
    const what =
      root.kind === "list"
        ? "a list"
        : root.value === null
          ? "nothing"
          : typeof root.value === "string"
            ? "text"
            : `the value ${String(root.value)}`;
    problems.push({
      ...lineCol(root),
      message: `the policy must be a YAML mapping with "version: 1" and "organizations:", but this file holds ${what}`,
    });
    return { root: null, problems, complete: false };
  }
  return { root, problems, complete: read.wellFormed && built.complete };
}

function lineCol(node: PolicyNode): Pick<PolicyProblem, "file" | "line" | "col"> {
  return { file: node.at.file, line: node.at.line, col: node.at.col };
}

function failed(problems: PolicyProblem[], files: string[]): ParseResult {
  const reported =
    problems.length > 0
      ? problems
      : [{ file: files.at(-1) ?? "(policy)", line: 1, col: 1, message: "the policy is invalid" }];
  return { ok: false, problems: sortAndCap(reported, files, MAX_PROBLEMS) };
}
