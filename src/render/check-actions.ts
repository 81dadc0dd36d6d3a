// The buttons a check run offers ("requested actions"). GitHub refuses a whole check run whose
// actions break its documented limits, so the limits live here, once, and every action the app
// renders is checked against them when this module loads: a too-long text fails every test.
//
// GitHub: "A check run can have a maximum of three actions"; label ≤ 20 characters,
// description ≤ 40, identifier ≤ 20 (REST "Create a check run", `actions[]`).

export const CHECK_ACTION_LIMITS = { actions: 3, label: 20, description: 40, identifier: 20 } as const;

export interface CheckAction {
  /** The button's text. */
  label: string;
  /** Shown next to the button. */
  description: string;
  /** Sent back in `check_run.requested_action.identifier`. */
  identifier: string;
}

/** The problems of a set of actions against GitHub's limits; empty when GitHub accepts them. */
export function checkActionProblems(actions: readonly CheckAction[]): string[] {
  const problems: string[] = [];
  if (actions.length > CHECK_ACTION_LIMITS.actions)
    problems.push(`${actions.length} actions; GitHub allows ${CHECK_ACTION_LIMITS.actions}`);
  for (const action of actions) {
    for (const field of ["label", "description", "identifier"] as const) {
      const length = [...action[field]].length;
      if (length === 0 || length > CHECK_ACTION_LIMITS[field])
        problems.push(
          `${field} of "${action.identifier}" is ${length} characters; GitHub allows 1 to ${CHECK_ACTION_LIMITS[field]}`,
        );
    }
  }
  return problems;
}

/** The action as given, or an error naming what GitHub would refuse. */
export function checkAction(action: CheckAction): CheckAction {
  const problems = checkActionProblems([action]);
  if (problems.length > 0) throw new Error(`invalid check run action: ${problems.join("; ")}`);
  return action;
}

/** The button maintainers can use instead of the approve command (action_required checks only). */
export const APPROVE_ACTION: CheckAction = checkAction({
  label: "Approve",
  description: "A maintainer has reviewed the evidence",
  identifier: "approve",
});
