// The in-process coordinator: per-key serialization and bounded delivery dedupe.
import { describe, expect, it } from "@jest/globals";
import { KeyedQueue } from "../../src/coordination/keyed-queue.js";
import { MemoryCoordinator } from "../../src/coordination/memory.js";
import { pullRequestKey } from "../../src/coordination/coordinator.js";

const tick = (ms = 5) => new Promise((resolve) => setTimeout(resolve, ms));

describe("KeyedQueue", () => {
  it("runs work for one key one at a time, in arrival order, and different keys at once", async () => {
    const queue = new KeyedQueue();
    const events: string[] = [];
    let running = 0;
    let most = 0;
    const job = (key: string, name: string) =>
      queue.run(key, async () => {
        running++;
        most = Math.max(most, running);
        events.push(`start ${name}`);
        await tick();
        events.push(`end ${name}`);
        running--;
        return name;
      });

    const results = await Promise.all([job("a", "a1"), job("a", "a2"), job("b", "b1"), job("a", "a3")]);

    expect(results).toEqual(["a1", "a2", "b1", "a3"]);
    const a = events.filter((e) => e.endsWith("a1") || e.endsWith("a2") || e.endsWith("a3"));
    expect(a).toEqual(["start a1", "end a1", "start a2", "end a2", "start a3", "end a3"]);
    expect(most).toBe(2);
    expect(queue.size).toBe(0);
  });

  it("carries on after a failure, and passes the failure to its caller only", async () => {
    const queue = new KeyedQueue();
    const failing = queue.run("k", async () => {
      throw new Error("boom");
    });
    const next = queue.run("k", async () => "ok");
    await expect(failing).rejects.toThrow("boom");
    await expect(next).resolves.toBe("ok");
    await queue.idle();
    expect(queue.size).toBe(0);
  });
});

describe("MemoryCoordinator", () => {
  it("claims a delivery once, and again after it is forgotten", async () => {
    const coordinator = new MemoryCoordinator();
    expect(await coordinator.firstDelivery("d1")).toBe(true);
    expect(await coordinator.firstDelivery("d1")).toBe(false);
    expect(await coordinator.firstDelivery("d2")).toBe(true);
    await coordinator.forgetDelivery("d1");
    expect(await coordinator.firstDelivery("d1")).toBe(true);
  });

  it("remembers a bounded number of deliveries for a bounded time", async () => {
    const small = new MemoryCoordinator({ maxDeliveries: 2 });
    for (const id of ["a", "b", "c"]) expect(await small.firstDelivery(id)).toBe(true);
    expect(await small.firstDelivery("a")).toBe(true);

    const brief = new MemoryCoordinator({ deliveryTtlMs: 20 });
    expect(await brief.firstDelivery("x")).toBe(true);
    expect(await brief.firstDelivery("x")).toBe(false);
    await tick(40);
    expect(await brief.firstDelivery("x")).toBe(true);
  });

  it("serializes work per key", async () => {
    const coordinator = new MemoryCoordinator();
    let inside = 0;
    let most = 0;
    await Promise.all(
      Array.from({ length: 10 }, () =>
        coordinator.withLock(pullRequestKey("O", "R", 1), async () => {
          most = Math.max(most, ++inside);
          await tick(1);
          inside--;
        }),
      ),
    );
    expect(most).toBe(1);
    await coordinator.close();
  });

  it("keys a pull request by owner/repo#number, case-insensitively", () => {
    expect(pullRequestKey("Entropic-Dev", "Entropic", 12)).toBe(pullRequestKey("entropic-dev", "entropic", 12));
    expect(pullRequestKey("o", "r", 1)).not.toBe(pullRequestKey("o", "r", 11));
  });
});
