// The hidden markers the app puts in what it writes, so it can find its own comment and its own
// replies again. Both are HTML comments on a line of their own, which GitHub does not display;
// the sanitizer escapes every "<" of user text, so only the app's own lines can start with "<!--".

export const COMMENT_MARKER = "<!-- ethics-policy:comment -->";

/** Whether a body carries the comment marker on a line of its own. */
export function hasMarker(body: unknown): boolean {
  if (typeof body !== "string") return false;
  return body.split("\n").some((line) => line.replace(/\r$/, "") === COMMENT_MARKER);
}

/** Marks the app's reply to one command (or button press), so a redelivered one is not answered twice. */
export const replyMarker = (answers: string): string =>
  `<!-- ethics-policy:reply-to ${answers.replace(/[^A-Za-z0-9:._-]/g, "_")} -->`;
