// The HTTP status of a failed GitHub request, from whatever was thrown. Octokit throws a
// RequestError (@octokit/request-error) carrying the numeric `status` of GitHub's answer;
// @octokit/webhooks wraps the errors of a delivery's handlers in an AggregateError whose `errors`
// hold them. Anything else (a bug, a network failure before any answer) has no status.

/** The status GitHub answered with, or undefined when the error is not an answer from GitHub. */
export function httpStatusOf(error: unknown): number | undefined {
  const own = statusField(error);
  if (own !== undefined) return own;
  if (typeof error === "object" && error !== null && "errors" in error && Array.isArray(error.errors))
    return statusField(error.errors[0]);
  return undefined;
}

function statusField(error: unknown): number | undefined {
  if (typeof error !== "object" || error === null || !("status" in error)) return undefined;
  return typeof error.status === "number" && Number.isInteger(error.status) ? error.status : undefined;
}
