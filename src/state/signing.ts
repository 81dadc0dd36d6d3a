// The key that authenticates the state the app keeps in its own comment, and where it comes from.
// Like Django's `signing` and itsdangerous: one secret the deployment already holds, a key derived
// from it per purpose (HKDF-SHA256 with a purpose-specific salt), an HMAC-SHA256 over the exact
// serialized bytes, compared in constant time. Reads the environment (and a key file) only in
// `stateSecretFrom`; everything else is pure.
import { createHmac, hkdfSync, timingSafeEqual } from "node:crypto";
import { readFileSync } from "node:fs";

/** Environment variable holding a secret of the operator's choosing (preferred: it survives key rotation). */
export const STATE_KEY_ENV = "ETHICS_POLICY_STATE_KEY";
/** The GitHub Actions input `state-key`, as the runner passes it to a step. */
export const STATE_KEY_INPUT_ENV = "INPUT_STATE-KEY";
/** Shorter secrets than this are refused: a guessable key would let anyone forge approvals. */
export const MIN_SECRET_CHARS = 32;

const SALT = "ethics-policy/comment-state/v2";

export interface StateKey {
  /** A short public id of the key, stored beside each state: a state signed with another key is told apart from an edited one. */
  readonly id: string;
  /** HMAC-SHA256 of `message`, base64url. */
  sign(message: string): string;
  /** Whether `signature` is `sign(message)`, in constant time. */
  verify(message: string, signature: string): boolean;
  /**
   * A short keyed digest of an evidence key. Keyed, so nobody without the key can search for
   * evidence whose digest collides with an approved one.
   */
  token(evidenceKey: string): string;
}

/** Derives the state key from a secret (the app's private key PEM, or ETHICS_POLICY_STATE_KEY). */
export function deriveStateKey(secret: string | Buffer): StateKey {
  const material = typeof secret === "string" ? Buffer.from(secret.trim(), "utf8") : secret;
  if (material.length < MIN_SECRET_CHARS)
    throw new Error(`the state key secret is too short: at least ${MIN_SECRET_CHARS} characters are needed`);
  const sub = (info: string) => Buffer.from(hkdfSync("sha256", material, SALT, info, 32));
  const macKey = sub("state-hmac");
  const tokenKey = sub("evidence-token");
  const mac = (key: Buffer, message: string) => createHmac("sha256", key).update(message, "utf8").digest();
  return {
    id: mac(sub("key-id"), "key-id").toString("base64url").slice(0, 8),
    sign: (message) => mac(macKey, message).toString("base64url"),
    verify(message, signature) {
      const expected = mac(macKey, message);
      const given = Buffer.from(signature, "base64url");
      return given.length === expected.length && timingSafeEqual(given, expected);
    },
    // 48 bits: collisions among the few thousand pieces of evidence a pull request can hold are
    // out of reach by chance, and the key keeps anyone from searching for one.
    token: (evidenceKey) => mac(tokenKey, evidenceKey).toString("base64url").slice(0, 8),
  };
}

export type StateSecretSource = "ETHICS_POLICY_STATE_KEY" | "state-key input" | "PRIVATE_KEY" | "PRIVATE_KEY_PATH";

/**
 * The secret to derive the state key from: ETHICS_POLICY_STATE_KEY, else the Actions input
 * `state-key`, else the app's private key (PRIVATE_KEY, or the file at PRIVATE_KEY_PATH). Null
 * when none is set. Reads the key file at PRIVATE_KEY_PATH.
 */
export function stateSecretFrom(env: NodeJS.ProcessEnv): { secret: string; source: StateSecretSource } | null {
  const configured = env[STATE_KEY_ENV]?.trim();
  if (configured) return { secret: configured, source: "ETHICS_POLICY_STATE_KEY" };
  const input = env[STATE_KEY_INPUT_ENV]?.trim();
  if (input) return { secret: input, source: "state-key input" };
  const pem = env.PRIVATE_KEY?.trim();
  if (pem) return { secret: pem, source: "PRIVATE_KEY" };
  if (env.PRIVATE_KEY_PATH) return { secret: readFileSync(env.PRIVATE_KEY_PATH, "utf8"), source: "PRIVATE_KEY_PATH" };
  return null;
}

export const MISSING_STATE_KEY =
  "no key to sign the approvals the app records: set ETHICS_POLICY_STATE_KEY to a random secret of at least 32 characters " +
  "(in GitHub Actions: pass a repository or environment secret as the `state-key` input or the ETHICS_POLICY_STATE_KEY env), " +
  "or give the app its PRIVATE_KEY";
