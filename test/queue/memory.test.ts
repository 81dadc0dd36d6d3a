// The in-process queue's semantics (the same as the Redis queue's, but for durability): reviews
// coalesce, commands never do, a delivery is taken once, one job per pull request at a time,
// retries, dead letters, and an installation paused by a rate limit while others carry on.
import { describe, expect, it } from "@jest/globals";
import { MemoryQueue } from "../../src/queue/memory.js";
import type { JobData, JobScope } from "../../src/queue/types.js";

const review = (number: number, deliveryId: string, installationId = 1): JobData => ({
  kind: "review",
  installationId,
  deliveryId,
  owner: "o",
  repo: "r",
  number,
  defaultBranch: "main",
});
const command = (number: number, deliveryId: string): JobData => ({
  kind: "command",
  event: "issue_comment",
  installationId: 1,
  deliveryId,
  payload: {},
  pull: { owner: "o", repo: "r", number },
});

/** A gate the test opens: a job waits on it, so the test decides when it finishes. */
function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { open, opened };
}

describe("MemoryQueue", () => {
  it("coalesces a burst of reviews for one pull request into one pending review behind the running one", async () => {
    const queue = new MemoryQueue({ concurrency: 4 });
    const ran: string[] = [];
    const first = gate();
    queue.work(async (job) => {
      ran.push(job.deliveryId);
      if (job.deliveryId === "d1") await first.opened;
    });
    expect(await queue.add(review(1, "d1"))).toBe("queued");
    // d1 is running; d2..d4 coalesce into one pending review, which keeps the latest event.
    expect(await queue.add(review(1, "d2"))).toBe("queued");
    expect(await queue.add(review(1, "d3"))).toBe("coalesced");
    expect(await queue.add(review(1, "d4"))).toBe("coalesced");
    first.open();
    await queue.idle();
    expect(ran).toEqual(["d1", "d4"]);
  });

  it("never coalesces commands, takes a delivery once, and runs one job per pull request at a time", async () => {
    const queue = new MemoryQueue({ concurrency: 4 });
    const running = new Set<number>();
    let overlap = 0;
    const ran: string[] = [];
    queue.work(async (job) => {
      const n = job.kind === "command" ? (job.pull?.number ?? 0) : job.kind === "review" ? job.number : 0;
      if (running.has(n)) overlap++;
      running.add(n);
      await new Promise((resolve) => setImmediate(resolve));
      running.delete(n);
      ran.push(job.deliveryId);
    });
    for (const id of ["c1", "c2", "c3"]) await queue.add(command(7, id));
    expect(await queue.add(command(7, "c1"))).toBe("duplicate");
    await queue.add(review(7, "r1"));
    await queue.idle();
    expect(ran.sort()).toEqual(["c1", "c2", "c3", "r1"]);
    expect(overlap).toBe(0);
  });

  it("retries a failed job, and after the last try keeps it as a dead letter that a redelivery runs again", async () => {
    const queue = new MemoryQueue({ attempts: 3, retryDelay: () => 1 });
    let failures = 3;
    const attempts: number[] = [];
    queue.work(async (_job, scope: JobScope) => {
      attempts.push(scope.attempt);
      if (failures-- > 0) throw Object.assign(new Error("Server Error"), { status: 502 });
    });
    await queue.add(command(1, "d"));
    await queue.idle();
    expect(attempts).toEqual([1, 2, 3]);
    expect(await queue.stats()).toMatchObject({ retries: 2, deadLetters: 1, waiting: 0 });
    expect(queue.deadLetters()[0]).toMatchObject({ attempts: 3, error: "Server Error" });
    expect(await queue.add(command(1, "d"))).toBe("queued");
    await queue.idle();
    expect(attempts).toEqual([1, 2, 3, 1]);
  });

  it("sends a 422 to the dead letters at once", async () => {
    const queue = new MemoryQueue({ attempts: 5, retryDelay: () => 1 });
    let tries = 0;
    queue.work(async () => {
      tries++;
      throw Object.assign(new Error("Validation Failed"), { status: 422 });
    });
    await queue.add(review(1, "d"));
    await queue.idle();
    expect(tries).toBe(1);
    expect((await queue.stats()).deadLetters).toBe(1);
  });

  it("pauses a rate-limited installation until GitHub's retry-after while another installation's jobs run", async () => {
    let now = 1_000_000;
    const queue = new MemoryQueue({ retryDelay: () => 1, now: () => now });
    const ran: string[] = [];
    let limited = true;
    queue.work(async (job) => {
      ran.push(job.deliveryId);
      if (job.installationId === 1 && limited) {
        limited = false;
        throw Object.assign(new Error("secondary rate limit"), {
          status: 403,
          response: { headers: { "retry-after": "60" } },
        });
      }
    });
    await queue.add(review(1, "a1", 1));
    await queue.add(review(2, "b1", 2));
    await new Promise((resolve) => setTimeout(resolve, 20)); // let both run once (no clock moves)
    await queue.add(review(3, "a2", 1)); // same installation: waits for the pause too
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(ran).toEqual(["a1", "b1"]);
    expect((await queue.stats()).waiting).toBe(2);
    now += 61_000; // the pause is over; a new job wakes the queue rather than its 60 s timer
    await queue.add(review(4, "b2", 2));
    await queue.idle();
    expect(ran.slice(2).sort()).toEqual(["a1", "a2", "b2"]);
  });
});
