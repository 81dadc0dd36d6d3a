// Jest global setup: names a fresh file for this run's e2e figures (see test/helpers/figures.ts).
// Workers start after this and inherit the environment variable.
/* global process */
import { writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export default function setup() {
  const file = join(tmpdir(), `ethics-policy-e2e-figures-${process.pid}-${Date.now()}.jsonl`);
  writeFileSync(file, "");
  process.env.E2E_FIGURES_FILE = file;
}
