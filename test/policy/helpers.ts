// Shared by the policy tests: problems as "LINE:COL: message" lines, the way a reader checks them.
import type { ParseResult } from "../../src/policy/parse.js";

export function problemLines(result: ParseResult, withFile = false): string[] {
  if (result.ok) return [];
  return result.problems.map((p) => `${withFile ? `${p.file}:` : ""}${p.line}:${p.col}: ${p.message}`);
}

/** The shortest valid policy, for tests that add one thing to it. */
export const MINIMAL = "version: 1\norganizations:\n  - name: Palantir Technologies\n";
