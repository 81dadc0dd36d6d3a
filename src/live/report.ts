// A pull request's dry run as data: the review's outcome turned into the report `--json` prints
// and the text renderer reads. Pure.
import type { Decision } from "../decision.js";
import type { PolicyProblem } from "../policy/parse.js";
import type { Operation } from "../reconcile/plan.js";
import type { ReviewOutcome } from "../review.js";

export type OutcomeName =
  "flagged" | "clear" | "exempt" | "invalid_policy" | "no_policy" | "closed" | "not_found" | "error";

/** One pull request's dry run, as `--json` prints it. */
export interface DryRunReport {
  ref: string;
  outcome: OutcomeName;
  head?: string;
  author?: string;
  decision?: Decision;
  problems?: PolicyProblem[];
  /** The writes the app would make, in order (reconcile's plan). Empty: it would change nothing. */
  actions: Operation[];
  notes: string[];
  error?: string;
}

export function toReport(ref: string, outcome: ReviewOutcome, notes: string[]): DryRunReport {
  switch (outcome.kind) {
    case "not_found":
      return { ref, outcome: "not_found", actions: [], notes };
    case "closed":
      return { ref, outcome: "closed", actions: [], notes };
    case "no_policy":
      return { ref, outcome: "no_policy", actions: [], notes };
    case "invalid_policy":
      return {
        ref,
        outcome: "invalid_policy",
        head: outcome.snapshot.headSha,
        problems: outcome.problems,
        actions: outcome.ops,
        notes,
      };
    case "reviewed": {
      const { decision, snapshot } = outcome;
      const name: OutcomeName = decision.flagged ? "flagged" : decision.exempt ? "exempt" : "clear";
      const more = snapshot.evidence.commits_truncated
        ? [`only the first ${snapshot.evidence.commits.length} commits were read`]
        : [];
      return { ref, outcome: name, head: snapshot.headSha, decision, actions: outcome.ops, notes: [...notes, ...more] };
    }
  }
}
