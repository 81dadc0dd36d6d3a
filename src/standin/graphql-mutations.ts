// GraphQL mutations: the writes the app batches into one document (src/reconcile/mutation.ts),
// carried out by REUSING the REST routes (rest.ts), so both APIs change the same state through the
// same checks and documented limits. graphql.ts executes the document against GitHub's schema
// (which has already checked every field, input type and enum); these are the Mutation fields'
// resolvers. GitHub runs a mutation's top-level fields in order; a field that fails is null in
// `data` with an error whose path is its alias, and the fields after it still run.
import {
  checkRunModel,
  commentModel,
  pullRequestModel,
  typedError,
  type GraphqlContext,
  type Model,
} from "./graphql-model.js";
import { decodeNodeId } from "./node-ids.js";
import { routeRest, type Reply, type RestContext } from "./rest.js";
import type { StandinState } from "./state.js";
import type { StandinComment, StandinPullRequest, StandinRepo } from "./types.js";

/** Whether the document is a mutation (used before it is parsed, for the request log). */
export function isMutation(query: string): boolean {
  return /^\s*mutation\b/.test(query.replace(/^\s*#[^\n]*\n/gm, ""));
}

type FieldResult = { data: unknown } | { error: { type: string; message: string } };

const record = (value: unknown): Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
const str = (value: unknown): string | null => (typeof value === "string" ? value : null);

const notFound = (what: string): FieldResult => ({
  error: { type: "NOT_FOUND", message: `Could not resolve to a node with the global id of '${what}'` },
});
const invalid = (message: string): FieldResult => ({ error: { type: "UNPROCESSABLE", message } });

const MUTATION_FIELDS = [
  "addLabelsToLabelable",
  "removeLabelsFromLabelable",
  "addComment",
  "updateIssueComment",
  "deleteIssueComment",
  "createCheckRun",
  "updateCheckRun",
] as const;

/** The Mutation root: each field runs its write and answers the payload, or throws GitHub's error. */
export function mutationRoot(ctx: GraphqlContext): Model {
  const writer = new Writer(ctx.state, ctx);
  const root: Model = { __typename: "Mutation" };
  for (const field of MUTATION_FIELDS) {
    root[field] = ({ input }: Record<string, unknown>) => {
      const fields = record(input);
      const result = writer.run(field, fields);
      if ("error" in result) throw typedError(result.error.type, result.error.message);
      return { clientMutationId: str(fields.clientMutationId), ...record(result.data) };
    };
  }
  return root;
}

class Writer {
  constructor(
    private readonly state: StandinState,
    private readonly context: GraphqlContext,
  ) {}

  run(field: (typeof MUTATION_FIELDS)[number], input: Record<string, unknown>): FieldResult {
    switch (field) {
      case "addLabelsToLabelable":
      case "removeLabelsFromLabelable":
        return this.labels(field === "addLabelsToLabelable", input);
      case "addComment":
        return this.addComment(input);
      case "updateIssueComment":
      case "deleteIssueComment":
        return this.editComment(field === "updateIssueComment", input);
      case "createCheckRun":
      case "updateCheckRun":
        return this.checkRun(field === "createCheckRun", input);
    }
  }

  /** The REST route's answer: 2xx is the reply body, anything else GitHub's error for the field. */
  private rest(method: string, path: string, body?: unknown): FieldResult {
    const ctx: Omit<RestContext, "params"> = {
      state: this.state,
      query: new URLSearchParams(),
      body,
      appId: this.context.appId,
      baseUrl: this.context.baseUrl,
    };
    const reply: Reply | null = routeRest(method, path, ctx);
    if (!reply) throw new Error(`stand-in: no REST route for ${method} ${path}`);
    if (reply.status >= 200 && reply.status < 300) return { data: reply.body };
    if (reply.brokenLimit) this.context.brokenLimits?.push(reply.brokenLimit);
    const fromErrors = Array.isArray(record(reply.body).errors)
      ? str(record((record(reply.body).errors as unknown[])[0]).message)
      : null;
    const message = fromErrors ?? str(record(reply.body).message) ?? `HTTP ${reply.status}`;
    return reply.status === 404 ? { error: { type: "NOT_FOUND", message } } : invalid(message);
  }

  private pull(id: unknown): StandinPullRequest | null {
    const decoded = decodeNodeId(id);
    if (decoded?.type !== "PR") return null;
    const [owner = "", repo = "", number = ""] = decoded.parts;
    return this.state.pullRequest(owner, repo, Number(number)) ?? null;
  }

  private repo(id: unknown): StandinRepo | null {
    const decoded = decodeNodeId(id);
    if (decoded?.type !== "R") return null;
    const [owner = "", name = ""] = decoded.parts;
    return this.state.repo(owner, name) ?? null;
  }

  private labels(add: boolean, input: Record<string, unknown>): FieldResult {
    const pr = this.pull(input.labelableId);
    if (!pr) return notFound(String(input.labelableId));
    const repo = this.state.repo(pr.owner, pr.repo) as StandinRepo;
    const ids = Array.isArray(input.labelIds) ? input.labelIds : [];
    const names: string[] = [];
    for (const id of ids) {
      const decoded = decodeNodeId(id);
      const name =
        decoded?.type === "LA" &&
        decoded.parts[0] === repo.owner.toLowerCase() &&
        decoded.parts[1] === repo.name.toLowerCase()
          ? decoded.parts[2]
          : undefined;
      // Unlike REST, GraphQL never creates a label: it must exist in the repository.
      const label = name === undefined ? undefined : repo.labels.find((l) => l.name.toLowerCase() === name);
      if (!label) return notFound(String(id));
      names.push(label.name);
    }
    const base = `/repos/${enc(repo.owner)}/${enc(repo.name)}/issues/${pr.number}/labels`;
    const payload = { data: { labelable: pullRequestModel(this.context, pr) } };
    if (add) {
      const added = this.rest("POST", base, { labels: names });
      return "error" in added ? added : payload;
    }
    for (const name of names) {
      // Removing a label the pull request does not have is no error in GraphQL.
      if (pr.labels.some((l) => l.toLowerCase() === name.toLowerCase())) this.rest("DELETE", `${base}/${enc(name)}`);
    }
    return payload;
  }

  private addComment(input: Record<string, unknown>): FieldResult {
    const pr = this.pull(input.subjectId);
    if (!pr) return notFound(String(input.subjectId));
    const result = this.rest("POST", `/repos/${enc(pr.owner)}/${enc(pr.repo)}/issues/${pr.number}/comments`, {
      body: input.body,
    });
    if ("error" in result) return result;
    const comment = pr.comments.find((c) => c.id === record(result.data).id);
    const node = comment ? commentModel(this.context, pr, comment) : null;
    return {
      data: {
        commentEdge: node && { cursor: Buffer.from(`cursor:${pr.comments.length}`).toString("base64"), node },
        subject: pullRequestModel(this.context, pr),
        timelineEdge: node && { cursor: Buffer.from(`cursor:${pr.comments.length}`).toString("base64"), node },
      },
    };
  }

  private findComment(id: unknown): { pr: StandinPullRequest; comment: StandinComment } | null {
    for (const pr of this.state.pulls.values()) {
      const comment = pr.comments.find((c) => c.nodeId === id);
      if (comment) return { pr, comment };
    }
    return null;
  }

  private editComment(update: boolean, input: Record<string, unknown>): FieldResult {
    const found = this.findComment(input.id);
    if (!found) return notFound(String(input.id));
    const path = `/repos/${enc(found.pr.owner)}/${enc(found.pr.repo)}/issues/comments/${found.comment.id}`;
    if (!update) return this.rest("DELETE", path);
    const result = this.rest("PATCH", path, { body: input.body });
    return "error" in result ? result : { data: { issueComment: commentModel(this.context, found.pr, found.comment) } };
  }

  private checkRun(create: boolean, input: Record<string, unknown>): FieldResult {
    const repo = this.repo(input.repositoryId);
    if (!repo) return notFound(String(input.repositoryId));
    const body = restCheckBody(input);
    const base = `/repos/${enc(repo.owner)}/${enc(repo.name)}/check-runs`;
    let result: FieldResult;
    if (create) {
      result = this.rest("POST", base, { ...body, name: input.name, head_sha: input.headSha });
    } else {
      const decoded = decodeNodeId(input.checkRunId);
      const run =
        decoded?.type === "CR"
          ? this.state.checkRunsOf(repo.owner, repo.name).find((r) => String(r.id) === decoded.parts[0])
          : undefined;
      if (!run) return notFound(String(input.checkRunId));
      result = this.rest("PATCH", `${base}/${run.id}`, body);
    }
    if ("error" in result) return result;
    const id = record(result.data).id;
    const run = this.state.checkRunsOf(repo.owner, repo.name).find((r) => r.id === id);
    return { data: { checkRun: run ? checkRunModel(this.context, run) : null } };
  }
}

const enc = encodeURIComponent;

/** A GraphQL check run input in the REST spelling the REST route takes. */
function restCheckBody(input: Record<string, unknown>): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  if (input.name !== undefined) body.name = input.name;
  if (typeof input.status === "string") body.status = input.status.toLowerCase();
  if (typeof input.conclusion === "string") body.conclusion = input.conclusion.toLowerCase();
  if (input.detailsUrl !== undefined) body.details_url = input.detailsUrl;
  if (input.externalId !== undefined) body.external_id = input.externalId;
  if (input.actions !== undefined) body.actions = input.actions;
  if (input.output !== undefined) {
    const output = record(input.output);
    body.output = {
      title: output.title,
      summary: output.summary,
      ...(output.text !== undefined ? { text: output.text } : {}),
      ...(Array.isArray(output.annotations)
        ? {
            annotations: output.annotations.map((a) => {
              const annotation = record(a);
              const location = record(annotation.location);
              return {
                path: annotation.path,
                start_line: location.startLine,
                end_line: location.endLine,
                ...(location.startColumn !== undefined ? { start_column: location.startColumn } : {}),
                ...(location.endColumn !== undefined ? { end_column: location.endColumn } : {}),
                annotation_level: shown(annotation.annotationLevel ?? "").toLowerCase(),
                message: annotation.message,
              };
            }),
          }
        : {}),
    };
  }
  return body;
}

/** A GraphQL input value as text: a string as it is, anything else as JSON. */
function shown(value: unknown): string {
  return typeof value === "string" ? value : (JSON.stringify(value) ?? "");
}
