// Jest global teardown: sums the figures the e2e and property tests recorded and prints them.
// The duplicate and lost-approval counts come from audits of the stand-in's end states; any that
// is not zero fails the run, even if a test forgot to assert it.
/* global process, console */
import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { reportCorpus } from "./corpus-figures.js";

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
  ["jobsLost", "jobs lost"],
  ["jobsRunTwiceWithDuplicateWrites", "jobs run twice with duplicate writes"],
];
const MUST_BE_ZERO = [
  "duplicateComments",
  "duplicateLabels",
  "duplicateChecks",
  "lostApprovals",
  "forgedAccepted",
  "jobsLost",
  "jobsRunTwiceWithDuplicateWrites",
];
// Counted by the GitHub stand-in itself (src/standin/checked.ts), recorded by test/setup.ts.
const SCHEMA_ROWS = [
  ["graphqlChecked", "GraphQL documents"],
  ["restChecked", "REST requests"],
  ["invalidRequests", "invalid"],
];

/**
 * The closing line: every GraphQL document and REST request sent to a stand-in was checked against
 * GitHub's published schemas and documented limits. Returns a function that prints it and returns
 * the failure if any was invalid (outside stand-ins started with `expectInvalidRequests`).
 */
function schemaChecks(totals, examples) {
  return () => {
    if (totals.graphqlChecked + totals.restChecked === 0) return null;
    console.log(
      `requests checked against GitHub's published schemas and limits: ${totals.graphqlChecked} GraphQL documents, ${totals.restChecked} REST requests; invalid: ${totals.invalidRequests}`,
    );
    return totals.invalidRequests === 0
      ? null
      : `${totals.invalidRequests} requests GitHub would refuse were sent to the stand-in, e.g.:\n  ${examples.slice(0, 10).join("\n  ")}`;
  };
}

export default function teardown() {
  const file = process.env.E2E_FIGURES_FILE;
  if (!file || !existsSync(file)) return;
  const totals = Object.fromEntries([...ROWS, ...SCHEMA_ROWS].map(([key]) => [key, 0]));
  const invalidExamples = [];
  const recorded = readFileSync(file, "utf8").split("\n");
  // The matching corpus's precision and recall, printed now; a figure under 100% fails the run below.
  const corpusError = reportCorpus(recorded);
  for (const line of recorded) {
    if (!line.trim()) continue;
    const row = JSON.parse(line);
    for (const [key, value] of Object.entries(row)) if (key in totals) totals[key] += Number(value) || 0;
    if (Array.isArray(row.invalidExamples)) invalidExamples.push(...row.invalidExamples);
  }
  rmSync(file, { force: true });
  const schemaLine = schemaChecks(totals, invalidExamples);
  if (totals.deliveries === 0 && totals.hostileInputs === 0) {
    const invalid = schemaLine();
    const failures = [...(corpusError ? [corpusError] : []), ...(invalid ? [invalid] : [])];
    if (failures.length > 0) throw new Error(failures.join("\n"));
    return;
  }
  const width = Math.max(...ROWS.map(([, label]) => label.length));
  const lines = [
    "",
    "End-to-end figures (counted by the tests that ran):",
    ...ROWS.map(([key, label]) => `  ${label.padEnd(width)}  ${String(totals[key]).padStart(7)}`),
    "",
  ];
  console.log(lines.join("\n"));
  if (process.env.E2E_FIGURES_OUT) writeFileSync(process.env.E2E_FIGURES_OUT, `${JSON.stringify(totals, null, 2)}\n`);
  const invalid = schemaLine();
  const bad = MUST_BE_ZERO.filter((key) => totals[key] !== 0);
  const failures = [
    ...(bad.length ? [`end-to-end audit found ${bad.map((k) => `${totals[k]} ${k}`).join(", ")}`] : []),
    ...(invalid ? [invalid] : []),
    ...(corpusError ? [corpusError] : []),
  ];
  if (failures.length > 0) throw new Error(failures.join("\n"));
}
