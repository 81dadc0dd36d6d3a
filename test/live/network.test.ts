// Live mode when GitHub cannot be reached: the CLI names the URL and the kind of failure, and
// never claims GitHub answered.
import { createServer } from "node:net";
import { describe, expect, it } from "@jest/globals";
import nock from "nock";
import { nodeIo, runCli, type Io } from "../../src/cli.js";
import { networkFailure } from "../../src/live/errors.js";

async function run(argv: string[]) {
  let stdout = "";
  let stderr = "";
  const io: Io = {
    ...nodeIo,
    env: { GITHUB_TOKEN: "ghp_test" },
    stdout: (s) => void (stdout += s),
    stderr: (s) => void (stderr += s),
  };
  const code = await runCli(argv, io);
  return { code, stdout, stderr };
}

/** A loopback port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (typeof address !== "object" || address === null) throw new Error("no port");
  return address.port;
}

describe("live mode without a network path to GitHub", () => {
  it("says the connection was refused at which URL (check and audit), exit 2", async () => {
    const port = await closedPort();
    const base = `http://127.0.0.1:${port}/api/v3`;
    for (const argv of [
      ["check", "octo-org/site#1", "--api-url", base],
      ["audit", "octo-org/site", "--api-url", base],
    ]) {
      const r = await run(argv);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(`could not reach GitHub at http://127.0.0.1:${port}/api/v3/repos/octo-org/site`);
      expect(r.stderr).toContain("refused");
      expect(r.stderr).not.toMatch(/GitHub answered/);
    }
  });

  it.each([
    ["ENOTFOUND", "getaddrinfo ENOTFOUND ghe.example.com", "could not be resolved (DNS)"],
    ["EAI_AGAIN", "getaddrinfo EAI_AGAIN ghe.example.com", "could not be resolved (DNS)"],
    ["UND_ERR_CONNECT_TIMEOUT", "Connect Timeout Error", "timed out"],
    ["ETIMEDOUT", "connect ETIMEDOUT", "timed out"],
    ["ECONNRESET", "socket hang up", "closed before GitHub answered"],
  ])("%s: names the host and the failure, not a GitHub status", async (code, message, words) => {
    nock("https://ghe.example.com").get("/api/v3/repos/octo-org/site").replyWithError({ code, message });
    const r = await run(["check", "octo-org/site#1", "--api-url", "https://ghe.example.com/api/v3"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("could not reach GitHub at https://ghe.example.com/api/v3/repos/octo-org/site");
    expect(r.stderr).toContain(words);
    expect(r.stderr).toContain(code);
    expect(r.stderr).not.toMatch(/answered 500/);
  });

  it("classifies only failures without an answer as network failures", () => {
    expect(networkFailure({ status: 500, response: { status: 500 }, request: { url: "https://x/y" } })).toBeNull();
    expect(networkFailure(new Error("boom"))).toBeNull();
    expect(networkFailure(null)).toBeNull();
    const aborted = Object.assign(new Error("aborted"), { name: "AbortError", request: { url: "https://x/y" } });
    expect(networkFailure(aborted)).toEqual({ url: "https://x/y", reason: "timeout", detail: "AbortError" });
    const tls = { status: 500, request: { url: "https://x/" }, cause: { cause: { code: "CERT_HAS_EXPIRED" } } };
    expect(networkFailure(tls)?.reason).toBe("tls");
  });
});
