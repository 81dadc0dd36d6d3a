// The process `npm start` runs must not die of one bad event. Probot already turns a failing
// handler into a 500 for that delivery; this catches a rejection that escapes every handler (a
// promise nobody awaited, a library's stray rejection) and logs it instead of letting Node exit,
// which it does by default. Uncaught exceptions are left to crash: after one, the process state
// cannot be trusted, and a supervisor restarts it (GitHub is the only store: nothing is lost).

export interface GuardLogger {
  error(obj: object, msg?: string): void;
}

export interface ProcessLike {
  on(event: "unhandledRejection", listener: (reason: unknown) => void): unknown;
}

let installed = false;

/** Installs the handlers once per process; returns false if they were already installed. */
export function guardProcess(log: GuardLogger, target: ProcessLike = process): boolean {
  if (target === process) {
    if (installed) return false;
    installed = true;
  }
  target.on("unhandledRejection", (reason) => {
    log.error({ err: describe(reason) }, "unhandled promise rejection (the process carries on)");
  });
  return true;
}

/** Name, message and stack only: never an error's other fields, which may hold request bodies. */
function describe(reason: unknown): { type: string; message: string; stack?: string } {
  if (reason instanceof Error)
    return { type: reason.name, message: reason.message, ...(reason.stack ? { stack: reason.stack } : {}) };
  return { type: typeof reason, message: String(reason) };
}
