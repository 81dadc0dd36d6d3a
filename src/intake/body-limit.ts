// Webhook request bodies, bounded before anyone buffers them: @octokit/webhooks reads a body
// whole, whatever its size, and any number at once (four 128 MiB requests took 1.5 GiB). GitHub
// caps a webhook payload at 25 MB, so anything larger is not from GitHub: 413, refused from its
// Content-Length when it declares one, else as soon as the bytes read pass the cap, and the
// connection is closed. At most `maxConcurrent` bodies are read at once; more get 503 and a
// Retry-After. The body read here is handed on as `rawBody`, which the webhook middleware uses
// instead of reading the stream again. I/O: reads the request, may answer it.
import type { IncomingMessage, ServerResponse } from "node:http";

/** GitHub's documented cap on a webhook payload ("Payloads are capped at 25 MB"). */
export const MAX_WEBHOOK_BYTES = 25 * 1024 * 1024;
/** Bodies read at once; the next one is refused until one finishes. */
export const MAX_CONCURRENT_BODIES = 4;

type NodeHandler<Next> = (req: IncomingMessage, res: ServerResponse, next?: Next) => Promise<unknown>;

export interface BodyLimitOptions {
  /** The webhook path (Probot's webhookPath); other routes pass through untouched. */
  path: string;
  maxBytes?: number;
  maxConcurrent?: number;
}

/** Wraps the webhook middleware so only bounded bodies, a bounded number at a time, reach it. */
export function limitWebhookBodies<Next>(inner: NodeHandler<Next>, options: BodyLimitOptions): NodeHandler<Next> {
  const maxBytes = options.maxBytes ?? MAX_WEBHOOK_BYTES;
  const maxConcurrent = options.maxConcurrent ?? MAX_CONCURRENT_BODIES;
  const path = options.path.replace(/\/+$/, "") || "/";
  let reading = 0;

  return async (req, res, next) => {
    if (req.method !== "POST" || pathOf(req.url) !== path) return inner(req, res, next);
    const declared = Number(req.headers["content-length"]);
    if (Number.isFinite(declared) && declared > maxBytes) return refuse(req, res, 413, tooLarge(maxBytes));
    if (reading >= maxConcurrent) {
      res.setHeader("retry-after", "1");
      return refuse(req, res, 503, "too many webhook deliveries are being read at once; retry shortly");
    }
    reading += 1;
    let body: Buffer | null;
    try {
      body = await readAtMost(req, maxBytes);
    } catch {
      return refuse(req, res, 400, "the request body could not be read");
    } finally {
      reading -= 1;
    }
    if (body === null) return refuse(req, res, 413, tooLarge(maxBytes));
    // @octokit/webhooks' getPayload takes `rawBody` when `body` is an object, and reads no further.
    Object.assign(req, { body: {}, rawBody: new Uint8Array(body.buffer, body.byteOffset, body.byteLength) });
    return inner(req, res, next);
  };
}

function pathOf(url: string | undefined): string {
  try {
    return new URL(url ?? "/", "http://localhost").pathname.replace(/\/+$/, "") || "/";
  } catch {
    return "";
  }
}

const tooLarge = (max: number) => `the request body is larger than ${max} bytes, GitHub's cap on a webhook payload`;

/** The body, or null as soon as it passes `max` bytes (what was read is dropped; no more is read). */
function readAtMost(req: IncomingMessage, max: number): Promise<Buffer | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    const settle = (fn: () => void) => {
      if (settled) return;
      settled = true;
      req.off("data", onData);
      fn();
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > max) {
        chunks.length = 0;
        req.pause();
        settle(() => resolve(null));
      } else chunks.push(chunk);
    };
    req.on("data", onData);
    req.once("end", () => settle(() => resolve(Buffer.concat(chunks, size))));
    req.once("error", (error) => settle(() => reject(error)));
    req.once("close", () => settle(() => reject(new Error("the connection closed before the body ended"))));
  });
}

/** Answers and closes the connection, so the rest of an oversized body is never read. */
function refuse(req: IncomingMessage, res: ServerResponse, status: number, message: string): true {
  if (!res.headersSent) {
    res.setHeader("connection", "close");
    res.writeHead(status, { "content-type": "application/json" });
  }
  res.end(JSON.stringify({ error: message }), () => req.destroy());
  return true;
}
