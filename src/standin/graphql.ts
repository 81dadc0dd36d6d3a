// POST /graphql: each document is parsed, validated and EXECUTED with graphql-js against GitHub's
// published schema (@octokit/graphql-schema), with resolvers over StandinState (graphql-model.ts,
// graphql-mutations.ts). So an unknown field, a wrong argument, type or enum, a missing or
// mistyped variable, or a page larger than GitHub allows fails as on GitHub: HTTP 200 with
// `errors: [{message, locations, ...}]` and no data. Field failures (a repository that is not
// there) are null in `data` with an error carrying GitHub's `type` and `path`. GitHub's server is
// graphql-ruby, so the most common messages are given in its words. No I/O.
import {
  execute,
  getOperationAST,
  GraphQLError,
  getNamedType,
  getVariableValues,
  isScalarType,
  Kind,
  OperationTypeNode,
  parse,
  print,
  validate,
  type DocumentNode,
  type ExecutionResult,
  type GraphQLFieldResolver,
  type GraphQLTypeResolver,
} from "graphql";
import { isMutation, mutationRoot } from "./graphql-mutations.js";
import {
  FIELD_NAME,
  nodeById,
  repositoryModel,
  typedError,
  userRoot,
  type GraphqlContext,
  type Model,
} from "./graphql-model.js";
import { githubGraphqlSchema } from "./published-schemas.js";

/** One error as GitHub sends it. */
export interface GraphqlError {
  type?: string;
  path?: (string | number)[];
  locations?: { line: number; column: number }[];
  extensions?: Record<string, unknown>;
  message: string;
}

export interface GraphqlReply {
  data?: unknown;
  errors?: GraphqlError[];
}

/** The operation name in a query text: `query Name(` or `mutation Name {` (for logs before parsing). */
export function operationNameOf(query: string): string | undefined {
  return /(?:^|[\s}])(?:query|mutation)\s+([_A-Za-z][_0-9A-Za-z]*)/.exec(query)?.[1];
}

const INT_MAX = 2 ** 31 - 1;

/**
 * Resolves a field from the model object: a member that is a function is called with the
 * arguments. A member the stand-in does not provide is an error, never a made-up answer.
 */
const fieldResolver: GraphQLFieldResolver<unknown, GraphqlContext> = (source, args, _ctx, info) => {
  const value = (source as Record<string, unknown> | null)?.[info.fieldName];
  if (value === undefined) {
    throw new GraphQLError(
      `The GitHub stand-in does not serve ${info.parentType.name}.${info.fieldName}; add it to src/standin/graphql-model.ts.`,
    );
  }
  const result: unknown =
    typeof value === "function" ? (value as (a: unknown) => unknown)({ ...args, [FIELD_NAME]: info.fieldName }) : value;
  // GitHub's `Int` is 32-bit: graphql-ruby refuses to send a larger value (IntegerEncodingError).
  const named = getNamedType(info.returnType);
  if (isScalarType(named) && named.name === "Int" && typeof result === "number" && Math.abs(result) > INT_MAX) {
    const path: (string | number)[] = [];
    for (let p: typeof info.path | undefined = info.path; p; p = p.prev) path.unshift(p.key);
    throw typedError(
      "INTEGER_OVERFLOW",
      `Integer out of bounds: ${result} @ ${path.join(".")} (${info.parentType.name}.${info.fieldName}). Consider using ID or GraphQL::Types::BigInt instead.`,
    );
  }
  return result;
};

const typeResolver: GraphQLTypeResolver<unknown, GraphqlContext> = (value) =>
  (value as { __typename?: string } | null)?.__typename;

function queryRoot(ctx: GraphqlContext): Model {
  return {
    __typename: "Query",
    repository: ({ owner, name }: Record<string, unknown>) => {
      const repo = ctx.state.repo(String(owner), String(name));
      if (!repo)
        throw typedError(
          "NOT_FOUND",
          `Could not resolve to a Repository with the name '${String(owner)}/${String(name)}'.`,
        );
      return repositoryModel(ctx, repo.owner, repo.name);
    },
    user: ({ login }: Record<string, unknown>) => userRoot(ctx, String(login)),
    node: ({ id }: Record<string, unknown>) => nodeById(ctx, String(id)),
    viewer: () => {
      throw typedError("FORBIDDEN", "Resource not accessible by integration");
    },
    rateLimit: () => ({
      __typename: "RateLimit",
      cost: 1,
      limit: 5000,
      nodeCount: 1,
      remaining: 4999,
      resetAt: "2026-01-01T01:00:00Z",
      used: 1,
    }),
  };
}

export interface GraphqlCheck {
  /** Why GitHub would refuse to run the document (syntax, validation, variables); null when valid. */
  errors: GraphqlError[] | null;
  operationName: string | undefined;
  mutation: boolean;
  /** Executes the (valid) document over the stand-in's state. */
  run(ctx: GraphqlContext): GraphqlReply;
}

/** Parses and validates one POST /graphql body against GitHub's schema, without running it. */
export function checkGraphql(body: unknown): GraphqlCheck {
  const request = (typeof body === "object" && body !== null ? body : {}) as {
    query?: unknown;
    variables?: unknown;
    operationName?: unknown;
  };
  const text = typeof request.query === "string" ? request.query : "";
  const refused = (errors: GraphqlError[]): GraphqlCheck => ({
    errors,
    operationName: operationNameOf(text),
    mutation: isMutation(text),
    run: () => ({ errors }),
  });
  if (!text.trim()) return refused([{ message: "A query attribute must be specified and must be a string." }]);
  if (request.variables != null && (typeof request.variables !== "object" || Array.isArray(request.variables))) {
    return refused([{ message: "Variables are invalid JSON." }]);
  }
  const parsed = parsedDocument(text);
  if ("errors" in parsed) return refused(parsed.errors);
  const { document } = parsed;
  const schema = githubGraphqlSchema();
  const operationName = typeof request.operationName === "string" ? request.operationName : undefined;
  const operation = getOperationAST(document, operationName);
  if (!operation) return refused([{ message: "An operation name is required" }]);
  const variableValues = (request.variables ?? {}) as Record<string, unknown>;
  const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], variableValues);
  if (coerced.errors) return refused(coerced.errors.map((p) => inGithubWords(p, document)));
  return {
    errors: null,
    operationName: operation.name?.value,
    mutation: operation.operation === OperationTypeNode.MUTATION,
    run(ctx) {
      const result = execute({
        schema,
        document,
        rootValue: operation.operation === OperationTypeNode.MUTATION ? mutationRoot(ctx) : queryRoot(ctx),
        contextValue: ctx,
        variableValues,
        operationName,
        fieldResolver,
        typeResolver,
      }) as ExecutionResult;
      const reply: GraphqlReply = { data: result.data ?? null };
      if (result.errors?.length) reply.errors = result.errors.map(fieldError);
      return reply;
    },
  };
}

type Parsed = { document: DocumentNode } | { errors: GraphqlError[] };

/** A client sends the same few documents again and again: each is parsed and validated once. */
const documents = new Map<string, Parsed>();
const MAX_DOCUMENTS = 500;

function parsedDocument(text: string): Parsed {
  const known = documents.get(text);
  if (known) return known;
  let result: Parsed;
  try {
    const document = parse(text);
    const problems = validate(githubGraphqlSchema(), document);
    result = problems.length ? { errors: problems.map((p) => inGithubWords(p, document)) } : { document };
  } catch (error) {
    const e = error as GraphQLError;
    const at = e.locations?.[0];
    result = {
      errors: [
        { message: `Parse error: ${e.message.replace(/^Syntax Error: /, "")}`, ...(at ? { locations: [at] } : {}) },
      ],
    };
  }
  if (documents.size >= MAX_DOCUMENTS) documents.clear();
  documents.set(text, result);
  return result;
}

/** A field error as GitHub words it: `type` beside `path` and `locations`. */
function fieldError(error: GraphQLError): GraphqlError {
  const { type, ...extensions } = (error.extensions ?? {}) as { type?: unknown };
  const out: GraphqlError = { message: error.message };
  if (typeof type === "string") out.type = type;
  if (error.path) out.path = [...error.path];
  if (error.locations) out.locations = error.locations.map(({ line, column }) => ({ line, column }));
  if (Object.keys(extensions).length) out.extensions = extensions;
  return out;
}

function variableTypes(document: DocumentNode): Map<string, string> {
  const types = new Map<string, string>();
  for (const definition of document.definitions) {
    if (definition.kind !== Kind.OPERATION_DEFINITION) continue;
    for (const v of definition.variableDefinitions ?? []) types.set(v.variable.name.value, print(v.type));
  }
  return types;
}

/** graphql-js's validation messages in the words and extensions GitHub (graphql-ruby) uses. */
function inGithubWords(error: GraphQLError, document: DocumentNode): GraphqlError {
  const locations = error.locations?.map(({ line, column }) => ({ line, column }));
  const at = locations ? { locations } : {};
  const m = error.message;
  let match: RegExpExecArray | null;
  if ((match = /^Cannot query field "(\w+)" on type "(\w+)"/.exec(m))) {
    const [, fieldName, typeName] = match;
    return {
      message: `Field '${fieldName}' doesn't exist on type '${typeName}'`,
      ...at,
      extensions: { code: "undefinedField", typeName, fieldName },
    };
  }
  if ((match = /^Unknown argument "(\w+)" on field "(\w+)\.(\w+)"/.exec(m))) {
    const [, argumentName, typeName, fieldName] = match;
    return {
      message: `Field '${fieldName}' doesn't accept argument '${argumentName}'`,
      ...at,
      extensions: { code: "argumentNotAccepted", name: fieldName, typeName, argumentName },
    };
  }
  if ((match = /^Field "(\w+)" argument "(\w+)" of type "(.+)" is required, but it was not provided/.exec(m))) {
    const [, fieldName, argument] = match;
    return {
      message: `Field '${fieldName}' is missing required arguments: ${argument}`,
      ...at,
      extensions: { code: "missingRequiredArguments", className: "Field", name: fieldName, arguments: argument },
    };
  }
  if ((match = /^Variable "\$(\w+)" is not defined(?: by operation "(\w+)")?/.exec(m))) {
    const [, name, op = "anonymous query"] = match;
    return {
      message: `Variable $${name} is used by ${op} but not declared`,
      ...at,
      extensions: { code: "variableNotDefined", variableName: name },
    };
  }
  if ((match = /^Variable "\$(\w+)" is never used(?: in operation "(\w+)")?/.exec(m))) {
    const [, name, op = "anonymous query"] = match;
    return {
      message: `Variable $${name} is declared by ${op} but not used`,
      ...at,
      extensions: { code: "variableNotUsed", variableName: name },
    };
  }
  if ((match = /^Variable "\$(\w+)" of required type "(.+)" was not provided/.exec(m))) {
    const [, name, type] = match;
    return {
      message: `Variable $${name} of type ${type} was provided invalid value`,
      ...at,
      extensions: { value: null, problems: [{ path: [], explanation: "Expected value to not be null" }] },
    };
  }
  if ((match = /^Variable "\$(\w+)" got invalid value (.*?)(?: at "(.+?)")?; (.*)$/s.exec(m))) {
    const [, name = "", value, where, explanation] = match;
    const type = variableTypes(document).get(name) ?? "";
    const path = where ? where.split(".").slice(1) : [];
    return {
      message: `Variable $${name} of type ${type} was provided invalid value${path.length ? ` for ${path.join(".")}` : ""} (${explanation})`,
      ...at,
      extensions: { value: safeJson(value), problems: [{ path, explanation }] },
    };
  }
  return { message: m, ...at };
}

function safeJson(text: string | undefined): unknown {
  try {
    return JSON.parse(text ?? "null") as unknown;
  } catch {
    return text ?? null;
  }
}
