// POST /graphql mutations: the writes the app batches into one document (src/reconcile/mutation.ts),
// answered statefully by REUSING the REST routes (rest.ts), so both executors change the same
// state through the same validation. Fields run in document order, as GitHub runs a mutation's
// top-level fields. A field that fails is null in `data` with an error whose path is its alias;
// the fields after it still run (GitHub's behaviour too).
//
// Understood fields (each `alias: field(input: $var) { ... }`, the whole input one variable):
// addLabelsToLabelable, removeLabelsFromLabelable, addComment, updateIssueComment,
// deleteIssueComment, createCheckRun, updateCheckRun. Enum values must be upper case, as GitHub
// requires; node ids are those the stand-in hands out (node-ids.ts, comments' `IC_…`).
import type { GraphqlError, GraphqlReply } from "./graphql.js";
import { decodeNodeId } from "./node-ids.js";
import { routeRest, type Reply, type RestContext } from "./rest.js";
import type { StandinState } from "./state.js";
import type { StandinComment, StandinPullRequest, StandinRepo } from "./types.js";

export interface MutationContext {
  /** The document, to find its fields. */
  query: string;
  appId: number;
  baseUrl: string;
}

type Vars = Record<string, unknown>;

interface FieldCall {
  alias: string;
  field: string;
  variable: string;
}

/** Whether the document is a mutation (the stand-in's reads are all named queries). */
export function isMutation(query: string): boolean {
  return /^\s*mutation\b/.test(query.replace(/^\s*#[^\n]*\n/gm, ""));
}

/** `alias: field(input: $var)` selections at the top level of the document. */
export function mutationFields(query: string): FieldCall[] {
  const body = query.slice(query.indexOf("{") + 1);
  return [...body.matchAll(/(?:([_A-Za-z]\w*)\s*:\s*)?([_A-Za-z]\w*)\s*\(\s*input\s*:\s*\$([_A-Za-z]\w*)\s*\)/g)].map(
    (m) => ({
      alias: m[1] ?? (m[2] as string),
      field: m[2] as string,
      variable: m[3] as string,
    }),
  );
}

type FieldResult = { data: unknown } | { error: Omit<GraphqlError, "path"> };

export function answerMutation(state: StandinState, variables: Vars, context: MutationContext): GraphqlReply {
  const calls = mutationFields(context.query);
  if (calls.length === 0)
    return {
      data: null,
      errors: [{ message: "The GitHub stand-in found no `field(input: $var)` selection in this mutation." }],
    };
  const data: Record<string, unknown> = {};
  const errors: GraphqlError[] = [];
  const writer = new Writer(state, context);
  for (const call of calls) {
    const input = record(variables[call.variable]);
    const result = writer.run(call.field, input);
    if ("error" in result) {
      data[call.alias] = null;
      errors.push({ ...result.error, path: [call.alias] });
    } else {
      data[call.alias] = result.data;
    }
  }
  return errors.length ? { data, errors } : { data };
}

const record = (value: unknown): Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
const str = (value: unknown): string | null => (typeof value === "string" ? value : null);

const notFound = (what: string): FieldResult => ({
  error: { type: "NOT_FOUND", message: `Could not resolve to a node with the global id of '${what}'` },
});
const invalid = (message: string): FieldResult => ({ error: { type: "UNPROCESSABLE", message } });
const PAYLOAD = { data: { clientMutationId: null } };
const ENUM = /^[A-Z][A-Z_]*$/;

class Writer {
  constructor(
    private readonly state: StandinState,
    private readonly context: MutationContext,
  ) {}

  run(field: string, input: Record<string, unknown>): FieldResult {
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
      default:
        return { error: { message: `Field '${field}' doesn't exist on type 'Mutation' (in the GitHub stand-in)` } };
    }
  }

  /** The REST route's answer, as a field result: 2xx is the payload, anything else an error. */
  private rest(method: string, path: string, body?: unknown): FieldResult {
    const ctx: Omit<RestContext, "params"> = {
      state: this.state,
      query: new URLSearchParams(),
      body,
      appId: this.context.appId,
      baseUrl: this.context.baseUrl,
    };
    const reply: Reply | null = routeRest(method, path, ctx);
    if (!reply) return { error: { message: `stand-in: no REST route for ${method} ${path}` } };
    if (reply.status >= 200 && reply.status < 300) return PAYLOAD;
    const message = str(record(reply.body).message) ?? `HTTP ${reply.status}`;
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
    if (add) return this.rest("POST", base, { labels: names });
    for (const name of names) {
      // Removing a label the pull request does not have is no error in GraphQL.
      if (pr.labels.some((l) => l.toLowerCase() === name.toLowerCase())) this.rest("DELETE", `${base}/${enc(name)}`);
    }
    return PAYLOAD;
  }

  private addComment(input: Record<string, unknown>): FieldResult {
    const pr = this.pull(input.subjectId);
    if (!pr) return notFound(String(input.subjectId));
    return this.rest("POST", `/repos/${enc(pr.owner)}/${enc(pr.repo)}/issues/${pr.number}/comments`, {
      body: input.body,
    });
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
    return update ? this.rest("PATCH", path, { body: input.body }) : this.rest("DELETE", path);
  }

  private checkRun(create: boolean, input: Record<string, unknown>): FieldResult {
    const repo = this.repo(input.repositoryId);
    if (!repo) return notFound(String(input.repositoryId));
    for (const key of ["status", "conclusion"] as const) {
      if (input[key] !== undefined && !ENUM.test(shown(input[key]))) {
        return invalid(
          `Variable $input of type ${create ? "Create" : "Update"}CheckRunInput! was provided invalid value for ${key} (Expected "${shown(input[key])}" to be one of the enum's upper-case values)`,
        );
      }
    }
    const levels = (
      Array.isArray(record(input.output).annotations) ? (record(input.output).annotations as unknown[]) : []
    ).map((a) => String(record(a).annotationLevel));
    if (levels.some((level) => !ENUM.test(level)))
      return invalid("CheckAnnotationData.annotationLevel must be NOTICE, WARNING or FAILURE");
    const body = restCheckBody(input);
    const base = `/repos/${enc(repo.owner)}/${enc(repo.name)}/check-runs`;
    if (create) return this.rest("POST", base, { ...body, name: input.name, head_sha: input.headSha });
    const decoded = decodeNodeId(input.checkRunId);
    const run =
      decoded?.type === "CR"
        ? this.state.checkRunsOf(repo.owner, repo.name).find((r) => String(r.id) === decoded.parts[0])
        : undefined;
    if (!run) return notFound(String(input.checkRunId));
    return this.rest("PATCH", `${base}/${run.id}`, body);
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
