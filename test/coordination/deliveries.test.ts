// handleOnce: dedupe by delivery id, a failed delivery can be redelivered, errors are stripped of
// request bodies and payloads before Probot logs them, and requests get a time limit.
import { describe, expect, it } from "@jest/globals";
import {
  HandlerError,
  handleOnce,
  limitRequestTime,
  redactWebhookError,
  type DeliveryContext,
} from "../../src/coordination/deliveries.js";
import { MemoryCoordinator } from "../../src/coordination/memory.js";
import { guardProcess } from "../../src/coordination/process-guards.js";
import { EventEmitter } from "node:events";

function context(id: string): DeliveryContext & { logged: unknown[] } {
  const logged: unknown[] = [];
  return { id, name: "pull_request", octokit: {}, log: { info: (obj) => logged.push(obj) }, logged };
}

describe("handleOnce", () => {
  it("runs the handler once per delivery id", async () => {
    let runs = 0;
    const handler = handleOnce({ coordinator: new MemoryCoordinator(), requestTimeoutMs: 0 }, async () => {
      runs++;
    });
    await handler(context("a"));
    const again = context("a");
    await handler(again);
    await handler(context("b"));
    expect(runs).toBe(2);
    expect(again.logged).toEqual([{ delivery: "a", event: "pull_request" }]);
  });

  it("handles a redelivery of a delivery whose handler failed", async () => {
    let runs = 0;
    const handler = handleOnce({ coordinator: new MemoryCoordinator(), requestTimeoutMs: 0 }, async () => {
      if (++runs === 1) throw new Error("GitHub answered 502");
    });
    await expect(handler(context("a"))).rejects.toThrow("GitHub answered 502");
    await handler(context("a"));
    await handler(context("a"));
    expect(runs).toBe(2);
  });

  it("passes on only the error's name, status and message", async () => {
    const octokitError = Object.assign(new Error("Server Error"), {
      name: "HttpError",
      status: 502,
      request: { body: JSON.stringify({ body: "alice@palantir.com" }) },
      response: { data: { message: "Server Error" } },
    });
    const handler = handleOnce({ coordinator: new MemoryCoordinator(), requestTimeoutMs: 0 }, async () => {
      throw octokitError;
    });
    const error = await handler(context("a")).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(HandlerError);
    const thrown = error as HandlerError & { event?: unknown };
    expect(thrown.message).toBe("HttpError (HTTP 502): Server Error");
    expect(thrown.upstreamStatus).toBe(502);
    expect((thrown as unknown as { status?: unknown }).status).toBeUndefined();
    // What @octokit/webhooks does to a handler's error before Probot logs it:
    Object.assign(thrown, {
      event: { id: "a", name: "push", payload: { commits: [{ author: { email: "alice@palantir.com" } }] } },
    });
    expect(thrown.event).toEqual({ id: "a", name: "push" });
    expect(JSON.stringify({ ...thrown })).not.toContain("palantir.com");
    expect(Object.keys(thrown)).not.toContain("event");
  });
});

describe("redactWebhookError", () => {
  it("leaves a failed delivery's error with the event's id and name, not its payload", () => {
    const payload = { commits: [{ author: { email: "alice@palantir.com" } }] };
    const inner = Object.assign(new Error("signature does not match"), {
      event: { id: "d1", name: "push", payload: JSON.stringify(payload) },
    });
    const aggregate = Object.assign(new AggregateError([inner], "failed"), {
      event: { id: "d1", name: "push", payload },
    });
    redactWebhookError(aggregate);
    expect(aggregate.event).toEqual({ id: "d1", name: "push" });
    expect(inner.event).toEqual({ id: "d1", name: "push" });
    expect(JSON.stringify({ ...aggregate, inner: { ...inner } })).not.toContain("palantir");
    expect(() => redactWebhookError("not an error")).not.toThrow();
  });
});

describe("limitRequestTime", () => {
  type Options = { request?: { fetch?: typeof fetch } };
  function hooked(ms: number) {
    const hooks: ((options: Options) => void)[] = [];
    limitRequestTime({ hook: { before: (_name: string, fn: (options: Options) => void) => hooks.push(fn) } }, ms);
    expect(hooks).toHaveLength(1);
    return hooks[0] as (options: Options) => void;
  }

  it("gives every fetch (so every retry) its own time limit, alongside a caller's own signal", async () => {
    const seen: (AbortSignal | null | undefined)[] = [];
    const fake = (async (_url: unknown, init?: RequestInit) => {
      seen.push(init?.signal);
      return new Response("{}");
    }) as typeof fetch;
    const options: Options = { request: { fetch: fake } };
    const before = hooked(1000);
    before(options);
    const wrapped = options.request?.fetch;
    before(options);
    expect(options.request?.fetch).toBe(wrapped);

    await wrapped?.("http://x", {});
    await wrapped?.("http://x", {});
    const own = new AbortController();
    await wrapped?.("http://x", { signal: own.signal });
    expect(seen).toHaveLength(3);
    expect(seen[0]).toBeInstanceOf(AbortSignal);
    expect(seen[1]).not.toBe(seen[0]);
    own.abort();
    expect(seen[2]?.aborted).toBe(true);
  });

  it("aborts an attempt that takes too long", async () => {
    const stalled = ((_url: unknown, init?: RequestInit) =>
      new Promise((_resolve, reject) =>
        init?.signal?.addEventListener("abort", () => reject(init.signal?.reason as Error)),
      )) as typeof fetch;
    const options: Options = { request: { fetch: stalled } };
    hooked(20)(options);
    await expect(options.request?.fetch?.("http://x", {})).rejects.toMatchObject({ name: "TimeoutError" });
  });

  it("ignores a client without hooks", () => {
    expect(() => limitRequestTime({}, 1000)).not.toThrow();
    expect(() => limitRequestTime(null, 1000)).not.toThrow();
  });
});

describe("guardProcess", () => {
  it("logs an unhandled rejection instead of letting it end the process", () => {
    const target = new EventEmitter();
    const logged: unknown[] = [];
    guardProcess({ error: (obj) => logged.push(obj) }, target);
    target.emit("unhandledRejection", new Error("stray"));
    target.emit("unhandledRejection", "not an error");
    expect(logged).toEqual([
      { err: expect.objectContaining({ type: "Error", message: "stray" }) },
      { err: { type: "string", message: "not an error" } },
    ]);
  });
});
