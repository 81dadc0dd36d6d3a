// How the demo prints what happened: short, aligned, and readable in a terminal.

const WIDTH = 100;
/** Room left for the comment's text after the field name and the "│ " gutter. */
const COMMENT_WIDTH = WIDTH - 15;
const COMMENT_LINES = 40;

/**
 * The comment's text as GitHub would show it, roughly: HTML comments (the app's hidden state)
 * dropped, the renderer's Markdown escapes and zero-width characters (which keep profile text
 * from mentioning or linking anyone) removed, blank runs collapsed.
 */
export function renderedText(body: string): string {
  return body
    .replace(/<!--[\s\S]*?-->/g, "")
    .replace(/<\/?(details|summary|sub|sup|br)\s*\/?>/g, "")
    .replace(/\u200b|\u200c|\u200d|\u2060/g, "")
    .replace(/\\([!-/:-@[-`{-~])/g, "$1");
}

/** The comment as a reader sees it, wrapped to the terminal; tables are left unwrapped. */
export function readableComment(body: string, maxLines = COMMENT_LINES): string[] {
  const lines = renderedText(body)
    .split("\n")
    .map((line) => line.trimEnd())
    .filter((line, i, all) => line !== "" || (i > 0 && all[i - 1] !== ""));
  while (lines[0] === "") lines.shift();
  while (lines.at(-1) === "") lines.pop();
  const wrapped = lines.flatMap((line) => (line.startsWith("|") ? [line] : wrap(line, COMMENT_WIDTH)));
  const shown = wrapped.slice(0, maxLines);
  if (wrapped.length > maxLines) shown.push(`… (${wrapped.length - maxLines} more lines)`);
  return shown;
}

/** Word-wraps one line, keeping a list item's or quote's indent on its continuation lines. */
export function wrap(line: string, width: number): string[] {
  if (line.length <= width) return [line];
  const indent = " ".repeat((/^(\s*(?:[-*>]|\d+\.)\s+)/.exec(line)?.[1] ?? "").length);
  const out: string[] = [];
  let current = "";
  for (const word of line.split(" ")) {
    if (current && current.length + 1 + word.length > width) {
      out.push(current);
      current = indent + word;
    } else current = current ? `${current} ${word}` : word;
  }
  if (current) out.push(current);
  return out;
}

export function clip(text: string, width = WIDTH): string {
  return text.length <= width ? text : `${text.slice(0, width - 1)}…`;
}

/** "   name      value", with continuation lines indented under the value. */
export function field(name: string, value: string | string[]): string[] {
  const lines = Array.isArray(value) ? value : [value];
  const pad = `   ${name.padEnd(9)} `;
  return lines.map((line, i) => (i === 0 ? pad : " ".repeat(pad.length)) + line);
}

export function rule(title: string): string {
  const head = `── ${title} `;
  return head + "─".repeat(Math.max(3, WIDTH - head.length));
}
