// A logger for GitHub Actions: plain lines in the job log, warnings and errors as workflow
// commands (so they show as annotations), structured fields as JSON after the message. Logs carry
// logins, counts and outcomes only (see src/review.ts); and every line starts with the app's own
// words, never with a value, so nothing logged can be read by the runner as a workflow command.

export interface ActionsLogger {
  info(obj: object | string, msg?: string): void;
  warn(obj: object | string, msg?: string): void;
  error(obj: object | string, msg?: string): void;
  debug(obj: object | string, msg?: string): void;
  child(bindings: Record<string, unknown>): ActionsLogger;
}

/** Escapes the data of a workflow command (`::warning::DATA`). */
export function escapeCommandData(text: string): string {
  return text.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
}

const QUIETER_THAN_INFO = { info: 0, warn: 1, error: 2 } as const;

export function actionsLogger(
  write: (line: string) => void = (line) => process.stdout.write(`${line}\n`),
  bindings: Record<string, unknown> = {},
  debugEnabled = process.env.RUNNER_DEBUG === "1",
  /** The least level written besides debug (the action's `log-level` input): errors always are. */
  minLevel: keyof typeof QUIETER_THAN_INFO = "info",
): ActionsLogger {
  const line = (level: "info" | "warning" | "error" | "debug", objOrMsg: object | string, msg?: string) => {
    const rank = level === "warning" ? 1 : level === "error" ? 2 : 0;
    if (level !== "debug" && rank < QUIETER_THAN_INFO[minLevel]) return;
    const [fields, text] = typeof objOrMsg === "string" ? [{}, objOrMsg] : [objOrMsg, msg ?? ""];
    const all = { ...bindings, ...serializable(fields) };
    const json = Object.keys(all).length ? ` ${JSON.stringify(all)}` : "";
    const message = text || "(no message)";
    if (level === "info") write(`${message}${json}`);
    else write(`::${level}::${escapeCommandData(`${message}${json}`)}`);
  };
  return {
    info: (o, m) => line("info", o, m),
    warn: (o, m) => line("warning", o, m),
    error: (o, m) => line("error", o, m),
    debug: (o, m) => {
      if (debugEnabled) line("debug", o, m);
    },
    child: (more) => actionsLogger(write, { ...bindings, ...more }, debugEnabled, minLevel),
  };
}

/** Errors as {message, status}: their own properties are not enumerable, and stacks are noise here. */
function serializable(fields: object): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(fields)) {
    out[key] =
      value instanceof Error ? { message: value.message, status: (value as { status?: unknown }).status } : value;
  }
  return out;
}
