// The Redis coordinator against a real redis-server: shared delivery claims, locks that exclude
// across instances (as across replicas), token-checked release, expiry, bounded waiting, and
// carrying on when Redis goes away.
import { afterAll, expect, it } from "@jest/globals";
import { Redis } from "ioredis";
import { LockTimeoutError, RedisCoordinator } from "../../src/coordination/redis.js";
import { describeWithRedis, forgetKeys, uniquePrefix } from "../helpers/redis.js";

const tick = (ms = 5) => new Promise((resolve) => setTimeout(resolve, ms));

describeWithRedis("RedisCoordinator", (url) => {
  const opened: RedisCoordinator[] = [];
  const open = (prefix: string, options: Partial<ConstructorParameters<typeof RedisCoordinator>[0]> = {}) => {
    prefixes.add(prefix);
    const coordinator = new RedisCoordinator({ url, prefix, ...options });
    opened.push(coordinator);
    return coordinator;
  };
  const prefixes = new Set<string>();
  afterAll(async () => {
    await Promise.all(opened.map((c) => c.close()));
    for (const prefix of prefixes) await forgetKeys(url, prefix);
  });

  it("lets exactly one of two replicas claim a delivery, and both again once it is forgotten", async () => {
    const prefix = uniquePrefix("delivery");
    const [a, b] = [open(prefix), open(prefix)];
    const claims = await Promise.all([
      a.firstDelivery("d1"),
      b.firstDelivery("d1"),
      a.firstDelivery("d1"),
      b.firstDelivery("d1"),
    ]);
    expect(claims.filter(Boolean)).toHaveLength(1);
    await b.forgetDelivery("d1");
    expect(await a.firstDelivery("d1")).toBe(true);
    const client = new Redis(url);
    const ttl = await client.ttl(`${prefix}delivery:d1`);
    await client.quit();
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(24 * 60 * 60);
  });

  it("never lets two replicas hold one pull request's lock at once", async () => {
    const prefix = uniquePrefix("lock");
    const replicas = [open(prefix), open(prefix), open(prefix)];
    let inside = 0;
    let most = 0;
    let done = 0;
    await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        replicas[i % 3]!.withLock("o/r#1", async () => {
          most = Math.max(most, ++inside);
          await tick(3);
          inside--;
          done++;
        }),
      ),
    );
    expect(done).toBe(12);
    expect(most).toBe(1);
  });

  it("renews a lock held longer than its lifetime, and releases it after", async () => {
    const prefix = uniquePrefix("renew");
    const [a, b] = [open(prefix, { lockTtlMs: 300 }), open(prefix, { lockTtlMs: 300, lockWaitMs: 30_000 })];
    const order: string[] = [];
    let started: () => void = () => undefined;
    const aHolds = new Promise<void>((resolve) => (started = resolve));
    const first = a.withLock("k", async () => {
      order.push("a start");
      started();
      // Held for several lifetimes of the lock: only renewal keeps b out.
      await tick(1000);
      order.push("a end");
    });
    await aHolds;
    await b.withLock("k", async () => {
      order.push("b");
    });
    await first;
    expect(order).toEqual(["a start", "a end", "b"]);
  });

  it("gives up waiting after the bounded wait", async () => {
    const prefix = uniquePrefix("wait");
    const [a, b] = [open(prefix), open(prefix, { lockWaitMs: 100 })];
    let release: () => void = () => undefined;
    let started: () => void = () => undefined;
    const aHolds = new Promise<void>((resolve) => (started = resolve));
    const held = a.withLock(
      "k",
      () =>
        new Promise<void>((resolve) => {
          release = resolve;
          started();
        }),
    );
    await aHolds;
    await expect(b.withLock("k", async () => "never")).rejects.toBeInstanceOf(LockTimeoutError);
    release();
    await held;
  });

  it("takes over a lock whose holder died, and the dead holder cannot release the new one", async () => {
    const prefix = uniquePrefix("expiry");
    const client = new Redis(url);
    // A crashed replica's lock: someone else's token. While it stands, nobody else gets in (the
    // wait runs out and the token is untouched) ...
    await client.set(`${prefix}lock:k`, "dead-replica-token");
    const impatient = open(prefix, { lockWaitMs: 20 });
    let ranEarly = false;
    await expect(impatient.withLock("k", async () => void (ranEarly = true))).rejects.toBeInstanceOf(LockTimeoutError);
    expect(ranEarly).toBe(false);
    expect(await client.get(`${prefix}lock:k`)).toBe("dead-replica-token");
    // ... and once it expires on its own, as a dead holder's lock does, the next one takes over.
    await client.pexpire(`${prefix}lock:k`, 100);
    const b = open(prefix, { lockWaitMs: 30_000 });
    await b.withLock("k", async () => {
      expect(await client.get(`${prefix}lock:k`)).not.toBe("dead-replica-token");
      // The dead replica's release (compare-and-delete with its token) changes nothing.
      const released = await client.eval(
        `if redis.call("get", KEYS[1]) == ARGV[1] then return redis.call("del", KEYS[1]) else return 0 end`,
        1,
        `${prefix}lock:k`,
        "dead-replica-token",
      );
      expect(released).toBe(0);
    });
    expect(await client.exists(`${prefix}lock:k`)).toBe(0);
    await client.quit();
  });

  it("keeps working in one process when Redis cannot be reached", async () => {
    const warnings: string[] = [];
    const down = new RedisCoordinator({
      url: "redis://127.0.0.1:1",
      prefix: uniquePrefix("down"),
      log: { warn: (_o, msg) => warnings.push(String(msg)) },
    });
    expect(await down.firstDelivery("d")).toBe(true);
    expect(await down.firstDelivery("d")).toBe(true);
    let inside = 0;
    let most = 0;
    await Promise.all(
      [1, 2, 3].map(() =>
        down.withLock("k", async () => {
          most = Math.max(most, ++inside);
          await tick(2);
          inside--;
        }),
      ),
    );
    expect(most).toBe(1);
    expect(warnings).toEqual(["redis unavailable: coordinating within this process only"]);
    await down.close();
  });
});
