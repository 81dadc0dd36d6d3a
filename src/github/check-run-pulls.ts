// Which pull requests a check_run event is about. GitHub lists them in `check_run.pull_requests`,
// but only those whose head is in the same repository: for a pull request from a fork (the usual
// case for outside contributors) the list is empty. Then the app's own `external_id` names the
// pull request, and failing that (a check run written before external ids, or for another pull
// request with the same head) the open pull requests are searched by head SHA. Every pull request
// found that way is verified over REST: open, in this repository, with the check run's head SHA.
// I/O: GitHub's REST API.
import { pullNumberOfExternalId } from "../reconcile/check-external-id.js";

/** The REST shape read here: `context.octokit` satisfies it. */
export interface PullsApi {
  rest: {
    pulls: {
      get(p: { owner: string; repo: string; pull_number: number }): Promise<{ data: RestPull }>;
      list(p: {
        owner: string;
        repo: string;
        state: "open";
        sort: "updated";
        direction: "desc";
        per_page: number;
        page: number;
      }): Promise<{ data: RestPull[] }>;
    };
  };
}

export interface RestPull {
  number: number;
  state: string;
  head: { sha: string };
  base: { repo: { full_name: string } };
}

export interface CheckRunRef {
  head_sha: string;
  external_id?: string | null;
  pull_requests: { number: number; base: { repo: { id: number } } }[];
}

/** Open pull requests read when searching by head SHA: 10 pages of 100, most recently updated first. */
export const MAX_SEARCHED_PAGES = 10;
const PER_PAGE = 100;

export type FoundBy = "payload" | "external_id" | "head_sha" | "none";

export async function pullRequestsOfCheckRun(
  octokit: PullsApi,
  repository: { id: number; owner: string; repo: string },
  run: CheckRunRef,
): Promise<{ numbers: number[]; foundBy: FoundBy }> {
  const listed = run.pull_requests.filter((p) => p.base.repo.id === repository.id).map((p) => p.number);
  if (listed.length > 0) return { numbers: listed, foundBy: "payload" };
  const { owner, repo } = repository;
  const isHeadHere = (pr: RestPull) =>
    pr.state === "open" &&
    pr.head.sha === run.head_sha &&
    pr.base.repo.full_name.toLowerCase() === `${owner}/${repo}`.toLowerCase();

  const named = pullNumberOfExternalId(run.external_id);
  if (named !== null) {
    const pr = await getPull(octokit, owner, repo, named);
    if (pr && isHeadHere(pr)) return { numbers: [pr.number], foundBy: "external_id" };
  }
  for (let page = 1; page <= MAX_SEARCHED_PAGES; page++) {
    const { data } = await octokit.rest.pulls.list({
      owner,
      repo,
      state: "open",
      sort: "updated",
      direction: "desc",
      per_page: PER_PAGE,
      page,
    });
    const found = data.filter(isHeadHere).map((pr) => pr.number);
    if (found.length > 0) return { numbers: found, foundBy: "head_sha" };
    if (data.length < PER_PAGE) break;
  }
  return { numbers: [], foundBy: "none" };
}

async function getPull(octokit: PullsApi, owner: string, repo: string, number: number): Promise<RestPull | null> {
  try {
    return (await octokit.rest.pulls.get({ owner, repo, pull_number: number })).data;
  } catch (error) {
    if ((error as { status?: unknown }).status === 404) return null;
    throw error;
  }
}
