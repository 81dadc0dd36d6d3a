// The "Ethics policy: configuration" check: a pull request that edits the policy file is told,
// line by line, whether the policy it proposes is valid, before it is merged. Costs nothing for
// pull requests that do not touch the file: the changed paths come with the one read.
import { readCheckRun, readPolicyFile, type GraphqlClient } from "./github/read-pull-request.js";
import type { Snapshot } from "./github/types.js";
import { displayName, loadPolicy, POLICY_PATH, proposedPolicyScope } from "./policy/load.js";
import { lintPolicy } from "./policy/lint.js";
import type { ParseSources } from "./policy/policy-parser.js";
import { planReconcile, type CheckOutput, type Operation } from "./reconcile/plan.js";
import { renderPolicyErrorCheck, renderPolicyRemovedCheck, renderPolicyValidCheck } from "./render/check.js";

export const CONFIG_CHECK_NAME = "Ethics policy: configuration";

/** Whether the pull request may change the policy file: listed, or beyond the first 100 paths. */
export function mayChangePolicy(snapshot: Pick<Snapshot, "changedFiles">, policyPath = POLICY_PATH): boolean {
  const files = snapshot.changedFiles;
  return files !== undefined && (files.paths.includes(policyPath) || !files.complete);
}

/** The writes that bring the configuration check up to date; none when the file is not touched. */
export async function planConfigCheck(
  graphql: GraphqlClient,
  appId: number,
  snapshot: Snapshot,
  parse?: ParseSources,
  policyPath = POLICY_PATH,
): Promise<Operation[]> {
  if (!mayChangePolicy(snapshot, policyPath)) return [];
  const repo = `${snapshot.owner}/${snapshot.repo}`;
  const proposed = await readPolicyFile(graphql, repo, policyPath, snapshot.headSha);
  const current = snapshot.policyFile?.repo.toLowerCase() === repo.toLowerCase() ? snapshot.policyFile : null;
  if (proposed?.sha === current?.sha) return []; // the file is the same as on the default branch

  let output: CheckOutput;
  if (!proposed) {
    output = renderPolicyRemovedCheck(policyPath);
  } else {
    // Bases named by `_extends` are read from their default branches, as they will be after merge,
    // and only from this repository or the owner's .github: a contributor's proposal must not make
    // the app read (or say whether there is) a file in any other repository the app can see.
    const loaded = await loadPolicy(
      proposed,
      (r, path) => readPolicyFile(graphql, r, path),
      proposedPolicyScope(repo),
      parse,
    );
    output =
      loaded.kind === "valid"
        ? renderPolicyValidCheck(
            loaded.result.policy.organizations.length,
            displayName(proposed),
            lintPolicy(loaded.result.policy, { file: displayName(proposed), text: proposed.text }),
          )
        : loaded.kind === "invalid"
          ? renderPolicyErrorCheck(loaded.result.problems, { proposed: true })
          : renderPolicyRemovedCheck(policyPath);
  }
  const checkRun = await readCheckRun(graphql, snapshot, snapshot.headSha, { appId, checkName: CONFIG_CHECK_NAME });
  return planReconcile(
    {
      label: null,
      comment: "keep",
      check: { name: CONFIG_CHECK_NAME, headSha: snapshot.headSha, output },
      reviewers: null,
    },
    { labels: [], comment: null, extraComments: [], checkRun },
  );
}
