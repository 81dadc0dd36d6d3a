// Turns the schema validator's issues into problems a maintainer can act on: each says what was
// expected, at the line and column where the offending value (or unknown key) was written.
import type * as z from "zod";
import { nodeAt, pathText, type PolicyNode } from "./policy-tree.js";
import { quote, type PolicyProblem } from "./problem.js";
import { suggestKey } from "./suggest.js";

type Issue = z.core.$ZodIssue;

/**
 * Messages for the issues the schema does not word itself, without the path, which is added where
 * the issue is located. Passed to `safeParse`, so messages written in the schema take precedence.
 */
export const policyErrorMap: z.core.$ZodErrorMap = (issue) => {
  switch (issue.code) {
    case "invalid_type":
      return issue.input === undefined
        ? "is required"
        : `must be ${describeType(issue.expected)}${received(issue.input)}`;
    case "invalid_value":
      return `must be ${oneOf(issue.values)}`;
    case "too_small":
      if (issue.origin === "array") return `must have at least ${items(issue.minimum)}`;
      return issue.origin === "string" ? `must be at least ${Number(issue.minimum)} characters` : undefined;
    case "too_big":
      if (issue.origin === "array") return `may have at most ${items(issue.maximum)}`;
      return issue.origin === "string" ? `must be at most ${Number(issue.maximum)} characters` : undefined;
    case "invalid_format":
      return "has the wrong format";
    case "invalid_union":
      return "has the wrong type";
    default:
      return undefined;
  }
};

/** Any of zod's own schema classes: their definitions are told apart by `def.type`. */
type Schema = z.core.$ZodTypes;

export function schemaProblems(issues: readonly Issue[], root: PolicyNode, schema: Schema): PolicyProblem[] {
  const problems: PolicyProblem[] = [];
  const push = (node: PolicyNode, path: readonly PropertyKey[], message: string, at = node.at) =>
    problems.push({ file: at.file, line: at.line, col: at.col, message: withPath(path, message) });

  const add = (issue: Issue, base: readonly PropertyKey[]) => {
    const path = [...base, ...issue.path];
    if (issue.code === "invalid_union") {
      const branch = intendedBranch(issue.errors);
      if (branch) {
        for (const inner of branch) add(inner, path);
        return;
      }
    }
    const { node, rest } = nodeAt(root, path);
    const [missing] = rest;
    if (issue.code === "unrecognized_keys" && rest.length === 0 && node.kind === "map") {
      const valid = keysAt(schema, path);
      for (const key of issue.keys) {
        const suggestion = suggestKey(key, valid);
        const entry = node.entries.get(key);
        push(
          node,
          node.at.path,
          `unknown key ${quote(key)}${suggestion ? `; did you mean ${JSON.stringify(suggestion)}?` : ""}`,
          entry?.keyAt,
        );
      }
    } else if (rest.length === 1 && typeof missing === "string" && node.kind === "map") {
      push(node, node.at.path, `missing required key ${JSON.stringify(missing)}`);
    } else {
      push(node, [...node.at.path, ...rest], issue.message + valueHint(node, issue));
    }
  };

  for (const issue of issues) add(issue, []);
  return problems;
}

/**
 * When a value matches no alternative of a union, the alternative it was evidently written for:
 * the only one it does not fail at the very top with the wrong type, e.g. a `{login}` mapping with
 * a misspelt `until` is a user entry mapping, not a mistyped login.
 */
function intendedBranch(branches: Issue[][]): Issue[] | null {
  const plausible = branches.filter(
    (issues) => !issues.every((i) => i.path.length === 0 && (i.code === "invalid_type" || i.code === "invalid_value")),
  );
  return plausible.length === 1 ? plausible[0]! : null;
}

/**
 * YAML reads `1e3`, `007` or `true` as a number or boolean, and `"1"` as text; when the other was
 * meant, say how to write it. (Also notes an empty value where a union's message would not.)
 */
function valueHint(node: PolicyNode, issue: Issue): string {
  if (node.kind !== "scalar") return "";
  if (node.value === null && issue.code === "invalid_union") return ", but is empty";
  if (typeof node.value === "number" || typeof node.value === "boolean") {
    const wantsText =
      (issue.code === "invalid_type" && issue.expected === "string") ||
      (issue.code === "invalid_union" &&
        issue.errors.some((b) => b.some((i) => i.code === "invalid_type" && i.expected === "string")));
    return wantsText ? `; to mean the text, quote it: ${quote(node.source ?? String(node.value))}` : "";
  }
  if (typeof node.value === "string" && issue.code === "invalid_value") {
    const text = node.value;
    const unquoted = issue.values.find((v) => typeof v !== "string" && String(v) === text);
    return unquoted === undefined ? "" : `; write it without quotes: ${String(unquoted)}`;
  }
  return "";
}

function withPath(path: readonly PropertyKey[], message: string): string {
  const text = pathText(path);
  return text ? `${text}: ${message}` : message;
}

function keysAt(schema: Schema, path: readonly PropertyKey[]): string[] {
  let candidates = unwrap(schema);
  for (const segment of path) {
    candidates = candidates.flatMap((s) => {
      const def = s._zod.def;
      if (def.type === "object" && typeof segment === "string" && Object.hasOwn(def.shape, segment))
        return unwrap(def.shape[segment] as Schema);
      if (def.type === "array" && typeof segment === "number") return unwrap(def.element as Schema);
      return [];
    });
  }
  const keys = candidates.flatMap((s) => (s._zod.def.type === "object" ? Object.keys(s._zod.def.shape) : []));
  return [...new Set(keys)];
}

/** The schemas a value is really checked against, looking through defaults, optionals and unions. */
function unwrap(schema: Schema): Schema[] {
  const def = schema._zod.def;
  if (def.type === "union") return def.options.flatMap((option) => unwrap(option as Schema));
  if (def.type === "pipe") return unwrap(def.in as Schema);
  if ("innerType" in def) return unwrap(def.innerType as Schema);
  return [schema];
}

function describeType(expected: string): string {
  switch (expected) {
    case "string":
      return "text";
    case "boolean":
      return "true or false";
    case "array":
      return "a list";
    case "object":
      return "a mapping (key: value lines)";
    case "number":
      return "a number";
    default:
      return `a ${expected}`;
  }
}

function received(input: unknown): string {
  if (input === null) return ", but is empty";
  if (Array.isArray(input)) return ", not a list";
  if (typeof input === "object") return ", not a mapping";
  if (typeof input === "string") return ", not text";
  if (typeof input === "boolean") return `, not ${String(input)}`;
  if (typeof input === "number") return ", not a number";
  return "";
}

function oneOf(values: readonly unknown[]): string {
  const shown = values.map((v) => JSON.stringify(v));
  return shown.length <= 2 ? shown.join(" or ") : `one of ${shown.join(", ")}`;
}

function items(count: number | bigint): string {
  return Number(count) === 1 ? "1 item" : `${Number(count)} items`;
}
