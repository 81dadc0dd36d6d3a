// The policy as a tree of positioned values, built from a yaml Document. Every node remembers the
// file, line and column it was written at and its path in that file, so a problem found after
// merging several files still points at the text that caused it. Mappings are `Map`s: no key a
// file contains can reach an object prototype.
import { isAlias, isMap, isScalar, isSeq, type Alias, type Document, type Node } from "yaml";
import { MAX_ALIAS_COUNT, MAX_NESTING_DEPTH, MAX_NODE_COUNT } from "./limits.js";
import { quote, type PolicyProblem } from "./problem.js";
import type { Position } from "./yaml-document.js";

export type PathSegment = string | number;

export interface Location {
  file: string;
  line: number;
  col: number;
  /** Where the value sits in its own file (aliases expanded), for messages. */
  path: PathSegment[];
}

export type ScalarValue = string | number | boolean | null;
export type PolicyNode =
  | {
      kind: "scalar";
      value: ScalarValue;
      at: Location;
      /** The text as written, for a plain scalar. */ source?: string;
    }
  | { kind: "list"; items: PolicyNode[]; at: Location }
  | { kind: "map"; entries: Map<string, MapEntry>; at: Location };
export type MapNode = Extract<PolicyNode, { kind: "map" }>;
export interface MapEntry {
  keyAt: Location;
  value: PolicyNode;
}

export interface BuiltTree {
  root: PolicyNode | null;
  problems: PolicyProblem[];
  /** False when something was left out of the tree (a bad alias or key), so validation would mislead. */
  complete: boolean;
}

/** Keys that mean something to JavaScript objects; refused anywhere so no later copy can misuse them. */
export const FORBIDDEN_KEYS: ReadonlySet<string> = new Set(["__proto__", "constructor", "prototype"]);

/** Thrown to abandon a tree that breaks a limit; only ever caught by `buildTree`. */
class LimitExceeded extends Error {
  constructor(readonly problem: PolicyProblem) {
    super(problem.message);
  }
}

export function buildTree(document: Document.Parsed, file: string, position: (offset: number) => Position): BuiltTree {
  const problems: PolicyProblem[] = [];
  const anchors = new Map<string, Node>();
  // Anchors whose node is still being converted: an alias to one would make the tree a cycle.
  const open = new Set<string>();
  // What each alias meant where it was written; a copy made later must not see later anchors.
  const aliasTargets = new Map<Alias, Node | null>();
  let aliasCount = 0;
  let nodeCount = 0;
  let complete = true;

  const locate = (node: Node | null | undefined, path: PathSegment[], fallback?: Location): Location => {
    const offset = node?.range?.[0];
    return offset === undefined && fallback ? { ...fallback, path } : { file, ...position(offset ?? 0), path };
  };
  const report = (at: Location, message: string) =>
    problems.push({ file: at.file, line: at.line, col: at.col, message });

  // `expanding` is set inside an alias's copy: anchors there were registered on the first pass,
  // and registering them again could shadow a later redefinition.
  const convert = (
    node: Node | null,
    path: PathSegment[],
    depth: number,
    at: Location,
    expanding: boolean,
  ): PolicyNode => {
    nodeCount += 1;
    if (nodeCount > MAX_NODE_COUNT) {
      throw new LimitExceeded({
        ...at,
        message: `the policy has more than ${MAX_NODE_COUNT} values (counting every use of an alias)`,
      });
    }
    const anchor = node && !expanding && !isAlias(node) ? node.anchor : undefined;
    if (!anchor) return convertNode(node, path, depth, at, expanding);
    open.add(anchor);
    const converted = convertNode(node, path, depth, at, expanding);
    open.delete(anchor);
    // Registered once complete, as YAML requires, so an alias can never point into its own anchor.
    anchors.set(anchor, node!);
    return converted;
  };

  const convertNode = (
    node: Node | null,
    path: PathSegment[],
    depth: number,
    at: Location,
    expanding: boolean,
  ): PolicyNode => {
    if (node === null) return { kind: "scalar", value: null, at };
    if (isScalar(node))
      return {
        kind: "scalar",
        value: scalarValue(node.value),
        at,
        ...(node.source === undefined ? {} : { source: node.source }),
      };
    if (isAlias(node)) {
      aliasCount += 1;
      if (aliasCount > MAX_ALIAS_COUNT)
        throw new LimitExceeded({ ...at, message: `too many aliases: a policy may use at most ${MAX_ALIAS_COUNT}` });
      const target = aliasTargets.has(node) ? aliasTargets.get(node) : anchors.get(node.source);
      aliasTargets.set(node, target ?? null);
      if (!target) {
        complete = false;
        const problem = open.has(node.source)
          ? `the list or mapping that contains it`
          : `no anchor &${node.source} defined before it`;
        report(at, `alias *${node.source} refers to ${problem}`);
        return { kind: "scalar", value: null, at };
      }
      return convert(target, path, depth, at, true);
    }
    if (depth + 1 > MAX_NESTING_DEPTH) {
      throw new LimitExceeded({
        ...at,
        message: `lists and mappings are nested too deeply here (more than ${MAX_NESTING_DEPTH} levels)`,
      });
    }
    if (isSeq(node)) {
      const items = node.items.map((item, i) => {
        const itemPath = [...path, i];
        return convert(asNode(item), itemPath, depth + 1, locate(asNode(item), itemPath, at), expanding);
      });
      return { kind: "list", items, at };
    }
    // A yaml Node is a scalar, an alias, a list or a mapping: what is left is a mapping.
    const entries = new Map<string, MapEntry>();
    for (const pair of node.items) {
      const keyNode = asNode(pair.key);
      const keyAt = locate(keyNode, path, at);
      const name = isScalar(keyNode) ? keyName(keyNode.value) : null;
      if (name === null) {
        complete = false;
        report(keyAt, "a key must be a plain name, not a list, a mapping, an alias or empty");
        continue;
      }
      const valuePath = [...path, name];
      keyAt.path = valuePath;
      if (FORBIDDEN_KEYS.has(name)) {
        report(keyAt, `key ${quote(name)} is not allowed`);
        continue;
      }
      const earlier = entries.get(name);
      if (earlier) {
        report(
          keyAt,
          `duplicate key ${quote(name)} (first at line ${earlier.keyAt.line}, column ${earlier.keyAt.col})`,
        );
        continue;
      }
      const valueNode = asNode(pair.value);
      entries.set(name, {
        keyAt,
        value: convert(valueNode, valuePath, depth + 1, locate(valueNode, valuePath, keyAt), expanding),
      });
    }
    return { kind: "map", entries, at };
  };

  const contents = document.contents;
  try {
    const root = convert(contents, [], 0, locate(contents, []), false);
    return { root, problems, complete };
  } catch (error) {
    if (error instanceof LimitExceeded) return { root: null, problems: [...problems, error.problem], complete: false };
    throw error;
  }
}

/** Plain data for the schema validator: mappings become prototype-less objects. */
export function toPlain(node: PolicyNode): unknown {
  switch (node.kind) {
    case "scalar":
      return node.value;
    case "list":
      return node.items.map(toPlain);
    case "map": {
      const object = Object.create(null) as Record<string, unknown>;
      for (const [key, entry] of node.entries) object[key] = toPlain(entry.value);
      return object;
    }
  }
}

/** Follows `path` as far as the tree goes: the deepest node reached and the segments left over. */
export function nodeAt(root: PolicyNode, path: readonly PropertyKey[]): { node: PolicyNode; rest: PropertyKey[] } {
  let node = root;
  for (let i = 0; i < path.length; i += 1) {
    const segment = path[i];
    const next =
      node.kind === "map" && typeof segment === "string"
        ? node.entries.get(segment)?.value
        : node.kind === "list" && typeof segment === "number"
          ? node.items[segment]
          : undefined;
    if (!next) return { node, rest: path.slice(i) };
    node = next;
  }
  return { node, rest: [] };
}

function asNode(value: unknown): Node | null {
  return isScalar(value) || isMap(value) || isSeq(value) || isAlias(value) ? value : null;
}

function keyName(value: unknown): string | null {
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  return null;
}

function scalarValue(value: unknown): ScalarValue {
  if (value === null || value === undefined) return null;
  if (typeof value === "string" || typeof value === "number" || typeof value === "boolean") return value;
  // eslint-disable-next-line @typescript-eslint/no-base-to-string -- the other YAML scalars (bigint, Date) print themselves; plain objects never reach here
  return String(value);
}

/** `organizations[0].email_domains[1]` */
export function pathText(path: readonly PropertyKey[]): string {
  return path.map((s, i) => (typeof s === "number" ? `[${s}]` : i === 0 ? String(s) : `.${String(s)}`)).join("");
}
