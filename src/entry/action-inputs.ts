// The inputs action.yml declares, as the runner passes them to a JavaScript action: one
// environment variable per input, INPUT_ + the name upper-cased with spaces as underscores
// (`log-level` → INPUT_LOG-LEVEL), unset or empty when the workflow gives no value and the input
// has no default. The same review also runs from a plain `run:` step with env GITHUB_TOKEN.

export const ACTION_LOG_LEVELS = ["debug", "info", "warn", "error"] as const;
export type ActionLogLevel = (typeof ACTION_LOG_LEVELS)[number];

export interface ActionInputs {
  /** `token`, else env GITHUB_TOKEN. */
  token?: string;
  logLevel: ActionLogLevel;
  /** `state-key`: the secret the app's record is signed with (read by state/signing.ts too). */
  stateKey?: string;
  /** `policy-path`: where the policy is, in the repository and in the owner's `.github` repository. */
  policyPath?: string;
  /** What was wrong with an input, in words for the job log (the run goes on). */
  problems: string[];
  /** Inputs the run cannot go on with. */
  fatal: string[];
}

/** A path inside a repository: relative, without `..`, `.` or empty segments. */
export function isRepositoryPath(path: string): boolean {
  return !path.startsWith("/") && path.split("/").every((part) => part !== "" && part !== "." && part !== "..");
}

export function actionInput(env: NodeJS.ProcessEnv, name: string): string | undefined {
  const value = env[`INPUT_${name.replace(/ /g, "_").toUpperCase()}`]?.trim();
  return value ? value : undefined;
}

export function readActionInputs(env: NodeJS.ProcessEnv): ActionInputs {
  const problems: string[] = [];
  const fatal: string[] = [];
  const policyPath = actionInput(env, "policy-path");
  if (policyPath !== undefined && !isRepositoryPath(policyPath))
    fatal.push(
      `policy-path must be a path inside the repository, like .github/ethics-policy.yml (got "${policyPath}")`,
    );
  const level = actionInput(env, "log-level")?.toLowerCase() ?? "info";
  let logLevel: ActionLogLevel = "info";
  if ((ACTION_LOG_LEVELS as readonly string[]).includes(level)) logLevel = level as ActionLogLevel;
  else problems.push(`log-level must be one of ${ACTION_LOG_LEVELS.join(", ")}; using info`);
  // The runner's "debug logging" re-run option turns debug on whatever the input says.
  if (env.RUNNER_DEBUG === "1") logLevel = "debug";
  return {
    token: actionInput(env, "token") ?? (env.GITHUB_TOKEN || undefined),
    logLevel,
    stateKey: actionInput(env, "state-key"),
    ...(policyPath !== undefined && fatal.length === 0 ? { policyPath } : {}),
    problems,
    fatal,
  };
}
