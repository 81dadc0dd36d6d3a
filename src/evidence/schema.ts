// Validation of evidence JSON read from outside (the CLI's --evidence). Lenient where GitHub is
// (nulls, missing optional fields, extra fields), strict where evaluation needs a shape.
import { z } from "zod";
import type { Evidence } from "./types.js";

const nullableText = z
  .string()
  .nullable()
  .optional()
  .transform((v) => v ?? null);

const profile = z.looseObject({
  login: z.string().min(1),
  type: z.string().default("User"),
  company: nullableText,
  bio: nullableText,
  email: nullableText,
  blog: nullableText,
  organizations: z.array(z.string()).default([]),
  teams: z.array(z.string()).optional(),
});

const person = z.looseObject({ name: nullableText, email: nullableText, login: nullableText });

const evidenceSchema = z.looseObject({
  author: profile,
  users: z.record(z.string(), profile).default({}),
  commits: z
    .array(z.looseObject({ sha: z.string(), message: z.string().default(""), author: person, committer: person }))
    .default([]),
  commits_truncated: z.boolean().optional(),
  commits_total: z.number().int().nonnegative().optional(),
});

export type EvidenceCheck = { ok: true; evidence: Evidence } | { ok: false; errors: string[] };

export function parseEvidence(value: unknown): EvidenceCheck {
  const result = evidenceSchema.safeParse(value);
  if (result.success) return { ok: true, evidence: result.data };
  return {
    ok: false,
    errors: result.error.issues.slice(0, 20).map((i) => `${i.path.length ? i.path.join(".") : "(root)"}: ${i.message}`),
  };
}
