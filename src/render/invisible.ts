// The one set of characters a reader must never receive unmarked: C0 and C1 controls other than
// whitespace, the Arabic letter mark, bidirectional embeddings/overrides/isolates/marks, and the
// byte-order mark. The Markdown sanitizer removes them; the terminal renderer writes them as
// \uXXXX escapes. Both read this one list, so they cannot drift apart.

/** A regular-expression character class body (no brackets) for the invisible characters. */
export const INVISIBLE_CLASS =
  "\\u0000-\\u0008\\u000E-\\u001F\\u007F-\\u0084\\u0086-\\u009F\\u061C\\u200E\\u200F\\u202A-\\u202E\\u2066-\\u2069\\uFEFF";

/** Line controls other than LF and tab: harmless in Markdown (they become spaces), but a terminal acts on them. */
const TERMINAL_LINE_CONTROLS = "\\u000B\\u000C\\u000D\\u0085\\u2028\\u2029";

const TERMINAL_UNSAFE = new RegExp(`[${INVISIBLE_CLASS}${TERMINAL_LINE_CONTROLS}]`, "g");

/** Text for a terminal: every invisible character and stray line control written as a visible \uXXXX escape. */
export function escapeInvisible(text: string): string {
  return text.replace(TERMINAL_UNSAFE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}
