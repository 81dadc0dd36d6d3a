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
};

export function recordFigures(figures: Partial<Figures>): void {
  const file = process.env.E2E_FIGURES_FILE;
  if (!file) return;
  appendFileSync(file, `${JSON.stringify(figures)}\n`);
}
