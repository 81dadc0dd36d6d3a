// The app's version, from package.json (present next to lib/ in every deployment, Docker included).
// The Action's single-file bundle (dist/) has no package.json beside it: its build defines
// __ETHICS_POLICY_VERSION__ instead (scripts/build-action.mjs).
import { readFileSync } from "node:fs";

declare const __ETHICS_POLICY_VERSION__: string | undefined;

let cached: string | undefined;

export function appVersion(): string {
  if (cached === undefined && typeof __ETHICS_POLICY_VERSION__ === "string") cached = __ETHICS_POLICY_VERSION__;
  if (cached === undefined) {
    try {
      const pkg = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as {
        version?: unknown;
      };
      cached = typeof pkg.version === "string" ? pkg.version : "unknown";
    } catch {
      cached = "unknown";
    }
  }
  return cached;
}
