// The GitHub client at the app's boundary, typed by Octokit itself rather than by hand: Probot's
// `context.octokit` is one, and so is @octokit/rest's Octokit (the CLI and the Actions entry),
// since both carry the same REST endpoint methods plugin. Modules ask for the slice they use.
import type { ProbotOctokit } from "probot";

/** REST endpoint methods (`octokit.rest.*`), pagination and GraphQL: all the app does with GitHub. */
export type GitHubClient = Pick<ProbotOctokit, "rest" | "graphql" | "paginate">;

/** The REST half: what the REST write executor uses. */
export type RestClient = Pick<GitHubClient, "rest">;
