// Worst-case policy parsing: hostile 256 KiB files of each kind that costs the parser most,
// timed on this thread (CPU and wall), and the longest event-loop stall while the app's parser
// reads them off the thread. Run alone: `node lib-bench/bench/policy-parse.js`.
import { cpus, loadavg } from "node:os";
import { fileURLToPath } from "node:url";
import { MAX_ANCHORS_TAGS_DIRECTIVES, MAX_NODE_COUNT, MAX_POLICY_BYTES, MAX_TOKENS } from "../src/policy/limits.js";
import { parsePolicy } from "../src/policy/parse.js";
import { createPolicyParser } from "../src/policy/policy-parser.js";

const MINIMAL = "version: 1\norganizations:\n  - name: Palantir\n";
/** Values the lexer pass lets through: just under the limit, leaving room for MINIMAL's. */
const UNDER = MAX_NODE_COUNT - 10;
/** Pads to exactly the size limit with a comment, so every case is a full 256 KiB. */
const full = (s: string) =>
  `${s}#${"x".repeat(Math.max(0, MAX_POLICY_BYTES - s.length - 2))}\n`.slice(0, MAX_POLICY_BYTES);
const lines = (count: number, line: (i: number) => string) => Array.from({ length: count }, (_, i) => line(i)).join("");

/**
 * Each case sits just under one of the limits the lexer pass enforces (values, tokens, anchors and
 * tags, nesting) or goes just over it, in the shape that costs the parser, composer or validator
 * most per byte; a file over a limit is refused early, so "just under" is where the worst case is.
 */
export const HOSTILE_POLICIES: Record<string, string> = {
  "flow list just under the value limit": full(`${MINIMAL}    aliases: [${"a,".repeat(UNDER - 1)}a]\n`),
  "flow list over the value limit": `${MINIMAL}    aliases: [${"a,".repeat(MAX_POLICY_BYTES / 2 - 40)}a]\n`,
  "duplicate keys just under the value limit": full(`{${"a,".repeat(UNDER)}a}`),
  // A `key: value` line is two values.
  "block mapping of duplicate keys": full("a: 1\n".repeat(Math.floor(UNDER / 2))),
  // `- a` is two values (the item and its text).
  "block list just under the value limit": full(`${MINIMAL}    aliases:\n${"      - a\n".repeat(UNDER / 2)}`),
  "empty block items just under the value limit": full(`${MINIMAL}    aliases:\n${"      -\n".repeat(UNDER)}`),
  "empty flow items just under the value limit": full(`${MINIMAL}    aliases: [${",".repeat(UNDER - 1)}]\n`),
  "explicit keys just under the value limit": full(`${"? a\n".repeat(Math.floor(UNDER / 2))}`),
  "blank lines just under the token limit": full(`${MINIMAL}${"\n".repeat(MAX_TOKENS - 100)}`),
  "comment lines just under the token limit": full(`${MINIMAL}${"#\n".repeat(MAX_TOKENS / 2 - 100)}`),
  "items with comments under both limits": full(
    `${MINIMAL}    aliases:\n${"      - a #\n".repeat(Math.floor((MAX_TOKENS - 100) / 8))}`,
  ),
  "anchors and tags just under the limit": full(
    `${MINIMAL}    aliases:\n${lines(MAX_ANCHORS_TAGS_DIRECTIVES / 2 - 10, (i) => `      - &a${i} !t${i} x\n`)}`,
  ),
  "directives just under the limit": full(
    `${lines(MAX_ANCHORS_TAGS_DIRECTIVES - 10, (i) => `%TAG !t${i}! tag:example.com,2000:\n`)}---\n${MINIMAL}`,
  ),
  "1,000 organizations with long reasons": (
    "version: 1\norganizations:\n" +
    Array.from(
      { length: 1000 },
      (_, i) => `  - name: Org ${i}\n    aliases: [a${i}, b${i}]\n    reason: ${"word ".repeat(40)}\n`,
    ).join("")
  ).slice(0, MAX_POLICY_BYTES),
  "anchors over the limit": "&a ".repeat(Math.floor(MAX_POLICY_BYTES / 3)),
  "documents over the limit": "---\n".repeat(MAX_POLICY_BYTES / 4),
  "deep flow nesting": "[".repeat(MAX_POLICY_BYTES),
  "alias bomb": `a: &a [${"x,".repeat(2000)}x]\nb: [${"*a, ".repeat(60)}*a]\n`,
};

export interface ParseFigures {
  bytes: number;
  /** Slowest case, median of its runs, CPU time of this thread. */
  worst_cpu_ms: number;
  worst_wall_ms: number;
  worst_case: string;
  cases: Record<string, { cpu_ms: number; wall_ms: number }>;
  /** Longest event-loop stall while the app's parser read every case (off the main thread). */
  event_loop_max_stall_ms: number;
  /** Other work on the machine inflates both figures: the 1-minute load average and the cores, at the start. */
  load_average_1m: number;
  cpus: number;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
const round = (x: number) => Math.round(x * 10) / 10;

export async function measurePolicyParsing(runs = 5): Promise<ParseFigures> {
  const load = loadavg()[0] ?? 0;
  const cases: ParseFigures["cases"] = {};
  for (const [name, text] of Object.entries(HOSTILE_POLICIES)) {
    parsePolicy(text, "warm-up.yml");
    const cpu: number[] = [];
    const wall: number[] = [];
    for (let i = 0; i < runs; i += 1) {
      const c = process.cpuUsage();
      const t = performance.now();
      parsePolicy(text, "hostile.yml");
      wall.push(performance.now() - t);
      const d = process.cpuUsage(c);
      cpu.push((d.user + d.system) / 1000);
    }
    cases[name] = { cpu_ms: round(median(cpu)), wall_ms: round(median(wall)) };
  }
  const [worstName, worst] = Object.entries(cases).sort((a, b) => b[1].cpu_ms - a[1].cpu_ms)[0]!;

  const parser = createPolicyParser(process.env.BENCH_PARSE_ON_MAIN ? { offThreadChars: Infinity } : {});
  await parser.parse([{ file: "warm-up.yml", text: HOSTILE_POLICIES["deep flow nesting"]! }], null); // start the worker
  // A 5 ms timer on this thread: the longest gap between its ticks, less 5 ms, is the longest stall.
  let last = performance.now();
  let stall = 0;
  const probe = setInterval(() => {
    const now = performance.now();
    stall = Math.max(stall, now - last - 5);
    last = now;
  }, 5);
  for (const text of Object.values(HOSTILE_POLICIES)) {
    await parser.parse([{ file: "hostile.yml", text }], null);
    await new Promise((resolve) => setTimeout(resolve, 10)); // let the probe tick between files
  }
  clearInterval(probe);
  await parser.close();

  return {
    bytes: MAX_POLICY_BYTES,
    worst_cpu_ms: worst.cpu_ms,
    worst_wall_ms: worst.wall_ms,
    worst_case: worstName,
    cases,
    event_loop_max_stall_ms: round(Math.max(0, stall)),
    load_average_1m: round(load),
    cpus: cpus().length,
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const figures = await measurePolicyParsing();
  process.stdout.write(`${JSON.stringify(figures, null, 2)}\n`);
}
