// The Probot app: wiring only. Collaborators (clock, app id, caches) are injected so tests can
// control them without module mocks.
import type { ApplicationFunction } from "probot";
import { CHECK_RUN_EVENTS, onCheckRun } from "./handlers/check-run.js";
import { ISSUE_COMMENT_EVENTS, onIssueComment } from "./handlers/issue-comment.js";
import { onPullRequest, PULL_REQUEST_EVENTS } from "./handlers/pull-request.js";
import { onPush, PUSH_EVENTS } from "./handlers/push.js";
import type { CompiledPolicy } from "./policy/compile.js";

export interface AppOptions {
  /** The GitHub App's id, to find its own check runs. Defaults to the APP_ID environment variable. */
  appId?: number;
  now?: () => Date;
  /** Pause between pull requests when a policy change re-evaluates them all (ms). */
  paceMs?: number;
}

export function createApp(options: AppOptions = {}): ApplicationFunction {
  return (app) => {
    const deps = {
      appId: options.appId ?? Number(process.env.APP_ID ?? 0),
      now: options.now ?? (() => new Date()),
      policyCache: new Map<string, CompiledPolicy>(),
      paceMs: options.paceMs ?? 500,
    };
    app.on([...PULL_REQUEST_EVENTS], (context) => onPullRequest(deps, context));
    app.on([...ISSUE_COMMENT_EVENTS], (context) => onIssueComment(deps, context));
    app.on([...CHECK_RUN_EVENTS], (context) => onCheckRun(deps, context));
    app.on([...PUSH_EVENTS], (context) => onPush(deps, context));
  };
}
