// Validation of evidence JSON read from outside (the CLI's --evidence). Lenient where GitHub is
// (nulls, missing optional fields), strict about keys: a misspelt key ("compnay") would otherwise
// be dropped silently and the evidence judged without it. Every problem names its JSON path.
import * as z from "zod";
import { suggestKey } from "../policy/suggest.js";
import type { Evidence } from "./types.js";

const nullableText = z
  .string()
  .nullable()
  .optional()
  .transform((v) => v ?? null);

const profile = z.strictObject({
  login: z.string().min(1),
  type: z.string().default("User"),
  company: nullableText,
  bio: nullableText,
  email: nullableText,
  blog: nullableText,
  organizations: z.array(z.string()).default([]),
  teams: z.array(z.string()).optional(),
});

const person = z.strictObject({ name: nullableText, email: nullableText, login: nullableText });

const evidenceSchema = z.strictObject({
  /** An editor's JSON Schema reference; ignored. */
  $schema: z.string().optional(),
  author: profile,
  users: z.record(z.string(), profile).default({}),
  commits: z
    .array(z.strictObject({ sha: z.string(), message: z.string().default(""), author: person, committer: person }))
    .default([]),
  commits_truncated: z.boolean().optional(),
  commits_total: z.number().int().nonnegative().optional(),
});

export type EvidenceCheck = { ok: true; evidence: Evidence } | { ok: false; errors: string[] };

const MAX_REPORTED = 20;

export function parseEvidence(value: unknown): EvidenceCheck {
  const result = evidenceSchema.safeParse(value);
  if (result.success) {
    const { $schema: _ignored, ...evidence } = result.data;
    return { ok: true, evidence };
  }
  const errors: string[] = [];
  for (const issue of result.error.issues) {
    if (issue.code === "unrecognized_keys") {
      const known = keysAt(evidenceSchema, issue.path);
      for (const key of issue.keys) {
        const guess = suggestKey(key, known);
        errors.push(`${jsonPath([...issue.path, key])}: unknown key${guess ? ` (did you mean "${guess}"?)` : ""}`);
      }
    } else errors.push(`${jsonPath(issue.path)}: ${issue.message}`);
  }
  return {
    ok: false,
    errors:
      errors.length > MAX_REPORTED
        ? [...errors.slice(0, MAX_REPORTED), `…and ${errors.length - MAX_REPORTED} more`]
        : errors,
  };
}

/** `$.commits[0].author.email`, with keys that are not identifiers quoted: `$.users["a b"]`. */
export function jsonPath(path: readonly PropertyKey[]): string {
  return `$${path
    .map((p) =>
      typeof p === "number"
        ? `[${p}]`
        : /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(String(p))
          ? `.${String(p)}`
          : `[${JSON.stringify(String(p))}]`,
    )
    .join("")}`;
}

/** The keys the schema allows for the object at `path`, read from the schema itself. */
function keysAt(schema: z.ZodType, path: readonly PropertyKey[]): string[] {
  let current: z.ZodType | undefined = unwrap(schema);
  for (const step of path) {
    if (current instanceof z.ZodObject) current = (current.shape as Record<string, z.ZodType>)[String(step)];
    else if (current instanceof z.ZodArray) current = current.element as z.ZodType;
    else if (current instanceof z.ZodRecord) current = current.valueType as z.ZodType;
    else return [];
    current = current && unwrap(current);
  }
  return current instanceof z.ZodObject ? Object.keys(current.shape) : [];
}

function unwrap(schema: z.ZodType): z.ZodType {
  let s = schema;
  for (;;) {
    if (s instanceof z.ZodDefault || s instanceof z.ZodOptional || s instanceof z.ZodNullable)
      s = s.unwrap() as z.ZodType;
    else if (s instanceof z.ZodPipe) s = s.in as z.ZodType;
    else return s;
  }
}
