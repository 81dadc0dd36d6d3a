// Short replies to maintainer commands. Every login and reason is user-controlled and escaped.
import type { ApproverRole } from "../commands/permission.js";
import type { Decision } from "../decision.js";
import { inlineText } from "./sanitize.js";

export type Reply =
  | { kind: "approved"; by: string; decision: Decision }
  | { kind: "nothing_to_approve"; by: string }
  | { kind: "denied"; by: string; least: ApproverRole }
  | { kind: "own_pull_request"; by: string }
  | { kind: "evidence_changed"; by: string }
  | { kind: "lookup_failed"; by: string }
  | { kind: "no_policy" }
  | { kind: "invalid_policy" }
  | { kind: "explain"; decision: Decision }
  | { kind: "unknown_command"; word: string };

const who = (login: string) => inlineText(login, 60);
const orgs = (d: Decision) => d.organizations.map((o) => inlineText(o, 100)).join(", ");

export function renderReply(reply: Reply): string {
  switch (reply.kind) {
    case "approved":
      return `Recorded: ${who(reply.by)} approved this pull request (${orgs(reply.decision)}). The app's comment above shows the approval history.`;
    case "nothing_to_approve":
      return `Nothing to approve, ${who(reply.by)}: this pull request is not flagged.`;
    case "denied":
      return `Sorry, ${who(reply.by)}: approving needs the ${reply.least} role on this repository or higher. Nothing was changed.`;
    case "own_pull_request":
      return `Sorry, ${who(reply.by)}: the author of a pull request cannot approve it. A maintainer will review it. Nothing was changed.`;
    case "evidence_changed":
      return `Not recorded, ${who(reply.by)}: the evidence is not what the app showed when you approved (a push may have landed, or the app's record could not be verified). Please review the app's comment and the check as they are now, and approve again.`;
    case "lookup_failed":
      return `Sorry, ${who(reply.by)}: GitHub did not tell the app your role on this repository just now, so nothing was changed. Please try again.`;
    case "no_policy":
      return "This repository has no ethics policy (.github/ethics-policy.yml), so there is nothing to check.";
    case "invalid_policy":
      return 'The ethics policy is invalid: the "Ethics policy" check lists every problem with its line and column.';
    case "explain": {
      const d = reply.decision;
      if (d.approved)
        return `This pull request matches ${orgs(d)} and was approved by ${who(d.approved.by)}. The app's comment above lists the evidence.`;
      if (d.flagged)
        return `This pull request is flagged because of ${d.matches.length} piece(s) of public evidence linking it to ${orgs(d)}. The app's comment above lists each one and what was not checked.`;
      if (d.exempt && d.matches.length > 0)
        return `This pull request matches ${orgs(d)} but is exempt, so it is not flagged.`;
      return "This pull request is not flagged: no public evidence links it to an organization the ethics policy lists.";
    }
    case "unknown_command":
      return `Unknown command "${inlineText(reply.word || "(none)", 40)}". Commands: \`/ethics-policy approve [reason]\`, \`/ethics-policy recheck\`, \`/ethics-policy explain\`.`;
  }
}
