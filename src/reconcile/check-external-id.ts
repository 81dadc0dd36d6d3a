// The "Ethics policy" check run's `external_id`: the pull request it was written for. GitHub sends
// `check_run.pull_requests: []` when the pull request's head is in a fork, so the Approve and
// Re-run buttons find their pull request from this instead (and the handler then verifies it).
// PURE.

const PREFIX = "ethics-policy:pull:";

/** e.g. "ethics-policy:pull:42". */
export function checkExternalId(pullNumber: number): string {
  return `${PREFIX}${pullNumber}`;
}

/** The pull request number in an external_id this app wrote; null for anything else. */
export function pullNumberOfExternalId(externalId: string | null | undefined): number | null {
  if (typeof externalId !== "string" || !externalId.startsWith(PREFIX)) return null;
  const digits = externalId.slice(PREFIX.length);
  if (!/^[1-9][0-9]{0,9}$/.test(digits)) return null;
  const number = Number(digits);
  return Number.isSafeInteger(number) ? number : null;
}
