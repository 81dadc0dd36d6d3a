// Figures of the labelled matching corpus (issue 13), appended to the run's figures file like the
// e2e figures (test/helpers/figures.ts) and printed by test/figures/corpus-figures.js.
import { appendFileSync } from "node:fs";

export interface CorpusFigures {
  corpusCases: number;
  corpusTruePositives: number;
  corpusFalsePositives: number;
  corpusFalseNegatives: number;
  corpusTrueNegatives: number;
}

export function recordCorpusFigures(figures: CorpusFigures): void {
  const file = process.env.E2E_FIGURES_FILE;
  if (!file) return;
  appendFileSync(file, `${JSON.stringify(figures)}\n`);
}
