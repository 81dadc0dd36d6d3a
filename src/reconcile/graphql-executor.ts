// Reconcile, part two (GraphQL): carry out a plan in as few requests as GitHub allows. Every
// write the read gave us node ids for goes into ONE mutation (mutation.ts); a label the
// repository does not have yet is created first over REST (GraphQL cannot create labels without
// a preview header), and review requests stay on REST. A first flag is thus at most two write
// requests (label create only when missing + the mutation), a clear pull request one.
//
// No blind retries: the mutation, like REST comment and check-run creation, is sent with
// `request: { retries: 0 }` so Octokit's retry plugin cannot repeat a write GitHub may already
// have carried out (a 502 after the comment was posted would otherwise post it twice). A failed
// event is not lost: the next event for the pull request reads the state again and the plan
// completes what is missing, and deletes any duplicate comment (extraComments).
import type { PullRequestRef } from "../github/types.js";
import type { GitHubClient, RestClient } from "../github/client.js";
import { applyPlan } from "./apply.js";
import { buildMutation, type BuiltMutation, type WriteIds } from "./mutation.js";
import type { LabelSpec, Operation } from "./plan.js";
import { httpStatusOf } from "../github/http-status.js";

/** REST and GraphQL: Octokit's own types (see github/client.ts). */
export type GraphqlWriteClient = Pick<GitHubClient, "rest" | "graphql">;

export interface WriteLogger {
  warn(obj: object, msg?: string): void;
}

/** A mutation field GitHub refused, as logged: no message text (it may echo user content). */
export interface RefusedWrite {
  alias: string;
  kind: Operation["kind"];
  type: string;
}

/** Thrown when GitHub refused some of a mutation's writes; the others were carried out. */
export class PartialWriteError extends Error {
  constructor(
    readonly refused: RefusedWrite[],
    total: number,
  ) {
    super(
      `GitHub refused ${refused.length} of ${total} writes (${refused.map((r) => `${r.kind}: ${r.type}`).join(", ")}); the next event reconciles`,
    );
    this.name = "PartialWriteError";
  }
}

export async function applyPlanGraphql(
  client: GraphqlWriteClient,
  ref: PullRequestRef,
  ops: Operation[],
  ids: WriteIds,
  log?: WriteLogger,
): Promise<void> {
  if (ops.length === 0) return;
  const withLabels = await ensureLabels(client, ref, ops, ids);
  const built = buildMutation(ops, withLabels);
  if (built.query) await runMutation(client, built, log);
  if (built.rest.length) await applyPlan(client, ref, built.rest);
}

/** Node ids for labels the plan adds but the read did not find in the repository: created over REST. */
async function ensureLabels(
  client: RestClient,
  ref: PullRequestRef,
  ops: Operation[],
  ids: WriteIds,
): Promise<WriteIds> {
  const missing = ops.flatMap((op) =>
    op.kind === "add_label" && !ids.labels.has(op.label.name.toLowerCase()) ? [op.label] : [],
  );
  if (missing.length === 0) return ids;
  const labels = new Map(ids.labels);
  for (const spec of missing) {
    const id = await createOrFindLabel(client, ref, spec);
    if (id) labels.set(spec.name.toLowerCase(), id);
  }
  return { ...ids, labels };
}

const nodeIdOf = (response: unknown): string | null => {
  const id = (response as { data?: { node_id?: unknown } } | undefined)?.data?.node_id;
  return typeof id === "string" && id ? id : null;
};

async function createOrFindLabel(client: RestClient, ref: PullRequestRef, spec: LabelSpec): Promise<string | null> {
  const { owner, repo } = ref;
  try {
    return nodeIdOf(await client.rest.issues.createLabel({ owner, repo, ...spec }));
  } catch (error) {
    // 422: it exists after all (another replica, or a name differing only in case): look it up.
    if (httpStatusOf(error) !== 422) throw error;
    return nodeIdOf(await client.rest.issues.getLabel({ owner, repo, name: spec.name }));
  }
}

interface GraphqlFailure {
  errors?: { type?: string; path?: (string | number)[] }[];
  data?: unknown;
}

async function runMutation(
  client: GraphqlWriteClient,
  built: BuiltMutation,
  log: WriteLogger | undefined,
): Promise<void> {
  try {
    await client.graphql(built.query as string, { ...built.variables, request: { retries: 0 } });
  } catch (error) {
    const { errors } = error as GraphqlFailure;
    if (!Array.isArray(errors) || errors.length === 0) throw error;
    const refused = refusedWrites(built, errors);
    if (refused.length === 0) return;
    log?.warn({ refused, writes: built.fields.length }, "GitHub refused some writes of the reconcile mutation");
    throw new PartialWriteError(refused, built.fields.length);
  }
}

/**
 * The writes that failed, leaving out those whose failure means "already so": deleting a comment
 * or removing a label that is gone. An error naming no field fails every write.
 */
export function refusedWrites(built: BuiltMutation, errors: NonNullable<GraphqlFailure["errors"]>): RefusedWrite[] {
  const refused: RefusedWrite[] = [];
  for (const error of errors) {
    const type = error.type ?? "UNKNOWN";
    const fields = built.fields.filter((f) => f.alias === error.path?.[0]);
    for (const field of fields.length ? fields : built.fields) {
      const alreadySo =
        type === "NOT_FOUND" && (field.op.kind === "delete_comment" || field.op.kind === "remove_label");
      if (!alreadySo && !refused.some((r) => r.alias === field.alias))
        refused.push({ alias: field.alias, kind: field.op.kind, type });
    }
  }
  return refused;
}
