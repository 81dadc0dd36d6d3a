// The redaction layer on its own: what leaves a log line and what stays.
import { Writable } from "node:stream";
import { describe, expect, it } from "@jest/globals";
import { createRedactedLogger, MAX_STRING, redactString, redactValue } from "../../src/observability/redact.js";

function capture(level = "trace") {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _e, done) {
      lines.push(...String(chunk).split("\n").filter(Boolean));
      done();
    },
  });
  return { log: createRedactedLogger({ level }, stream), lines };
}

describe("redactString", () => {
  it.each([
    ["an email", "mail ada@example.org now", "mail [email] now"],
    ["a classic token", "token ghp_ABCDEFGHIJKLMNOPQRSTUVWXYZ012345", "token [secret]"],
    ["an installation token", "x ghs_abcdefghijklmnopqrstuvwx", "x [secret]"],
    ["a fine-grained token", "github_pat_11ABCDEFG0123456789_abcdefghijklmnop", "[secret]"],
    ["a bearer header", "Authorization: Bearer abc.def.ghi123456", "Authorization: [secret]"],
    ["a JWT", "eyJhbGciOiJSUzI1NiJ9.eyJpc3MiOiIxMjMifQ.c2lnbmF0dXJlc2ln", "[secret]"],
    ["a webhook signature", "sha256=0123456789abcdef0123456789abcdef", "[secret]"],
    ["plain text", "pull request flagged", "pull request flagged"],
  ])("%s", (_name, input, expected) => {
    expect(redactString(input)).toBe(expected);
  });

  it("cuts long values and says so", () => {
    const out = redactString("x".repeat(4 * 1024 * 1024));
    expect(out.length).toBeLessThan(MAX_STRING + 50);
    expect(out).toContain("4194304 characters, cut");
  });
});

describe("redactValue", () => {
  it("replaces content and secret fields, keeps identifiers and counts", () => {
    expect(
      redactValue({
        owner: "o",
        number: 3,
        payload: { a: 1 },
        variables: { company: "Acme" },
        company: "Palantir",
        reason: "because",
        token: "abc",
        headers: { authorization: "token x", "x-github-event": "push" },
        matches: 2,
      }),
    ).toEqual({
      owner: "o",
      number: 3,
      payload: "[content]",
      variables: "[content]",
      company: "[content]",
      reason: "[content]",
      token: "[secret]",
      headers: { authorization: "[secret]", "x-github-event": "push" },
      matches: 2,
    });
  });

  it("keeps only the id and name of a webhook event on an error, and no request or response body", () => {
    const error = Object.assign(new Error("boom"), {
      status: 502,
      event: { id: "d1", name: "push", payload: { pusher: { email: "p@example.org" } } },
      request: { method: "POST", url: "https://api.github.com/graphql", body: '{"variables":{"company":"X"}}' },
      response: { status: 502, data: { message: "x" } },
    });
    const aggregate = new AggregateError([error], "wrapped");
    const out = JSON.stringify(redactValue({ err: aggregate }));
    expect(out).toContain('"id":"d1"');
    expect(out).toContain('"name":"push"');
    expect(out).not.toMatch(/example\.org|variables|company|pusher/);
  });
});

describe("a redacting logger", () => {
  it("redacts objects, messages, bare errors and children at every level", () => {
    const { log, lines } = capture();
    const child = log.child({ name: "octokit" });
    child.debug({ variables: { email: "a@b.example" }, query: "query Q" }, "GraphQL request");
    log.trace("mail from ada@example.org with ghp_ABCDEFGHIJKLMNOPQRSTUVWXYZ012345");
    log.error(
      Object.assign(new Error("signature does not match"), {
        event: { id: "1", name: "push", payload: "x".repeat(10_000) },
      }),
    );
    log.info({ err: new Error(`bad ${"y".repeat(5000)}`) }, "failed");
    expect(lines).toHaveLength(4);
    for (const line of lines) {
      expect(line.length).toBeLessThan(2500);
      expect(line).not.toMatch(/@[a-z]+\.example|ghp_|xxxxxxxxxx{400}/);
    }
    expect(JSON.parse(lines[2]!)).toMatchObject({
      msg: "signature does not match",
      err: { event: { id: "1", name: "push" } },
    });
  });
});
