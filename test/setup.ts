// Every test file: no real network, and a test fails if it left an expected HTTP call unmade
// or made one nobody expected (the renovate http-mock discipline).
import nock from "nock";
import { afterEach, beforeAll, expect } from "@jest/globals";

const unmatched: string[] = [];

beforeAll(() => {
  nock.disableNetConnect();
  nock.enableNetConnect((host) => host.startsWith("127.0.0.1") || host.startsWith("localhost"));
  nock.emitter.on("no match", (req: { method?: string; path?: string; options?: { method?: string; path?: string; host?: string } }) => {
    const method = req.method ?? req.options?.method ?? "?";
    const path = req.path ?? req.options?.path ?? "?";
    unmatched.push(`${method} ${path}`);
  });
});

afterEach(() => {
  const pending = nock.pendingMocks();
  const stray = unmatched.splice(0);
  nock.cleanAll();
  expect({ pending, unmatched: stray }).toEqual({ pending: [], unmatched: [] });
});
