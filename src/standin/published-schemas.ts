// GitHub's published descriptions of its API, loaded lazily and once per process (per jest test
// file): the GraphQL schema of `@octokit/graphql-schema` and the REST operations of
// `@octokit/openapi` (its dereferenced description). I/O: reads those packages' files, and keeps a
// slim copy of the REST request schemas under node_modules/.cache so that the 70 MB description is
// parsed once per installed version rather than once per process.
import { existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { buildSchema, type GraphQLSchema } from "graphql";

const require = createRequire(import.meta.url);

/** The installed package's directory, found without going through its `exports` map. */
function packageDir(name: string): string {
  for (const base of require.resolve.paths(name) ?? []) {
    const dir = join(base, name);
    if (existsSync(join(dir, "package.json"))) return dir;
  }
  throw new Error(`stand-in: the package ${name} is not installed (it is a devDependency of ethics-policy)`);
}

let graphqlSchema: GraphQLSchema | undefined;

/** GitHub's GraphQL schema, built from the SDL `@octokit/graphql-schema` ships. */
export function githubGraphqlSchema(): GraphQLSchema {
  // Read once: the SDL is megabytes, and every GraphQL request asks for the schema twice.
  if (graphqlSchema) return graphqlSchema;
  const sdl = readFileSync(join(packageDir("@octokit/graphql-schema"), "schema.graphql"), "utf8");
  // The SDL is GitHub's own and valid: checking it again would double the cost of loading it.
  // Descriptions ("""...""") are two thirds of its text and none of its meaning.
  graphqlSchema = buildSchema(sdl.replace(/"""[\s\S]*?"""/g, ""), {
    assumeValidSDL: true,
    assumeValid: true,
    noLocation: true,
  });
  return graphqlSchema;
}

export interface OpenapiParameter {
  name: string;
  in: "path" | "query" | "header" | "cookie";
  required: boolean;
  schema?: Record<string, unknown>;
}

/** One REST operation: what a request to it may carry. */
export interface OpenapiOperation {
  method: string;
  /** The path template, e.g. "/repos/{owner}/{repo}/check-runs". */
  path: string;
  operationId: string;
  documentationUrl: string | undefined;
  parameters: OpenapiParameter[];
  /** The JSON request body, if the operation takes one. */
  body?: { required: boolean; schema: Record<string, unknown> | undefined };
}

const METHODS = new Set(["get", "post", "put", "patch", "delete", "head"]);

/** Schema prose is most of the description's size and none of its meaning for validation. */
function withoutProse(value: unknown, inProperties = false): unknown {
  if (Array.isArray(value)) return value.map((v) => withoutProse(v));
  if (typeof value !== "object" || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    // Under `properties` these are names of fields (a label's `description`), not prose.
    if (!inProperties && PROSE.has(k)) continue;
    out[k] = withoutProse(v, k === "properties" && !inProperties);
  }
  return out;
}

const PROSE = new Set(["description", "title", "example", "examples", "externalDocs"]);

function readOperations(descriptionFile: string): OpenapiOperation[] {
  const description = JSON.parse(readFileSync(descriptionFile, "utf8")) as {
    paths: Record<string, Record<string, unknown>>;
  };
  const operations: OpenapiOperation[] = [];
  for (const [path, item] of Object.entries(description.paths)) {
    const shared = (item.parameters ?? []) as OpenapiParameter[];
    for (const [method, raw] of Object.entries(item)) {
      if (!METHODS.has(method)) continue;
      const op = raw as {
        operationId: string;
        externalDocs?: { url?: string };
        parameters?: OpenapiParameter[];
        requestBody?: { required?: boolean; content?: Record<string, { schema?: Record<string, unknown> }> };
      };
      const json = op.requestBody?.content?.["application/json"];
      operations.push({
        method: method.toUpperCase(),
        path,
        operationId: op.operationId,
        documentationUrl: op.externalDocs?.url,
        parameters: [...shared, ...(op.parameters ?? [])].map((p) => ({
          name: p.name,
          in: p.in,
          required: Boolean(p.required),
          ...(p.schema ? { schema: withoutProse(p.schema) as Record<string, unknown> } : {}),
        })),
        ...(op.requestBody
          ? {
              body: {
                required: Boolean(op.requestBody.required),
                schema: json?.schema ? (withoutProse(json.schema) as Record<string, unknown>) : undefined,
              },
            }
          : {}),
      });
    }
  }
  return operations;
}

let openapiOperations: OpenapiOperation[] | undefined;

/** Every operation of GitHub's REST API (api.github.com), from `@octokit/openapi`. */
export function githubRestOperations(): OpenapiOperation[] {
  if (openapiOperations) return openapiOperations;
  const dir = packageDir("@octokit/openapi");
  const descriptionFile = join(dir, "generated", "api.github.com.deref.json");
  const { version } = JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as { version: string };
  const stamp = `${version}-${Math.round(statSync(descriptionFile).mtimeMs)}`;
  const cacheFile = join(dir, "..", "..", ".cache", "ethics-policy-standin", `openapi-${stamp}.json`);
  try {
    openapiOperations = JSON.parse(readFileSync(cacheFile, "utf8")) as OpenapiOperation[];
    return openapiOperations;
  } catch {
    // Not cached yet (or unreadable): read the description itself below.
  }
  openapiOperations = readOperations(descriptionFile);
  try {
    mkdirSync(dirname(cacheFile), { recursive: true });
    // Written aside and renamed, so a parallel reader never sees half a file.
    const partial = `${cacheFile}.${process.pid}.tmp`;
    writeFileSync(partial, JSON.stringify(openapiOperations));
    renameSync(partial, cacheFile);
  } catch {
    // A read-only node_modules: every process reads the description, which is only slower.
  }
  return openapiOperations;
}
