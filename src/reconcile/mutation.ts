// Reconcile, part two (GraphQL): PURE. Turn a plan into ONE GraphQL mutation document with an
// aliased field per write, so a flagged pull request costs one write request instead of four.
// GitHub runs a mutation's top-level fields one after another, in order, as the plan lists them.
//
// Input types, checked against GitHub's public schema:
//   addLabelsToLabelable / removeLabelsFromLabelable  {labelableId: ID!, labelIds: [ID!]!}
//   addComment                                         {subjectId: ID!, body: String!}
//   updateIssueComment                                 {id: ID!, body: String!}
//   deleteIssueComment                                 {id: ID!}
//   createCheckRun  {repositoryId: ID!, name: String!, headSha: GitObjectID!, status, conclusion,
//                    detailsUrl, externalId, output: CheckRunOutput, actions: [CheckRunAction!]}
//   updateCheckRun  {repositoryId: ID!, checkRunId: ID!, name, status, conclusion, detailsUrl,
//                    output, actions}
//   CheckRunOutput  {title: String!, summary: String!, text, annotations: [CheckAnnotationData!]}
//   CheckAnnotationData {path, location: {startLine, endLine, startColumn, endColumn},
//                        annotationLevel: NOTICE|WARNING|FAILURE, message}
//   Enums are upper case: status COMPLETED, conclusion SUCCESS|NEUTRAL|ACTION_REQUIRED|FAILURE.
//
// Each field takes its whole input as one variable ($i0, $i1, ...): no user text is ever spliced
// into the document. An operation whose node ids are unknown, and review requests (rare; no
// GraphQL equivalent that takes logins), are left for the REST executor.
import type { Annotation, CheckAction, CheckOutput, Operation } from "./plan.js";

/** The node ids a mutation may need, keyed the way the plan refers to things. */
export interface WriteIds {
  repository: string | null;
  pullRequest: string | null;
  /** Label node ids by lower-cased name. */
  labels: ReadonlyMap<string, string>;
  /** Comment node ids by REST id. */
  comments: ReadonlyMap<number, string>;
}

export interface MutationField {
  /** The field's alias in the document, e.g. "w0"; GraphQL errors name it in `path[0]`. */
  alias: string;
  op: Operation;
}

export interface BuiltMutation {
  /** Null when no operation goes through GraphQL. */
  query: string | null;
  variables: Record<string, unknown>;
  fields: MutationField[];
  /** Operations to carry out over REST instead, in plan order. */
  rest: Operation[];
}

export const MUTATION_NAME = "EthicsPolicyReconcile";

interface FieldSpec {
  field: string;
  inputType: string;
  input: Record<string, unknown>;
}

export function buildMutation(ops: readonly Operation[], ids: WriteIds): BuiltMutation {
  const fields: MutationField[] = [];
  const rest: Operation[] = [];
  const params: string[] = [];
  const selections: string[] = [];
  const variables: Record<string, unknown> = {};
  for (const op of ops) {
    const spec = fieldFor(op, ids);
    if (!spec) {
      rest.push(op);
      continue;
    }
    const i = fields.length;
    const alias = `w${i}`;
    params.push(`$i${i}: ${spec.inputType}!`);
    selections.push(`  ${alias}: ${spec.field}(input: $i${i}) { clientMutationId }`);
    variables[`i${i}`] = spec.input;
    fields.push({ alias, op });
  }
  const query = fields.length ? `mutation ${MUTATION_NAME}(${params.join(", ")}) {\n${selections.join("\n")}\n}` : null;
  return { query, variables, fields, rest };
}

function fieldFor(op: Operation, ids: WriteIds): FieldSpec | null {
  switch (op.kind) {
    case "add_label":
    case "remove_label": {
      const name = op.kind === "add_label" ? op.label.name : op.name;
      const labelId = ids.labels.get(name.toLowerCase());
      if (!ids.pullRequest || !labelId) return null;
      const input = { labelableId: ids.pullRequest, labelIds: [labelId] };
      return op.kind === "add_label"
        ? { field: "addLabelsToLabelable", inputType: "AddLabelsToLabelableInput", input }
        : { field: "removeLabelsFromLabelable", inputType: "RemoveLabelsFromLabelableInput", input };
    }
    case "create_comment":
      return ids.pullRequest
        ? { field: "addComment", inputType: "AddCommentInput", input: { subjectId: ids.pullRequest, body: op.body } }
        : null;
    case "update_comment": {
      const id = ids.comments.get(op.id);
      return id
        ? { field: "updateIssueComment", inputType: "UpdateIssueCommentInput", input: { id, body: op.body } }
        : null;
    }
    case "delete_comment": {
      const id = ids.comments.get(op.id);
      return id ? { field: "deleteIssueComment", inputType: "DeleteIssueCommentInput", input: { id } } : null;
    }
    case "create_check":
      if (!ids.repository) return null;
      return {
        field: "createCheckRun",
        inputType: "CreateCheckRunInput",
        input: {
          repositoryId: ids.repository,
          name: op.name,
          headSha: op.headSha,
          ...checkFields(op.output, op.detailsUrl),
          ...(op.externalId ? { externalId: op.externalId } : {}),
          ...(op.actions ? { actions: op.actions.map(checkAction) } : {}),
        },
      };
    case "update_check": {
      const checkRunId = op.nodeId;
      if (!ids.repository) return null;
      return {
        field: "updateCheckRun",
        inputType: "UpdateCheckRunInput",
        input: {
          repositoryId: ids.repository,
          checkRunId,
          name: op.name,
          ...checkFields(op.output, op.detailsUrl),
          ...(op.externalId ? { externalId: op.externalId } : {}),
          // An empty list removes the Approve button once it no longer applies.
          actions: (op.actions ?? []).map(checkAction),
        },
      };
    }
    case "request_reviewers":
      return null;
  }
}

function checkFields(output: CheckOutput, detailsUrl: string | undefined) {
  return {
    status: "COMPLETED",
    conclusion: output.conclusion.toUpperCase(),
    ...(detailsUrl ? { detailsUrl } : {}),
    output: {
      title: output.title,
      summary: output.summary,
      ...(output.text ? { text: output.text } : {}),
      ...(output.annotations?.length ? { annotations: output.annotations.map(annotation) } : {}),
    },
  };
}

function annotation(a: Annotation) {
  return {
    path: a.path,
    location: {
      startLine: a.start_line,
      endLine: a.end_line,
      ...(a.start_column !== undefined ? { startColumn: a.start_column } : {}),
      ...(a.end_column !== undefined ? { endColumn: a.end_column } : {}),
    },
    annotationLevel: a.annotation_level.toUpperCase(),
    message: a.message,
  };
}

const checkAction = (a: CheckAction) => ({ label: a.label, description: a.description, identifier: a.identifier });

/** The ids of a snapshot, in the shape `buildMutation` takes. */
export function writeIds(snapshot: {
  ids?: { repository: string | null; pullRequest: string | null; labels: { name: string; id: string }[] };
  current: {
    comment: { id: number; nodeId: string } | null;
    extraComments: { id: number; nodeId: string }[];
  };
}): WriteIds {
  const comments = new Map<number, string>();
  for (const c of [snapshot.current.comment, ...snapshot.current.extraComments])
    if (c?.nodeId) comments.set(c.id, c.nodeId);
  return {
    repository: snapshot.ids?.repository ?? null,
    pullRequest: snapshot.ids?.pullRequest ?? null,
    labels: new Map((snapshot.ids?.labels ?? []).map((l) => [l.name.toLowerCase(), l.id])),
    comments,
  };
}
