// The throughput baseline: a minimal Probot app that decides nothing and makes `requests` stand-in
// requests per event — the app's own read query (so the stand-in does the same work to answer it)
// and then cheap `GET /repos/{owner}/{repo}` calls — on the same server setup. What is left
// between its events/s and the app's is the app's own cost: evaluation, rendering, planning.
import type { ApplicationFunction } from "probot";
import { PULL_REQUEST_QUERY, blobExpression } from "../src/github/query.js";
import { DEFAULT_LABEL_NAME } from "../src/github/read-pull-request.js";
import { POLICY_PATH } from "../src/policy/load.js";
import { CHECK_NAME } from "../src/reconcile/desired.js";

export function noopApp(appId: number, requests: number): ApplicationFunction {
  return (app) => {
    app.on("pull_request.opened", async (context) => {
      const { owner, repo } = context.repo();
      const read = context.octokit.graphql(PULL_REQUEST_QUERY, {
        owner,
        repo,
        number: context.payload.pull_request.number,
        policyExpression: blobExpression(POLICY_PATH),
        appId,
        checkName: CHECK_NAME,
        commitsFirst: 100,
        labelName: DEFAULT_LABEL_NAME,
      });
      // A reply with `errors` (say, no owner `.github` repository) still carries its data.
      await read.catch((error: { data?: unknown }) => {
        if (!error.data) throw error;
      });
      for (let i = 1; i < requests; i++) await context.octokit.rest.repos.get({ owner, repo });
    });
  };
}
