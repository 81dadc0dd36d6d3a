// Every webhook payload the end-to-end helpers deliver is checked against GitHub's published
// webhook schemas (@octokit/webhooks-schemas), so no test drives the app with a payload GitHub
// would never send. The schema is compiled per event and action on first use.
import { Ajv, type ValidateFunction } from "ajv";
import addFormatsModule from "ajv-formats";
import { createRequire } from "node:module";

const addFormats = addFormatsModule.default;
const require = createRequire(import.meta.url);

let ajv: Ajv | undefined;
const validators = new Map<string, ValidateFunction | null>();

function validatorFor(event: string, action: unknown): ValidateFunction | null {
  const id = `${event}$${typeof action === "string" ? action : "event"}`;
  const known = validators.get(id);
  if (known !== undefined) return known;
  if (!ajv) {
    ajv = addFormats(new Ajv({ strict: false, allErrors: true }));
    ajv.addSchema(require("@octokit/webhooks-schemas/schema.json") as object, "webhooks");
  }
  const definitions = (ajv.getSchema("webhooks")?.schema as { definitions?: Record<string, unknown> } | undefined)
    ?.definitions;
  const validate = definitions?.[id] ? (ajv.getSchema(`webhooks#/definitions/${id}`) ?? null) : null;
  validators.set(id, validate);
  return validate;
}

/** Why GitHub would never send this payload for this event; empty when it fits the schema. */
export function webhookPayloadProblems(event: string, payload: unknown): string[] {
  const action = (payload as { action?: unknown } | null)?.action;
  const validate = validatorFor(event, action);
  if (!validate)
    return [`no published schema for the ${event}${typeof action === "string" ? `.${action}` : ""} webhook`];
  if (validate(payload)) return [];
  return (validate.errors ?? []).slice(0, 10).map((e) => `${e.instancePath || "/"} ${e.message ?? "is invalid"}`);
}

/** Throws when the payload does not fit GitHub's schema for its event and action. */
export function assertWebhookPayload(event: string, payload: unknown): void {
  const problems = webhookPayloadProblems(event, payload);
  if (problems.length)
    throw new Error(
      `The ${event} payload is not one GitHub sends (@octokit/webhooks-schemas):\n  ${problems.join("\n  ")}`,
    );
}
