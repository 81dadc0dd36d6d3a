// The words the live CLI commands print when GitHub cannot be used: rejected tokens, refused
// access, rate limits, GraphQL errors, and a network that never reached GitHub at all.
import { networkFailure, statusOf, type NetworkReason } from "../live/errors.js";
import { escapeInvisible } from "./invisible.js";

/** A value on one line, with control and bidi characters escaped. */
export function oneLine(text: string): string {
  return escapeInvisible(text.replace(/\s*\n\s*/g, " "));
}

const NETWORK_WORDS: Record<NetworkReason, string> = {
  dns: "the host name could not be resolved (DNS)",
  refused: "the connection was refused or the host is unreachable",
  timeout: "the connection timed out",
  reset: "the connection was closed before GitHub answered",
  tls: "the TLS connection failed (certificate)",
  other: "the request failed before GitHub answered",
};

/** Where a request went, without query string or credentials. */
function safeUrl(url: string | null, baseUrl: string | undefined): string {
  const raw = url ?? baseUrl;
  if (!raw) return "GitHub";
  try {
    const u = new URL(raw);
    return `${u.protocol}//${u.host}${u.pathname}`;
  } catch {
    return oneLine(raw);
  }
}

/** One paragraph a user can act on; `baseUrl` names GitHub when the error does not say where it went. */
export function describeLiveError(error: unknown, baseUrl?: string): string {
  const network = networkFailure(error);
  if (network) {
    return `could not reach GitHub at ${safeUrl(network.url, baseUrl)}: ${NETWORK_WORDS[network.reason]} (${oneLine(network.detail)}). GitHub did not answer; check the network, --api-url or GHE_HOST.`;
  }
  const status = statusOf(error);
  const e = error as {
    message?: string;
    response?: { headers?: Record<string, string | undefined> };
    errors?: { message?: string }[];
  } | null;
  const said = oneLine(e?.message ?? String(error));
  if (status === 401) {
    return `GitHub rejected the token (401: ${said}). Check --token or GITHUB_TOKEN, and --api-url or GHE_HOST for GitHub Enterprise Server.`;
  }
  if (status === 403) {
    const headers = e?.response?.headers ?? {};
    if (headers["x-ratelimit-remaining"] === "0") {
      const reset = Number(headers["x-ratelimit-reset"]);
      const when = Number.isFinite(reset) && reset > 0 ? ` until ${new Date(reset * 1000).toISOString()}` : "";
      return `GitHub's rate limit is exhausted${when} (403: ${said}).`;
    }
    return `GitHub refused access (403: ${said}). The token needs read access to the repository's contents, pull requests and checks.`;
  }
  if (Array.isArray(e?.errors) && e.errors.length > 0) {
    return `GitHub's GraphQL API answered with errors: ${oneLine(e.errors.map((x) => x.message ?? "?").join("; "))}`;
  }
  if (status !== undefined) return `GitHub answered ${status}: ${said}`;
  return `could not read from GitHub: ${said}`;
}
