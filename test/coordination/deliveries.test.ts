// Failed deliveries are logged without their payloads, and every request a job makes gets a time limit.
import { describe, expect, it } from "@jest/globals";
import { limitRequestTime, redactWebhookError } from "../../src/coordination/deliveries.js";
import { guardProcess } from "../../src/coordination/process-guards.js";
import { EventEmitter } from "node:events";

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
