// Replies to a command or a button press, at most one each: a redelivered event finds the reply it
// already made (by a hidden marker naming what it answers) and does not post another. I/O: lists
// the pull request's recent comments, and creates one.
import { botName } from "../github/to-snapshot.js";
import { renderReply, type Reply } from "../render/replies.js";
import { replyMarker } from "../state/marker.js";

interface CommentsApi {
  rest: {
    issues: {
      listComments(p: {
        owner: string;
        repo: string;
        issue_number: number;
        since?: string;
        per_page?: number;
      }): Promise<{
        data: { body?: string | null; user?: { login: string } | null; performed_via_github_app?: unknown }[];
      }>;
      createComment(p: { owner: string; repo: string; issue_number: number; body: string }): Promise<unknown>;
    };
  };
}

export interface ReplyTarget {
  owner: string;
  repo: string;
  number: number;
  /** What is answered: a command comment's id, or "button:<check run id>:<login>". */
  answers: string;
  /** Replies are looked for from this time on (GitHub's clock), e.g. the command's creation. */
  since?: string;
  /** The app's bot login, whose comments are its replies; unknown: any comment made through an app. */
  botLogin: string | null;
}

export async function replyOnce(octokit: CommentsApi, target: ReplyTarget, reply: Reply): Promise<void> {
  const { owner, repo, number } = target;
  const marker = replyMarker(target.answers);
  const { data } = await octokit.rest.issues.listComments({
    owner,
    repo,
    issue_number: number,
    per_page: 100,
    ...(target.since ? { since: target.since } : {}),
  });
  const ours = (c: (typeof data)[number]) =>
    target.botLogin ? botName(c.user?.login ?? "") === botName(target.botLogin) : Boolean(c.performed_via_github_app);
  if (data.some((c) => ours(c) && (c.body ?? "").split("\n").some((l) => l.replace(/\r$/, "") === marker))) return;
  await octokit.rest.issues.createComment({
    owner,
    repo,
    issue_number: number,
    body: `${marker}\n${renderReply(reply)}`,
  });
}
