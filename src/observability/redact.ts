// The one redaction layer for every log line the app's process writes: the app's own, Probot's
// (its webhook middleware logs a failed delivery's error with the whole payload attached, and an
// unsigned request's body), pino-http's request lines and Octokit's (which at debug logs request
// options, GraphQL variables included). It sits in the pino logger itself, as a log-method hook,
// so no path can get around it: payload bodies, request and response bodies, GraphQL variables,
// profile and policy text, approval reasons, emails, tokens and secrets never reach the stream,
// at any level; every string is cut to MAX_STRING characters. Pure.
import { pino, type DestinationStream, type Logger, type LoggerOptions } from "pino";

/** Longest string written to a log, in characters (a message, an error's text, one field). */
export const MAX_STRING = 300;
const MAX_DEPTH = 6;
const MAX_ITEMS = 20;
const MAX_KEYS = 40;

/** Fields whose values are content (payloads, bodies, profile and policy text), never logged. */
const CONTENT_KEYS = new Set(
  [
    "payload",
    "body",
    "rawbody",
    "data",
    "variables",
    "text",
    "company",
    "bio",
    "blog",
    "email",
    "emails",
    "reason",
    "reasons",
    "policy",
    "evidence",
    "profile",
    "comment",
    "commits",
    "head_commit",
    "pusher",
    "sender",
    "description",
    "title",
    "summary",
    "annotations",
    "output",
  ].map((k) => k.toLowerCase()),
);

/** Fields whose values are credentials. */
const SECRET_KEYS =
  /^(authorization|cookie|set-cookie|token|access_token|secret|password|private_?key|privatekey|client_secret|webhook_?secret|x-hub-signature(-256)?|jwt|key)$/i;

const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/g;
const TOKENS = [
  /\b(?:gh[pousr]_[A-Za-z0-9]{16,}|github_pat_[A-Za-z0-9_]{16,}|v1\.[0-9a-f]{40})\b/g,
  /\beyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/g, // a JWT (the app's own, or any)
  /\b(bearer|token|basic)\s+[A-Za-z0-9._~+/=-]{8,}/gi,
  /-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?(-----END [A-Z ]*PRIVATE KEY-----|$)/g,
  /\bsha256=[0-9a-f]{16,}\b/gi,
];

/** A string fit for a log: no emails or tokens, at most MAX_STRING characters. */
export function redactString(s: string): string {
  // Cut first, with a margin, so a 4 MiB string is not scanned whole.
  let out = s.length > MAX_STRING * 4 ? s.slice(0, MAX_STRING * 4) : s;
  out = out.replace(EMAIL, "[email]");
  for (const pattern of TOKENS) out = out.replace(pattern, "[secret]");
  if (s.length > MAX_STRING || out.length > MAX_STRING)
    out = `${out.slice(0, MAX_STRING)}…[${s.length} characters, cut]`;
  return out;
}

/** Any value made fit for a log: content and secret fields replaced, strings cleaned, size bounded. */
export function redactValue(value: unknown, depth = 0, seen = new WeakSet<object>()): unknown {
  if (typeof value === "string") return redactString(value);
  if (value === null || typeof value !== "object") {
    return typeof value === "function" || typeof value === "symbol" ? undefined : value;
  }
  if (seen.has(value)) return "[circular]";
  if (depth >= MAX_DEPTH) return "[nested too deep]";
  seen.add(value);
  if (value instanceof Error) return redactError(value, depth, seen);
  if (Buffer.isBuffer(value) || ArrayBuffer.isView(value)) return `[${value.byteLength} bytes]`;
  if (Array.isArray(value)) {
    const items = value.slice(0, MAX_ITEMS).map((v) => redactValue(v, depth + 1, seen));
    return value.length > MAX_ITEMS ? [...items, `…${value.length - MAX_ITEMS} more`] : items;
  }
  const out: Record<string, unknown> = {};
  const entries = Object.entries(value as Record<string, unknown>);
  for (const [key, v] of entries.slice(0, MAX_KEYS)) out[key] = redactField(key, v, depth, seen);
  if (entries.length > MAX_KEYS) out["…"] = `${entries.length - MAX_KEYS} more fields`;
  return out;
}

function redactField(key: string, value: unknown, depth: number, seen: WeakSet<object>): unknown {
  const k = key.toLowerCase();
  if (value === undefined || value === null) return value;
  if (SECRET_KEYS.test(k)) return "[secret]";
  if (CONTENT_KEYS.has(k)) return typeof value === "number" || typeof value === "boolean" ? value : "[content]";
  // The webhook event an error carries: only which one it was.
  if (k === "event" && typeof value === "object") {
    const e = value as { id?: unknown; name?: unknown };
    return { id: redactValue(e.id, depth + 1, seen), name: redactValue(e.name, depth + 1, seen) };
  }
  // Octokit's request and response on an error: where it went and what came back, no bodies.
  if (k === "request" && typeof value === "object") {
    const r = value as { method?: unknown; url?: unknown };
    return { method: redactValue(r.method, depth + 1, seen), url: redactValue(r.url, depth + 1, seen) };
  }
  if (k === "response" && typeof value === "object") {
    const r = value as { status?: unknown; url?: unknown };
    return { status: redactValue(r.status, depth + 1, seen), url: redactValue(r.url, depth + 1, seen) };
  }
  return redactValue(value, depth + 1, seen);
}

function redactError(error: Error, depth: number, seen: WeakSet<object>): Record<string, unknown> {
  const out: Record<string, unknown> = { type: error.name, message: redactString(error.message) };
  const e = error as Error & { status?: unknown; code?: unknown; errors?: unknown; cause?: unknown };
  if (typeof e.status === "number") out.status = e.status;
  if (typeof e.code === "string" || typeof e.code === "number") out.code = e.code;
  if (error.stack) out.stack = redactString(error.stack.split("\n").slice(0, 8).join("\n"));
  if (Array.isArray(e.errors)) out.errors = redactValue(e.errors, depth + 1, seen);
  if (e.cause !== undefined) out.cause = redactValue(e.cause, depth + 1, seen);
  const event = (error as { event?: unknown }).event;
  if (event !== undefined) out.event = redactField("event", event, depth, seen);
  return out;
}

/** The arguments of one pino call, redacted: `(obj?, msg?, ...args)`. */
export function redactLogArguments(args: unknown[]): unknown[] {
  return args.map((arg, i) => {
    // A bare Error as the object: pino would serialize it whole; give it as `err` with its message.
    if (i === 0 && arg instanceof Error) return { err: redactError(arg, 0, new WeakSet()) };
    return redactValue(arg);
  });
}

/** pino options that put the redaction layer in a logger (and in every child of it). */
export function redactingOptions(options: LoggerOptions = {}): LoggerOptions {
  return {
    ...options,
    hooks: {
      logMethod(args, method) {
        const redacted = redactLogArguments(args);
        // A lone Error becomes { err }; keep its message as the line's message.
        if (args.length === 1 && args[0] instanceof Error) redacted.push(redactString(args[0].message));
        method.apply(this, redacted as Parameters<typeof method>);
      },
    },
    // pino-http (Probot's request lines) and callers using `err` go through the same redaction.
    serializers: {
      err: (e: unknown) => redactValue(e),
      error: (e: unknown) => redactValue(e),
      req: (r: unknown) => redactRequest(r),
      res: (r: unknown) => redactResponse(r),
    },
  };
}

function redactRequest(req: unknown): unknown {
  const r = (req ?? {}) as { id?: unknown; method?: unknown; url?: unknown; headers?: Record<string, unknown> };
  const h = r.headers ?? {};
  return {
    id: redactValue(r.id),
    method: redactValue(r.method),
    url: redactValue(r.url),
    event: redactValue(h["x-github-event"]),
    delivery: redactValue(h["x-github-delivery"]),
    length: redactValue(h["content-length"]),
  };
}

function redactResponse(res: unknown): unknown {
  const r = (res ?? {}) as { statusCode?: unknown };
  return { statusCode: redactValue(r.statusCode) };
}

/** A pino logger with the redaction layer, for Probot (`npm start`) and the Lambda entry. */
export function createRedactedLogger(
  options: { level?: string; name?: string } = {},
  destination?: DestinationStream,
): Logger {
  const opts = redactingOptions({ level: options.level ?? "info", name: options.name ?? "probot", messageKey: "msg" });
  return destination ? pino(opts, destination) : pino(opts);
}
