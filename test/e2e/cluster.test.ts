// Two replicas sharing one Redis: two app servers in this process, each with its own BullMQ
// queue and worker on one Redis prefix and nothing else in common, against one GitHub stand-in.
// Duplicate deliveries go to both, concurrent events are split between them, and an approval on
// one races a slow review on the other. Each pull request ends with one comment, one label, one
// check; no approval lost.
// (cluster-processes.test.ts does the same with two `probot run` processes.)
import { afterAll, afterEach, beforeAll, beforeEach, expect, it } from "@jest/globals";
import { Redis } from "ioredis";
import { RedisQueue } from "../../src/queue/redis.js";
import { claimedState as decodeState } from "../helpers/state.js";
import { startGitHubStandin, type GitHubStandin } from "../../src/standin/github-standin.js";
import { fakeSha } from "../../src/standin/state.js";
import { deliver, startApp, type RunningApp } from "../helpers/e2e.js";
import { recordFigures } from "../helpers/figures.js";
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
        startApp(standin, { queue: new RedisQueue({ url, prefix: prefix.replace(/:+$/, ""), attempts: 1 }) }),
      ),
    );
  });
  afterEach(async () => {
    recordFaults(standin);
    await Promise.all(replicas.map((r) => r.stop()));
    await forgetKeys(url, prefix);
  });

  it("a delivery sent to both replicas, several times at once, coalesces into at most one more review", async () => {
    const pull = seedPull(standin, { number: 1 });
    const payload = pull.payload();
    recordFigures({ concurrentDeliveries: 6 });

    await Promise.all(
      [0, 1, 0, 1, 0, 1].map((i) =>
        deliver(replicas[i] as RunningApp, { event: "pull_request", payload, id: "cluster-dup-1" }),
      ),
    );

    // One review running and at most one waiting per pull request (BullMQ deduplication, keepLastIfActive).
    const reads = standin.requests.filter((r) => r.operationName === "EthicsPolicyPullRequest").length;
    expect(reads).toBeGreaterThanOrEqual(1);
    expect(reads).toBeLessThanOrEqual(2);
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
    // Sequenced, not timed: replica 0's review read is held until replica 1 has stored the approval.
    const read = standin.hold({ operationName: "EthicsPolicyPullRequest" });

    const slow = deliver(replicas[0] as RunningApp, { event: "pull_request", payload: pull.payload("synchronize") });
    await read.reached;
    await deliver(replicas[1] as RunningApp, {
      event: "issue_comment",
      payload: commentPayload(standin, pull, "/ethics-policy approve checked with the author", MAINTAINER),
      settle: false,
    });
    recordFigures({ concurrentDeliveries: 2 });
    read.release();
    await slow;
    await Promise.all(replicas.map((r) => r.idle()));

    expect(decodeState(appComments(standin, 5)[0]?.body)?.approvals.map((a) => a.by)).toEqual([MAINTAINER]);
    expect(appChecks(standin, pull.headSha)).toEqual([expect.objectContaining({ conclusion: "success" })]);
    expect(audit(standin, pull, { approvedBy: [MAINTAINER] })).toEqual(CLEAN);
  });

  it("a command's delivery is handled once across replicas, and no pull request lock is left behind", async () => {
    const pull = seedPull(standin, { number: 6 });
    await deliver(replicas[0] as RunningApp, { event: "pull_request", payload: pull.payload() });
    const payload = commentPayload(standin, pull, "/ethics-policy explain", MAINTAINER);
    await Promise.all(
      [0, 1, 0].map((i) =>
        deliver(replicas[i] as RunningApp, { event: "issue_comment", payload, id: "cluster-keys-6" }),
      ),
    );
    const replies = standin
      .pullRequest(OWNER, REPO, 6)
      .comments.filter((c) => c.viaApp && /^(<!--[^\n]*-->\n)?This pull request is flagged/.test(c.body));
    expect(replies).toHaveLength(1);
    const client = new Redis(url);
    try {
      // The command's job id is its delivery id, kept a day after it completes: a redelivery is a duplicate.
      expect(await client.exists(`${prefix.replace(/:+$/, "")}:ethics-policy:command-cluster-keys-6`)).toBe(1);
      expect(await client.keys(`${prefix}*pull:*`)).toEqual([]);
    } finally {
      await client.quit();
    }
  });
});
