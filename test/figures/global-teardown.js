// Jest global teardown: sums the figures the e2e and property tests recorded and prints them.
// The duplicate and lost-approval counts come from audits of the stand-in's end states; any that
// is not zero fails the run, even if a test forgot to assert it.
/* global process, console */
import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";

const ROWS = [
  ["deliveries", "webhook deliveries sent"],
  ["duplicateDeliveries", "duplicate deliveries (same X-GitHub-Delivery id)"],
  ["concurrentDeliveries", "deliveries sent concurrently for one pull request"],
  ["faults", "GitHub faults injected (5xx, timeout, reset, 403, 404, 422)"],
  ["hostileInputs", "hostile inputs tried"],
  ["pullRequestsChecked", "pull request end states audited"],
  ["duplicateComments", "duplicate app comments"],
  ["duplicateLabels", "duplicate labels"],
  ["duplicateChecks", "duplicate checks on a head commit"],
  ["lostApprovals", "approvals lost"],
  ["forgedAccepted", "forged or edited states accepted"],
];
const MUST_BE_ZERO = ["duplicateComments", "duplicateLabels", "duplicateChecks", "lostApprovals", "forgedAccepted"];

export default function teardown() {
  const file = process.env.E2E_FIGURES_FILE;
  if (!file || !existsSync(file)) return;
  const totals = Object.fromEntries(ROWS.map(([key]) => [key, 0]));
  for (const line of readFileSync(file, "utf8").split("\n")) {
    if (!line.trim()) continue;
    for (const [key, value] of Object.entries(JSON.parse(line))) if (key in totals) totals[key] += Number(value) || 0;
  }
  rmSync(file, { force: true });
  if (totals.deliveries === 0 && totals.hostileInputs === 0) return;
  const width = Math.max(...ROWS.map(([, label]) => label.length));
  const lines = [
    "",
    "End-to-end figures (counted by the tests that ran):",
    ...ROWS.map(([key, label]) => `  ${label.padEnd(width)}  ${String(totals[key]).padStart(7)}`),
    "",
  ];
  console.log(lines.join("\n"));
  if (process.env.E2E_FIGURES_OUT) writeFileSync(process.env.E2E_FIGURES_OUT, `${JSON.stringify(totals, null, 2)}\n`);
  const bad = MUST_BE_ZERO.filter((key) => totals[key] !== 0);
  if (bad.length > 0) throw new Error(`end-to-end audit found ${bad.map((k) => `${totals[k]} ${k}`).join(", ")}`);
}
