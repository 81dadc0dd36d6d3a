// Reconcile, part two: carry out a plan with GitHub's REST API. Each write is the smallest that
// does its job; a label that already exists in the repository or is already gone from the PR is
// success, not failure, because another replica or an earlier attempt may have got there first.
// Creating a comment or a check run is not idempotent: those two are sent with
// `request: { retries: 0 }`, so Octokit's retry plugin never repeats one GitHub may have carried
// out; the next event's reconcile completes what is missing (and deletes a duplicate comment).
// The GraphQL executor (graphql-executor.ts) does the same job in fewer requests.
import type { RestClient } from "../github/client.js";
import type { PullRequestRef } from "../github/types.js";
import type { CheckOutput, Operation } from "./plan.js";
import { httpStatusOf } from "../github/http-status.js";

/** The REST client this module writes with: Octokit's own type (see github/client.ts). */
export type { RestClient };

/** For writes that must not be repeated blindly (see the top of this file). */
const NO_RETRY = { request: { retries: 0 } } as const;

/** Runs `write`, treating the listed HTTP statuses as "already so". */
async function tolerate(statuses: number[], write: () => Promise<unknown>): Promise<void> {
  try {
    await write();
  } catch (error) {
    if (!statuses.includes(httpStatusOf(error) ?? 0)) throw error;
  }
}

export async function applyPlan(octokit: RestClient, ref: PullRequestRef, ops: Operation[]): Promise<void> {
  const { owner, repo, number } = ref;
  for (const op of ops) {
    switch (op.kind) {
      case "add_label":
        // 422: the repository has the label already.
        await tolerate([422], () => octokit.rest.issues.createLabel({ owner, repo, ...op.label }));
        await octokit.rest.issues.addLabels({ owner, repo, issue_number: number, labels: [op.label.name] });
        break;
      case "remove_label":
        await tolerate([404], () =>
          octokit.rest.issues.removeLabel({ owner, repo, issue_number: number, name: op.name }),
        );
        break;
      case "create_comment":
        await octokit.rest.issues.createComment({ owner, repo, issue_number: number, body: op.body, ...NO_RETRY });
        break;
      case "update_comment":
        await octokit.rest.issues.updateComment({ owner, repo, comment_id: op.id, body: op.body });
        break;
      case "delete_comment":
        await tolerate([404], () => octokit.rest.issues.deleteComment({ owner, repo, comment_id: op.id }));
        break;
      case "create_check":
        await octokit.rest.checks.create({
          owner,
          repo,
          name: op.name,
          head_sha: op.headSha,
          status: "completed",
          conclusion: op.output.conclusion,
          ...(op.detailsUrl ? { details_url: op.detailsUrl } : {}),
          ...(op.externalId ? { external_id: op.externalId } : {}),
          ...(op.actions ? { actions: op.actions } : {}),
          output: checkOutput(op.output),
          ...NO_RETRY,
        });
        break;
      case "update_check":
        await octokit.rest.checks.update({
          owner,
          repo,
          check_run_id: await restCheckRunId(octokit, ref, op),
          name: op.name,
          status: "completed",
          conclusion: op.output.conclusion,
          ...(op.detailsUrl ? { details_url: op.detailsUrl } : {}),
          ...(op.externalId ? { external_id: op.externalId } : {}),
          // An empty list removes the Approve button once it no longer applies.
          actions: op.actions ?? [],
          output: checkOutput(op.output),
        });
        break;
      case "request_reviewers":
        // 422: a reviewer cannot be requested (not a collaborator, or the author); the comment
        // already tells maintainers, so this is not worth failing the event for.
        await tolerate([422], () =>
          octokit.rest.pulls.requestReviewers({
            owner,
            repo,
            pull_number: number,
            reviewers: op.users,
            team_reviewers: op.teams,
          }),
        );
        break;
    }
  }
}

/**
 * The REST id of the check run the read found by node id: the app never reads CheckRun.databaseId,
 * a 32-bit Int in GitHub's GraphQL schema that real check-run ids outgrow.
 */
async function restCheckRunId(
  octokit: RestClient,
  ref: PullRequestRef,
  op: Extract<Operation, { kind: "update_check" }>,
): Promise<number> {
  const { data } = await octokit.rest.checks.listForRef({
    owner: ref.owner,
    repo: ref.repo,
    ref: op.headSha,
    check_name: op.name,
    filter: "latest",
    per_page: 100,
  });
  const run = data.check_runs.find((r) => r.node_id === op.nodeId);
  if (!run) throw new Error(`check run ${op.nodeId} is no longer on ${op.headSha}; the next event reconciles`);
  return run.id;
}

function checkOutput(output: CheckOutput) {
  return {
    title: output.title,
    summary: output.summary,
    ...(output.text ? { text: output.text } : {}),
    ...(output.annotations?.length ? { annotations: output.annotations } : {}),
  };
}
