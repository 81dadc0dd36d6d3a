// Checks each REST request against the operation GitHub's published description (@octokit/openapi)
// defines for it: path parameters, query parameters and the JSON body (required fields, types,
// enums, maxLength, maxItems, ...), with ajv. Schemas are compiled on first use of an operation and
// kept for the process, so a test file pays only for the operations it calls. No I/O but the lazy
// load in published-schemas.ts.
import { Ajv, type ErrorObject, type ValidateFunction } from "ajv";
import addFormatsModule from "ajv-formats";
import { githubRestOperations, type OpenapiOperation } from "./published-schemas.js";

// ajv-formats is CommonJS: its module object carries the plugin as `default` under every loader.
const addFormats = addFormatsModule.default;

export interface RestCheck {
  /** The operation matched, or null when GitHub's API has no such method and path. */
  operation: OpenapiOperation | null;
  /** What is wrong with the request, one line each; empty when it is valid. */
  problems: RestProblem[];
}

export interface RestProblem {
  /** Where: "body", "body/output/summary", "query/per_page", "path/issue_number". */
  field: string;
  /** GitHub's codes for 422 errors: missing_field, invalid, too_long, ... */
  code: string;
  message: string;
}

interface CompiledOperation {
  operation: OpenapiOperation;
  regex: RegExp;
  /** Literal path segments: the more, the more specific ("issues/comments/{id}" beats "issues/{number}"). */
  literals: number;
  params?: ValidateFunction;
  body?: ValidateFunction;
}

let routes: Map<string, CompiledOperation[]> | undefined;
let bodyAjv: Ajv | undefined;
let paramAjv: Ajv | undefined;

function ajvs(): { body: Ajv; params: Ajv } {
  // strict off: GitHub's schemas use OpenAPI keywords (nullable, discriminator...) ajv does not define.
  const body = (bodyAjv ??= addFormats(new Ajv({ strict: false, allErrors: true, validateFormats: true })));
  // Path and query values arrive as text: coerce them to the declared type before checking.
  const params = (paramAjv ??= addFormats(new Ajv({ strict: false, allErrors: true, coerceTypes: true })));
  return { body, params };
}

function compiledRoutes(): Map<string, CompiledOperation[]> {
  if (routes) return routes;
  routes = new Map();
  for (const operation of githubRestOperations()) {
    const segments = operation.path.split("/").filter(Boolean);
    // A trailing `{path}` (the contents API) is a file path: GitHub takes its slashes as they are.
    const pattern = segments
      .map((s, i) =>
        /^\{[^}]+\}$/.test(s)
          ? `(?<${s.slice(1, -1).replace(/\W/g, "_")}>${s === "{path}" && i === segments.length - 1 ? ".+" : "[^/]+"})`
          : escape(s),
      )
      .join("/");
    const list = routes.get(operation.method) ?? [];
    list.push({
      operation,
      regex: new RegExp(`^/${pattern}/?$`),
      literals: segments.filter((s) => !s.startsWith("{")).length,
    });
    routes.set(operation.method, list);
  }
  for (const list of routes.values()) list.sort((a, b) => b.literals - a.literals);
  return routes;
}

/**
 * Loads GitHub's REST description, and compiles the validators of the given requests' operations
 * (the routes the stand-in serves), now rather than during a request the app times.
 */
export function loadRestOperations(samples: readonly [method: string, path: string][] = []): void {
  compiledRoutes();
  for (const [method, path] of samples) {
    const found = findOperation(method, path);
    if (!found) continue;
    paramsValidator(found.compiled);
    bodyValidator(found.compiled);
  }
}

const escape = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** The operation for a method and path (without the query), and the path parameters it names. */
export function findOperation(
  method: string,
  pathname: string,
): { compiled: CompiledOperation; params: Record<string, string> } | null {
  for (const compiled of compiledRoutes().get(method.toUpperCase()) ?? []) {
    const match = compiled.regex.exec(pathname);
    if (!match) continue;
    const params: Record<string, string> = {};
    for (const p of compiled.operation.parameters) {
      if (p.in !== "path") continue;
      const raw = match.groups?.[p.name.replace(/\W/g, "_")];
      if (raw !== undefined) params[p.name] = safeDecode(raw);
    }
    return { compiled, params };
  }
  return null;
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

function paramsValidator(compiled: CompiledOperation): ValidateFunction {
  if (compiled.params) return compiled.params;
  const properties: Record<string, unknown> = {};
  const required: string[] = [];
  for (const p of compiled.operation.parameters) {
    if (p.in !== "path" && p.in !== "query") continue;
    const name = `${p.in}/${p.name}`;
    properties[name] = p.schema ?? {};
    if (p.required) required.push(name);
  }
  compiled.params = ajvs().params.compile({ type: "object", properties, required });
  return compiled.params;
}

function bodyValidator(compiled: CompiledOperation): ValidateFunction | null {
  const schema = compiled.operation.body?.schema;
  if (!schema) return null;
  compiled.body ??= ajvs().body.compile(schema);
  return compiled.body;
}

/** Checks one request; `body` is the parsed JSON body (undefined when none was sent). */
export function checkRestRequest(method: string, pathname: string, query: URLSearchParams, body: unknown): RestCheck {
  const found = findOperation(method, pathname);
  if (!found) return { operation: null, problems: [] };
  const { compiled } = found;
  const problems: RestProblem[] = [];
  const values: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(found.params)) values[`path/${name}`] = value;
  for (const p of compiled.operation.parameters) {
    if (p.in !== "query") continue;
    const all = query.getAll(p.name);
    if (all.length) values[`query/${p.name}`] = p.schema?.type === "array" ? all : all[0];
  }
  const params = paramsValidator(compiled);
  if (!params(values)) problems.push(...(params.errors ?? []).map((e) => problem(e, "")));

  const declared = compiled.operation.body;
  if (declared) {
    const validate = bodyValidator(compiled);
    const hasRequiredFields = Array.isArray(declared.schema?.required) && declared.schema.required.length > 0;
    if (body === undefined) {
      if (declared.required && hasRequiredFields)
        problems.push({ field: "body", code: "missing", message: "A JSON body is required." });
    } else if (validate && !validate(body)) {
      problems.push(...(validate.errors ?? []).map((e) => problem(e, "body")));
    }
  }
  return { operation: compiled.operation, problems: dedupe(problems) };
}

function dedupe(problems: RestProblem[]): RestProblem[] {
  const seen = new Set<string>();
  return problems.filter((p) => {
    const k = `${p.field}\0${p.message}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

/** One ajv error in the words GitHub's 422 uses ("\"body\" wasn't supplied.", "For 'x', ..."). */
function problem(error: ErrorObject, root: string): RestProblem {
  // instancePath is a JSON pointer: "/query~1state" is the property "query/state".
  const pointer = error.instancePath.replace(/^\//, "").replace(/~1/g, "/").replace(/~0/g, "~");
  const at = [root, pointer].filter(Boolean).join("/");
  const params = error.params as Record<string, unknown>;
  const where = at || "body";
  switch (error.keyword) {
    case "required":
      return {
        field: [at, String(params.missingProperty)].filter(Boolean).join("/"),
        code: "missing_field",
        message: `"${String(params.missingProperty)}" wasn't supplied.`,
      };
    case "enum":
      return {
        field: where,
        code: "invalid",
        message: `For '${where}', the value is not one of ${JSON.stringify(params.allowedValues)}.`,
      };
    case "maxLength":
      return {
        field: where,
        code: "too_long",
        message: `For '${where}', the value is too long (maximum is ${String(params.limit)} characters).`,
      };
    case "maxItems":
      return {
        field: where,
        code: "too_many",
        message: `For '${where}', there are too many items (maximum is ${String(params.limit)}).`,
      };
    case "type":
      return { field: where, code: "invalid", message: `For '${where}', the value is not a ${String(params.type)}.` };
    default:
      return { field: where, code: "invalid", message: `For '${where}', ${error.message ?? "the value is invalid"}.` };
  }
}
