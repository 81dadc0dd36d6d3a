// What every local run of the real app against the stand-in needs — tests, the benchmark, the
// demo and the two-process cluster tests — in one place.
import { createHmac, generateKeyPairSync } from "node:crypto";
import { createServer } from "node:net";
import { ProbotOctokit } from "probot";

/** A free loopback port. Probot's Server treats port 0 as "unset" and would take 3000. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const address = probe.address();
      const port = typeof address === "object" && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

/** A throwaway RSA key for a GitHub App that exists only on loopback. */
export function generatePrivateKey(): string {
  return generateKeyPairSync("rsa", {
    modulusLength: 2048,
    privateKeyEncoding: { type: "pkcs8", format: "pem" },
    publicKeyEncoding: { type: "spki", format: "pem" },
  }).privateKey;
}

/** `X-Hub-Signature-256` for a raw webhook body, as GitHub computes it. */
export function signWebhook(secret: string, rawBody: string): string {
  return `sha256=${createHmac("sha256", secret).update(rawBody, "utf8").digest("hex")}`;
}

/**
 * Probot's Octokit with its write limiter off: in production it spaces writes (and every GraphQL
 * request) a second apart per installation, as GitHub asks, which would make every local run
 * measure that pause. A plain `defaults({ throttle: { enabled: false } })` is overwritten by
 * Probot's own throttle options; a defaults FUNCTION runs last. Retries stay as in production
 * unless `retries: false`.
 */
export function loopbackOctokit(options: { retries?: boolean } = {}): typeof ProbotOctokit {
  return ProbotOctokit.defaults((octokitOptions: Record<string, unknown>) => ({
    ...octokitOptions,
    ...(options.retries === false ? { retry: { ...(octokitOptions.retry as object), enabled: false } } : {}),
    throttle: { ...(octokitOptions.throttle as object), enabled: false },
  }));
}
