// The app's policy parser: one parse per blob SHA, large texts on a worker thread, and the same
// result wherever it is parsed.
import { afterEach, describe, expect, it } from "@jest/globals";
import { loadPolicy } from "../../src/policy/load.js";
import { parsePolicySources } from "../../src/policy/parse.js";
import { createPolicyParser, type PolicyParser } from "../../src/policy/policy-parser.js";

const SMALL = "version: 1\norganizations:\n  - name: Palantir Technologies\n    aliases: [Palantir]\n";
const LARGE = `${SMALL}${Array.from({ length: 400 }, (_, i) => `  - name: Organization ${i}\n    email_domains: [org${i}.example]\n`).join("")}`;
const HOSTILE = `{${"a,".repeat(30_000)}a}`;

let parser: PolicyParser | undefined;
afterEach(async () => {
  await parser?.close();
  parser = undefined;
});

describe("createPolicyParser", () => {
  it("parses a version once: a second request for the same key is a cache hit", async () => {
    parser = createPolicyParser();
    const sources = [{ file: "o/r:.github/ethics-policy.yml", text: SMALL }];
    const first = await parser.parse(sources, "o/r:.github/ethics-policy.yml@abc");
    const second = await parser.parse(sources, "o/r:.github/ethics-policy.yml@abc");
    expect(second).toBe(first);
    expect(parser.stats).toMatchObject({ parses: 1, cacheHits: 1, offThread: 0 });
    await parser.parse(sources, "o/r:.github/ethics-policy.yml@def");
    expect(parser.stats.parses).toBe(2);
    await parser.parse(sources, null); // no version: never cached
    await parser.parse(sources, null);
    expect(parser.stats.parses).toBe(4);
  });

  it("parses large texts on a worker thread, with the same result as on this thread", async () => {
    parser = createPolicyParser({ offThreadChars: 8 * 1024 });
    expect(LARGE.length).toBeGreaterThan(8 * 1024);
    for (const text of [LARGE, HOSTILE]) {
      const sources = [{ file: "big.yml", text }];
      const result = await parser.parse(sources, null);
      expect(result).toEqual(parsePolicySources(sources));
    }
    // Answered by one worker, none recovered here: a worker that fails gives the same results.
    expect(parser.stats).toEqual({ parses: 2, offThread: 2, cacheHits: 0, workers: 1, recovered: 0 });
  }, 60_000); // a watchdog only: the first worker is bundled from the sources on a busy machine

  it("keeps small policies on the main thread", async () => {
    parser = createPolicyParser({ offThreadChars: 8 * 1024 });
    const result = await parser.parse([{ file: "small.yml", text: SMALL }], null);
    expect(result.ok).toBe(true);
    expect(parser.stats.offThread).toBe(0);
  });

  it("leaves the event loop free while a hostile policy is parsed off the thread", async () => {
    parser = createPolicyParser({ offThreadChars: 8 * 1024 });
    const order: string[] = [];
    // Parsed on this thread, the work would be done before parse() returned, and its promise
    // would settle before the next turn of the loop; off the thread, the loop turns first.
    const parsing = parser.parse([{ file: "hostile.yml", text: `${HOSTILE}\n# padding` }], null).then((r) => {
      order.push("parsed");
      return r;
    });
    setImmediate(() => order.push("loop turned"));
    const result = await parsing;
    expect(order[0]).toBe("loop turned");
    expect(result.ok).toBe(false);
    expect(parser.stats).toEqual({ parses: 1, offThread: 1, cacheHits: 0, workers: 1, recovered: 0 });
  }, 60_000);

  it("is keyed by the blob SHAs of a policy's files, so an unchanged proposal is not parsed again", async () => {
    parser = createPolicyParser();
    const file = (sha: string) => ({ repo: "o/r", path: ".github/ethics-policy.yml", sha, text: SMALL });
    const noBases = () => Promise.resolve(null);
    for (const sha of ["b1", "b1", "b1", "b2"]) {
      const loaded = await loadPolicy(file(sha), noBases, undefined, parser.parse);
      expect(loaded.kind).toBe("valid");
    }
    expect(parser.stats).toMatchObject({ parses: 2, cacheHits: 2 });
  });
});

describe("createPolicyParser: where and how often it parses", () => {
  const sized = (length: number) => `${SMALL}#${"x".repeat(length - SMALL.length - 1)}`;

  it.each<[string, () => { offThreadChars?: number }, () => string, number]>([
    ["a text of exactly the threshold goes off the thread", () => ({ offThreadChars: 9000 }), () => sized(9000), 1],
    ["one character less stays", () => ({ offThreadChars: 9000 }), () => sized(8999), 0],
    ["by default, 32 KiB goes off the thread", () => ({}), () => sized(32 * 1024), 1],
    ["by default, less stays", () => ({}), () => sized(32 * 1024 - 1), 0],
  ])(
    "%s",
    async (_name, options, text, offThread) => {
      parser = createPolicyParser(options());
      const sources = [{ file: "p.yml", text: text() }];
      expect(await parser.parse(sources, null)).toEqual(parsePolicySources(sources));
      expect(parser.stats).toEqual({ parses: 1, offThread, cacheHits: 0, workers: offThread, recovered: 0 });
    },
    60_000,
  );

  it("counts all sources' texts together, and a text that is not a string as nothing", async () => {
    parser = createPolicyParser({ offThreadChars: 2 * SMALL.length });
    const sources = [
      { file: "a.yml", text: SMALL },
      { file: "b.yml", text: null as unknown as string },
    ];
    expect(await parser.parse(sources, null)).toEqual({
      ok: false,
      problems: [{ file: "b.yml", line: 1, col: 1, message: "the policy file could not be read as text" }],
    });
    expect(parser.stats.offThread).toBe(0);
    await parser.parse([sources[0]!, sources[0]!], null);
    expect(parser.stats).toEqual({ parses: 2, offThread: 1, cacheHits: 0, workers: 1, recovered: 0 });
  }, 60_000);

  it("keeps cacheMax results, the least recently used leaving first", async () => {
    parser = createPolicyParser({ cacheMax: 1 });
    const sources = [{ file: "p.yml", text: SMALL }];
    for (const key of ["a", "b", "b", "a"]) await parser.parse(sources, key);
    expect(parser.stats).toEqual({ parses: 3, offThread: 0, cacheHits: 1, workers: 0, recovered: 0 });
  });

  it("answers a request the worker held when it is closed, and starts a new worker after", async () => {
    // A worker that takes requests and never answers: only closing it can settle the first one.
    parser = createPolicyParser({
      offThreadChars: 8 * 1024,
      workerScript: script("parentPort.on('message', () => {});"),
    });
    const sources = [{ file: "big.yml", text: LARGE }];
    const pending = parser.parse(sources, null);
    await parser.close();
    expect(await pending).toEqual(parsePolicySources(sources));
    expect(parser.stats).toEqual({ parses: 1, offThread: 1, cacheHits: 0, workers: 1, recovered: 1 });
    const next = parser.parse(sources, null);
    await parser.close();
    expect(await next).toEqual(parsePolicySources(sources));
    expect(parser.stats).toEqual({ parses: 2, offThread: 2, cacheHits: 0, workers: 2, recovered: 2 });
  }, 60_000);
});

/** A worker script given as a data: URL (an ES module), for workers that misbehave on purpose. */
const script = (body: string) =>
  new URL(`data:text/javascript,${encodeURIComponent(`import { parentPort } from "node:worker_threads";\n${body}`)}`);

describe("createPolicyParser: a worker that fails", () => {
  it("answers every request from its own worker when that worker works", async () => {
    parser = createPolicyParser({ offThreadChars: 8 * 1024 });
    const other = LARGE.replace("Palantir Technologies", "Clearview AI");
    const requests = [LARGE, other, LARGE].map((text, i) => [{ file: `p${i}.yml`, text }]);
    // Sent together: each answer goes to its own request.
    const results = await Promise.all(requests.map((sources) => parser!.parse(sources, null)));
    expect(results).toEqual(requests.map((sources) => parsePolicySources(sources)));
    expect(results[0]).not.toEqual(results[1]);
    expect(parser.stats).toEqual({ parses: 3, offThread: 3, cacheHits: 0, workers: 1, recovered: 0 });
  }, 60_000);

  it.each<[string, () => URL]>([
    ["exits on its first request", () => script("parentPort.on('message', () => process.exit(1));")],
    ["throws on its first request", () => script("parentPort.on('message', () => { throw new Error('boom'); });")],
    ["cannot be loaded", () => new URL("file:///nonexistent/ethics-policy/parse-worker.js")],
    ["does not parse", () => script("throw new Error('broken build');")],
  ])(
    "parses here what a worker that %s took, and starts a new one for the next request",
    async (_name, workerScript) => {
      parser = createPolicyParser({ offThreadChars: 8 * 1024, workerScript: workerScript() });
      for (const [i, text] of [LARGE, `${LARGE}# again\n`].entries()) {
        const sources = [{ file: "big.yml", text }];
        expect(await parser.parse(sources, null)).toEqual(parsePolicySources(sources));
        expect(parser.stats).toEqual({
          parses: i + 1,
          offThread: i + 1,
          cacheHits: 0,
          workers: i + 1,
          recovered: i + 1,
        });
      }
    },
    60_000,
  );
});
