// Figures for `npm run test:e2e`: what the end-to-end and property tests actually did, appended by
// each test file (jest runs files in separate workers) to the file the global setup named in
// E2E_FIGURES_FILE, and summed and printed by the global teardown. Outside such a run, nothing is
// recorded. Counts come from the tests' own actions and from inspecting the stand-in's end state.
import { appendFileSync } from "node:fs";

export interface Figures {
  /** Webhook deliveries POSTed to an app server. */
  deliveries: number;
  /** Deliveries that repeated an X-GitHub-Delivery id already sent. */
  duplicateDeliveries: number;
  /** Deliveries sent while others for the same pull request were in flight. */
  concurrentDeliveries: number;
  /** GitHub requests answered with an injected fault (5xx, timeout, reset, 403, 404, 422). */
  faults: number;
  /** Hostile inputs tried by property and end-to-end tests. */
  hostileInputs: number;
  /** End states inspected for the counts below. */
  pullRequestsChecked: number;
  duplicateComments: number;
  duplicateLabels: number;
  duplicateChecks: number;
  lostApprovals: number;
  /** Attack scenarios (test/e2e/approvals-trust.test.ts) in which a forged or edited record was believed. */
  forgedAccepted: number;
  /** Queue scenarios (test/e2e/queue*.test.ts): jobs whose work never happened. */
  jobsLost: number;
  /** Queue scenarios: jobs run more than once (retry, takeover, redelivery) that wrote something twice. */
  jobsRunTwiceWithDuplicateWrites: number;
  /** GraphQL documents the stand-in checked against GitHub's schema (src/standin/checked.ts). */
  graphqlChecked: number;
  /** REST requests the stand-in checked against GitHub's REST description and documented limits. */
  restChecked: number;
  /** Of those, requests GitHub would refuse, from stand-ins that did not expect any. */
  invalidRequests: number;
}

export const FIGURE_NAMES: Record<keyof Figures, string> = {
  deliveries: "webhook deliveries sent",
  duplicateDeliveries: "duplicate deliveries (same X-GitHub-Delivery id)",
  concurrentDeliveries: "concurrent deliveries for one pull request",
  faults: "GitHub faults injected",
  hostileInputs: "hostile inputs tried",
  pullRequestsChecked: "pull request end states checked",
  duplicateComments: "duplicate app comments",
  duplicateLabels: "duplicate labels",
  duplicateChecks: "duplicate checks on a head commit",
  lostApprovals: "approvals lost",
  forgedAccepted: "forged or edited states accepted",
  jobsLost: "jobs lost",
  jobsRunTwiceWithDuplicateWrites: "jobs run twice with duplicate writes",
  graphqlChecked: "GraphQL documents checked against GitHub's schema",
  restChecked: "REST requests checked against GitHub's REST description",
  invalidRequests: "requests GitHub would refuse",
};

export function recordFigures(figures: Partial<Figures> & { invalidExamples?: string[] }): void {
  const file = process.env.E2E_FIGURES_FILE;
  if (!file) return;
  appendFileSync(file, `${JSON.stringify(figures)}\n`);
}

/**
 * Records what this test file's stand-ins checked (test/setup.ts calls it after each file), with
 * the first invalid requests named so a failing run says which.
 */
export function recordSchemaChecks(counts: {
  graphql: number;
  rest: number;
  invalid: number;
  examples: string[];
}): void {
  if (counts.graphql + counts.rest === 0) return;
  recordFigures({
    graphqlChecked: counts.graphql,
    restChecked: counts.rest,
    invalidRequests: counts.invalid,
    ...(counts.examples.length ? { invalidExamples: counts.examples } : {}),
  });
}
