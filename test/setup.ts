// Every test file: no real network, and a test fails if it left an expected HTTP call unmade
// or made one nobody expected (the renovate http-mock discipline).
import nock from "nock";
import { afterAll, afterEach, beforeAll, expect } from "@jest/globals";
import { takeSchemaCheckCounts } from "../src/standin/checked.js";
import { recordSchemaChecks } from "./helpers/figures.js";

// REDIS_URL (.ci/run starts redis-server and sets it) is for the tests that ask for Redis through
// test/helpers/redis.ts. Every other test gets an app that defaults to the in-memory coordinator,
// so it neither shares delivery ids with other tests nor leaves a Redis connection open.
if (process.env.REDIS_URL) process.env.TEST_REDIS_URL = process.env.REDIS_URL;
delete process.env.REDIS_URL;

const unmatched: string[] = [];

/** Requests to loopback reach a real local server (the e2e GitHub stand-in, the app under test). */
const LOOPBACK = /^(127\.0\.0\.1|localhost|\[?::1\]?)(:\d+)?$/i;

type NoMatch = {
  method?: string;
  path?: string;
  host?: string;
  hostname?: string;
  options?: { method?: string; path?: string; host?: string; hostname?: string };
  getHeader?: (name: string) => unknown;
};

/** The host a "no match" event is about: nock passes request options or a request, by code path. */
function hostOf(req: NoMatch): string {
  const header = typeof req.getHeader === "function" ? req.getHeader("host") : undefined;
  return (
    req.hostname ?? req.options?.hostname ?? req.host ?? req.options?.host ?? (typeof header === "string" ? header : "")
  );
}

beforeAll(() => {
  nock.disableNetConnect();
  nock.enableNetConnect((host) => LOOPBACK.test(host));
  nock.emitter.on("no match", (req: NoMatch) => {
    if (LOOPBACK.test(hostOf(req))) return;
    const method = req.method ?? req.options?.method ?? "?";
    const path = req.path ?? req.options?.path ?? "?";
    unmatched.push(`${method} ${hostOf(req)}${path}`);
  });
});

afterEach(() => {
  const pending = nock.pendingMocks();
  const stray = unmatched.splice(0);
  nock.cleanAll();
  expect({ pending, unmatched: stray }).toEqual({ pending: [], unmatched: [] });
});

// What the file's GitHub stand-ins checked against GitHub's published schemas and limits: summed
// and printed at the end of the run, where any invalid request fails it.
afterAll(() => {
  recordSchemaChecks(takeSchemaCheckCounts());
});
