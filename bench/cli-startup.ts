// How long `ethics-policy validate` takes on a small policy, as a user runs it (a new Node.js
// process running the installed command, lib/bin/cli.js), against `node -e 0`: the floor any
// Node.js command pays. Runs alternate between the two so a busy machine slows both alike; the
// medians are compared.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import { round } from "./evaluation.js";

const ROOT = resolve(import.meta.dirname ?? ".", "../..");
export const CLI = join(ROOT, "lib", "bin", "cli.js");
const POLICY = join(ROOT, "examples", "minimal.yml");

function timeMs(args: string[]): number {
  const started = process.hrtime.bigint();
  const run = spawnSync(process.execPath, args, { encoding: "utf8" });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  if (run.status !== 0) throw new Error(`node ${args.join(" ")} exited ${run.status}: ${run.stderr}`);
  return ms;
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
};

export function measureCliStartup(runs = 21) {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: npm run bench builds it (scripts/build-cli.mjs)`);
  const baseline: number[] = [];
  const validate: number[] = [];
  timeMs(["-e", "0"]);
  timeMs([CLI, "validate", "--quiet", POLICY]);
  for (let i = 0; i < runs; i++) {
    baseline.push(timeMs(["-e", "0"]));
    validate.push(timeMs([CLI, "validate", "--quiet", POLICY]));
  }
  const nodeMs = median(baseline);
  const validateMs = median(validate);
  return { runs, node_e0_ms: round(nodeMs, 1), validate_ms: round(validateMs, 1), ratio: round(validateMs / nodeMs) };
}
