// GitHub answers a query that partly failed with HTTP 200, `data` and `errors`; octokit.graphql
// then throws GraphqlResponseError carrying both. Some of those failures are answers ("no such
// pull request", "the owner has no .github repo"), so a caller may accept the partial data when
// every error is one it expects. Anything else is rethrown unchanged.

export interface GraphqlError {
  type?: string;
  path?: (string | number)[];
  message?: string;
}

export type GraphqlClient = <T>(query: string, variables?: Record<string, unknown>) => Promise<T>;

export type ErrorFilter = (error: GraphqlError) => boolean;

export async function queryAccepting<T>(
  graphql: GraphqlClient,
  query: string,
  variables: Record<string, unknown>,
  accept: ErrorFilter,
): Promise<T> {
  try {
    return await graphql<T>(query, variables);
  } catch (error) {
    const partial = error as { errors?: unknown; data?: unknown };
    if (
      Array.isArray(partial.errors) &&
      partial.errors.length > 0 &&
      partial.data !== null &&
      typeof partial.data === "object" &&
      (partial.errors as GraphqlError[]).every(accept)
    ) {
      return partial.data as T;
    }
    throw error;
  }
}

const pathIs = (error: GraphqlError, ...prefix: string[]): boolean =>
  error.path?.length === prefix.length && prefix.every((p, i) => error.path?.[i] === p);

/** The repository or pull request does not exist (or is not visible to the app). */
export const missingPullRequest: ErrorFilter = (e) =>
  e.type === "NOT_FOUND" && (pathIs(e, "repository") || pathIs(e, "repository", "pullRequest"));

/** The owner has no `.github` repository the app can see. */
export const missingOwnerConfig: ErrorFilter = (e) => e.type === "NOT_FOUND" && pathIs(e, "ownerConfig");

/**
 * An organization in someone's list is hidden from the app (IP allow list, SAML): that node is
 * null and the rest of the profile stands.
 */
export const hiddenOrganization: ErrorFilter = (e) =>
  e.type === "FORBIDDEN" && (e.path ?? []).includes("organizations");

/** A login asked for by alias that names no user. */
export const missingUser: ErrorFilter = (e) =>
  e.type === "NOT_FOUND" && e.path?.length === 1 && /^u\d+$/.test(String(e.path[0]));

export const anyOf =
  (...filters: ErrorFilter[]): ErrorFilter =>
  (e) =>
    filters.some((f) => f(e));
