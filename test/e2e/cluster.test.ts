// Two replicas sharing one Redis: two app servers in this process, each with its own Redis
// connection and nothing else in common, against one GitHub stand-in. Duplicate deliveries go
// to both, concurrent events are split between them, and an approval on one races a slow review
// on the other. Each pull request ends with one comment, one label, one check; no approval lost.
// (cluster-processes.test.ts does the same with two `probot run` processes.)
import { afterAll, afterEach, beforeAll, beforeEach, expect, it } from "@jest/globals";
import { Redis } from "ioredis";
import { RedisCoordinator } from "../../src/coordination/redis.js";
import { MUTATION_NAME } from "../../src/reconcile/mutation.js";
import { claimedState as decodeState } from "../helpers/state.js";
import { startGitHubStandin, type GitHubStandin } from "../../src/standin/github-standin.js";
import { fakeSha } from "../../src/standin/state.js";
import { deliver, startApp, type RunningApp } from "../helpers/e2e.js";
import { recordFigures } from "../helpers/figures.js";
import { watchLocks, type WatchedCoordinator } from "../helpers/lock-watch.js";
import { describeWithRedis, forgetKeys, uniquePrefix } from "../helpers/redis.js";
import {
  appChecks,
  appComments,
  audit,
  CLEAN,
  commentPayload,
  MAINTAINER,
  OWNER,
  pushCommit,
  recordFaults,
  REPO,
  seedPull,
} from "../helpers/reliability.js";

describeWithRedis("two replicas sharing Redis", (url) => {
  let standin: GitHubStandin;
  let replicas: RunningApp[] = [];
  let prefix = "";

  beforeAll(async () => {
    standin = await startGitHubStandin({ appId: 123 });
  });
  afterAll(async () => {
    await standin?.close();
  });
  beforeEach(async () => {
    standin.reset();
    prefix = uniquePrefix("cluster");
    replicas = await Promise.all(
      [0, 1].map(() =>
        startApp(standin, { coordinator: watchLocks(new RedisCoordinator({ url, prefix, lockWaitMs: 30_000 })) }),
      ),
    );
  });
  afterEach(async () => {
    recordFaults(standin);
    await Promise.all(replicas.map((r) => r.stop()));
    await forgetKeys(url, prefix);
  });

  it("a delivery sent to both replicas, several times at once, is handled once", async () => {
    const pull = seedPull(standin, { number: 1 });
    const payload = pull.payload();
    recordFigures({ concurrentDeliveries: 6 });

    await Promise.all(
      [0, 1, 0, 1, 0, 1].map((i) =>
        deliver(replicas[i] as RunningApp, { event: "pull_request", payload, id: "cluster-dup-1" }),
      ),
    );

    expect(standin.requests.filter((r) => r.operationName === "EthicsPolicyPullRequest")).toHaveLength(1);
    expect(replicas.flatMap((r) => r.logs).filter((l) => l.msg === "delivery already handled: skipped")).toHaveLength(
      5,
    );
    expect(audit(standin, pull)).toEqual(CLEAN);
  });

  it("concurrent events for the same pull requests, split between replicas, end in one state each", async () => {
    const pulls = [2, 3, 4].map((number) => seedPull(standin, { number }));
    const deliveries = pulls.flatMap((p) =>
      ["opened", "edited", "synchronize", "reopened", "ready_for_review", "edited"].map((action, i) => ({
        replica: i % 2,
        delivery: { event: "pull_request", payload: p.payload(action) },
      })),
    );
    recordFigures({ concurrentDeliveries: deliveries.length });

    await Promise.all(deliveries.map(({ replica, delivery }) => deliver(replicas[replica] as RunningApp, delivery)));

    for (const p of pulls) {
      expect(standin.pullRequest(OWNER, REPO, p.number).labels).toEqual(["ethics-review"]);
      expect(appComments(standin, p.number)).toHaveLength(1);
      expect(appChecks(standin, p.headSha)).toHaveLength(1);
      expect(audit(standin, p)).toEqual(CLEAN);
    }
  });

  it("an approval on one replica while the other is in the middle of a review is kept", async () => {
    const pull = seedPull(standin, { number: 5, shas: [fakeSha("cluster", "a")] });
    await deliver(replicas[0] as RunningApp, { event: "pull_request", payload: pull.payload() });
    pushCommit(standin, pull, fakeSha("cluster", "b"));
    // Sequenced, not timed: replica 0's review holds the lock and its write is held by the
    // stand-in until replica 1 has delivered the approval and asked for the same lock.
    const write = standin.hold({ operationName: MUTATION_NAME });
    const approver = (replicas[1] as RunningApp).coordinator as WatchedCoordinator;
    const approverLocks = approver.locks.count;

    const slow = deliver(replicas[0] as RunningApp, { event: "pull_request", payload: pull.payload("synchronize") });
    await write.reached;
    const writesDuringReview = standin.writes().length;
    const approve = deliver(replicas[1] as RunningApp, {
      event: "issue_comment",
      payload: commentPayload(standin, pull, "/ethics-policy approve checked with the author", MAINTAINER),
    });
    recordFigures({ concurrentDeliveries: 2 });
    await approver.locks.requested(approverLocks + 1);
    expect(standin.writes()).toHaveLength(writesDuringReview);
    write.release();
    await Promise.all([slow, approve]);

    expect(decodeState(appComments(standin, 5)[0]?.body)?.approvals.map((a) => a.by)).toEqual([MAINTAINER]);
    expect(appChecks(standin, pull.headSha)).toEqual([expect.objectContaining({ conclusion: "success" })]);
    expect(audit(standin, pull, { approvedBy: [MAINTAINER] })).toEqual(CLEAN);
  });

  it("the claims and locks live in Redis, expire, and are released", async () => {
    const pull = seedPull(standin, { number: 6 });
    await deliver(replicas[0] as RunningApp, { event: "pull_request", payload: pull.payload(), id: "cluster-keys-6" });
    const client = new Redis(url);
    try {
      expect(await client.exists(`${prefix}delivery:cluster-keys-6`)).toBe(1);
      expect(await client.ttl(`${prefix}delivery:cluster-keys-6`)).toBeGreaterThan(0);
      expect(await client.keys(`${prefix}lock:*`)).toEqual([]);
    } finally {
      await client.quit();
    }
  });
});
