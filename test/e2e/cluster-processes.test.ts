// Two `probot run` processes — the entry `npm start` runs — configured only by the environment,
// sharing one Redis (REDIS_URL: Probot's throttling and the app's delivery claims and per-PR
// locks) and one GitHub stand-in. Duplicate deliveries go to both, concurrent events are split
// between them, and a maintainer's approval on one races a slow review on the other.
import { afterAll, beforeAll, expect, it } from "@jest/globals";
import { Redis } from "ioredis";
import { claimedState as decodeState } from "../helpers/state.js";
import { startGitHubStandin, type GitHubStandin } from "../../src/standin/github-standin.js";
import { fakeSha } from "../../src/standin/state.js";
import { buildEntry, startAppProcess, type AppProcess } from "../helpers/app-process.js";
import { deliver, eventually, type Delivery } from "../helpers/e2e.js";
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
  type SeededPull,
} from "../helpers/reliability.js";

/** Probot's throttling paces GitHub writes (and GraphQL) one a second across the cluster; building and starting two processes on a busy machine takes minutes. */
const SLOW = 240_000;

describeWithRedis("two app processes sharing Redis", (url) => {
  let standin: GitHubStandin;
  let build: Awaited<ReturnType<typeof buildEntry>>;
  let replicas: AppProcess[] = [];
  const prefix = uniquePrefix("processes");

  beforeAll(async () => {
    standin = await startGitHubStandin({ appId: 123 });
    build = await buildEntry();
    const env = { REDIS_URL: url, REDIS_KEY_PREFIX: prefix };
    replicas = await Promise.all(
      [0, 1].map(() => startAppProcess(build.entry, { standinUrl: standin.url, appId: standin.appId, env })),
    );
  }, SLOW);
  afterAll(async () => {
    await Promise.all(replicas.map((r) => r.stop()));
    build?.remove();
    await forgetKeys(url, prefix);
    recordFaults(standin);
    await standin?.close();
  }, SLOW);

  /** Probot answers 202 when handlers take over 9 s (throttled writes can): wait for the state. */
  async function settled(pulls: SeededPull[], check: (p: SeededPull) => void) {
    await eventually(() => pulls.forEach(check), 60_000, 200);
  }

  it(
    "duplicate and concurrent deliveries across two processes: one comment, one label, one check",
    async () => {
      const pulls = [1, 2].map((number) => seedPull(standin, { number }));
      const sends: [number, Delivery][] = pulls.flatMap((p) => [
        [0, { event: "pull_request", payload: p.payload("opened"), id: `proc-opened-${p.number}` }],
        [1, { event: "pull_request", payload: p.payload("opened"), id: `proc-opened-${p.number}` }],
        [0, { event: "pull_request", payload: p.payload("edited") }],
        [1, { event: "pull_request", payload: p.payload("synchronize") }],
      ]);
      recordFigures({ concurrentDeliveries: sends.length });

      const responses = await Promise.all(sends.map(([i, d]) => deliver(replicas[i] as AppProcess, d)));

      expect(responses.every((r) => r.status === 200 || r.status === 202)).toBe(true);
      await settled(pulls, (p) => {
        expect(standin.pullRequest(OWNER, REPO, p.number).labels).toEqual(["ethics-review"]);
        expect(appComments(standin, p.number)).toHaveLength(1);
        expect(appChecks(standin, p.headSha)).toHaveLength(1);
      });
      for (const p of pulls) expect(audit(standin, p)).toEqual(CLEAN);

      const client = new Redis(url);
      try {
        // The work went through the shared BullMQ queue, and no pull request lock is left behind.
        expect((await client.keys(`${prefix}*ethics-policy:meta`)).length).toBe(1);
        expect(await client.keys(`${prefix}*pull:*`)).toEqual([]);
        // Probot's own throttling coordinates through the same Redis (Bottleneck's keys).
        expect((await client.keys("b_octokit-*")).length).toBeGreaterThan(0);
      } finally {
        await client.quit();
      }
    },
    SLOW,
  );

  it(
    "an approval on one process while the other is in the middle of a slow review is kept",
    async () => {
      const pull = seedPull(standin, { number: 3, shas: [fakeSha("processes", "a")] });
      await deliver(replicas[0] as AppProcess, { event: "pull_request", payload: pull.payload() });
      await settled([pull], (p) => expect(appChecks(standin, p.headSha)).toHaveLength(1));
      pushCommit(standin, pull, fakeSha("processes", "b"));
      // Sequenced, not timed: process 0's review read is held by the stand-in until process 1 has
      // answered the approval's delivery (its job stored), so the approval lands mid-review.
      const read = standin.hold({ operationName: "EthicsPolicyPullRequest" });
      const slow = deliver(replicas[0] as AppProcess, { event: "pull_request", payload: pull.payload("synchronize") });
      await read.reached;
      await deliver(replicas[1] as AppProcess, {
        event: "issue_comment",
        payload: commentPayload(standin, pull, "/ethics-policy approve known contributor", MAINTAINER),
      });
      recordFigures({ concurrentDeliveries: 2 });
      read.release();
      await slow;

      await settled([pull], (p) => {
        expect(decodeState(appComments(standin, p.number)[0]?.body)?.approvals.map((a) => a.by)).toEqual([MAINTAINER]);
        expect(appChecks(standin, p.headSha)).toEqual([expect.objectContaining({ conclusion: "success" })]);
      });
      expect(audit(standin, pull, { approvedBy: [MAINTAINER] })).toEqual(CLEAN);
      // Neither process logged an error, or anything shaped like an email address.
      expect(replicas.flatMap((r) => r.logs).filter((l) => Number(l.level) >= 50)).toEqual([]);
      expect(
        replicas.flatMap((r) => r.rawLogs).filter((l) => /[\w.+-]+@[\w-]+(\.[\w-]+)*\.[a-z]{2,}/i.test(l)),
      ).toEqual([]);
    },
    SLOW,
  );
});
