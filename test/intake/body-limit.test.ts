// Webhook bodies over GitHub's 25 MB cap are refused with 413 before they are buffered, and only
// a few are read at once. Loopback requests to a real Node server.
import { createServer, request, type IncomingMessage, type Server } from "node:http";
import { once } from "node:events";
import { afterEach, describe, expect, it } from "@jest/globals";
import { limitWebhookBodies, MAX_WEBHOOK_BYTES } from "../../src/intake/body-limit.js";

const PATH = "/api/github/webhooks";
let server: Server | undefined;
afterEach(async () => {
  const running = server;
  server = undefined;
  if (!running) return;
  running.closeAllConnections();
  await new Promise((resolve) => running.close(resolve));
});

/** A server whose webhook handler records the bodies it was handed; `arrived` counts requests seen. */
async function start(options: { maxBytes?: number; maxConcurrent?: number } = {}) {
  const handed: string[] = [];
  let arrived = 0;
  const waiters: (() => void)[] = [];
  const handler = limitWebhookBodies(
    (req: IncomingMessage & { rawBody?: Uint8Array }, res) => {
      handed.push(Buffer.from(req.rawBody ?? new Uint8Array()).toString("utf8"));
      res.writeHead(200).end("ok");
      return Promise.resolve(true);
    },
    { path: PATH, ...options },
  );
  server = createServer((req, res) => {
    arrived += 1;
    waiters.splice(0).forEach((w) => w());
    void handler(req, res);
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const address = server.address();
  if (typeof address !== "object" || address === null) throw new Error("no port");
  const arrivals = async (n: number) => {
    while (arrived < n) await new Promise<void>((resolve) => waiters.push(resolve));
  };
  return { port: address.port, handed, arrivals };
}

/** Sends headers (and `chunks`), leaving the request open unless `end`; resolves with the status once answered. */
function send(port: number, headers: Record<string, string | number>, chunks: Buffer[], end: boolean) {
  const req = request({ host: "127.0.0.1", port, path: PATH, method: "POST", headers });
  const answered = new Promise<{ status: number; body: string }>((resolve, reject) => {
    req.on("response", (res) => {
      let body = "";
      res.on("data", (c: Buffer) => (body += String(c)));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on("error", reject);
  });
  req.flushHeaders();
  for (const c of chunks) req.write(c);
  if (end) req.end();
  return { req, answered };
}

describe("webhook body limit", () => {
  it("uses GitHub's documented 25 MB cap", () => {
    expect(MAX_WEBHOOK_BYTES).toBe(25 * 1024 * 1024);
  });

  it("refuses a declared Content-Length over the cap with 413, without reading the body", async () => {
    const { port, handed } = await start();
    const { req, answered } = send(
      port,
      { "content-type": "application/json", "content-length": MAX_WEBHOOK_BYTES + 1 },
      [],
      false,
    );
    const { status, body } = await answered;
    req.destroy();
    expect(status).toBe(413);
    expect(body).toContain("larger than");
    expect(handed).toEqual([]);
  });

  it("refuses a chunked body once the bytes read pass the cap", async () => {
    const { port, handed } = await start({ maxBytes: 1024 });
    const { req, answered } = send(
      port,
      { "content-type": "application/json", "transfer-encoding": "chunked" },
      [Buffer.alloc(600, 97), Buffer.alloc(600, 97)],
      false,
    );
    const { status } = await answered;
    req.destroy();
    expect(status).toBe(413);
    expect(handed).toEqual([]);
  });

  it("hands a body within the cap to the webhook middleware, read once", async () => {
    const { port, handed } = await start({ maxBytes: 1024 });
    const { answered } = send(port, { "content-type": "application/json" }, [Buffer.from('{"ok":true}')], true);
    expect((await answered).status).toBe(200);
    expect(handed).toEqual(['{"ok":true}']);
  });

  it("answers 503 with Retry-After beyond the bodies it reads at once, then reads again", async () => {
    const { port, handed, arrivals } = await start({ maxConcurrent: 2 });
    const open = [0, 1].map(() =>
      send(port, { "content-type": "application/json", "transfer-encoding": "chunked" }, [Buffer.from("{")], false),
    );
    await arrivals(2); // both are being read
    const third = send(port, { "content-type": "application/json" }, [Buffer.from("{}")], true);
    expect((await third.answered).status).toBe(503);
    for (const o of open) o.req.end("}");
    expect((await Promise.all(open.map((o) => o.answered))).map((r) => r.status)).toEqual([200, 200]);
    const fourth = send(port, { "content-type": "application/json" }, [Buffer.from("{}")], true);
    expect((await fourth.answered).status).toBe(200);
    expect(handed).toEqual(["{}", "{}", "{}"]);
  });

  it("lets other routes through untouched", async () => {
    const { port, handed } = await start();
    const req = request({ host: "127.0.0.1", port, path: "/health", method: "GET" });
    req.end();
    const [res] = (await once(req, "response")) as [IncomingMessage];
    res.resume();
    expect(res.statusCode).toBe(200);
    expect(handed).toEqual([""]);
  });
});

describe("the app's webhook endpoint", () => {
  it("answers 413 to a body declared over GitHub's cap, through the real Probot server", async () => {
    const { startGitHubStandin } = await import("../../src/standin/github-standin.js");
    const { startApp } = await import("../helpers/e2e.js");
    const standin = await startGitHubStandin({ appId: 123 });
    const app = await startApp(standin);
    try {
      const url = new URL(app.url);
      const req = request({
        host: url.hostname,
        port: url.port,
        path: PATH,
        method: "POST",
        headers: {
          "content-type": "application/json",
          "content-length": MAX_WEBHOOK_BYTES + 1,
          "x-github-event": "push",
          "x-github-delivery": "too-large",
          "x-hub-signature-256": "sha256=00",
        },
      });
      req.flushHeaders();
      const [res] = (await once(req, "response")) as [IncomingMessage];
      res.resume();
      req.destroy();
      expect(res.statusCode).toBe(413);
    } finally {
      await app.stop();
      await standin.close();
    }
  }, 30_000);
});
