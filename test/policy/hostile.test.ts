// Hostile and broken input: every case must come back as ok:false with located problems, without
// throwing and without touching Object.prototype. How long they take is measured by `npm run bench`
// (bench/hostile-input.ts); here only a generous per-test timeout guards against a hang.
import { describe, expect, test } from "@jest/globals";
import fc from "fast-check";
import {
  MAX_ALIAS_COUNT,
  MAX_ANCHORS_TAGS_DIRECTIVES,
  MAX_NESTING_DEPTH,
  MAX_NODE_COUNT,
  MAX_POLICY_BYTES,
  MAX_PROBLEMS,
  MAX_TOKENS,
} from "../../src/policy/limits.js";
import { parsePolicy, readExtends, type ParseResult } from "../../src/policy/parse.js";
import { MAX_MESSAGE_LENGTH } from "../../src/policy/problem.js";
import { MINIMAL, problemLines } from "./helpers.js";

/** Generous: the point is "does not hang", not a benchmark; a busy machine must not fail it. */
const HANG_MS = 60_000;

const parseHostile = (text: string): ParseResult => parsePolicy(text, "hostile.yml");

function expectWellFormedFailure(result: ParseResult): void {
  expect(result.ok).toBe(false);
  if (result.ok) return;
  expect(result.problems.length).toBeGreaterThan(0);
  expect(result.problems.length).toBeLessThanOrEqual(MAX_PROBLEMS + 1);
  for (const p of result.problems) {
    expect(p.file).toBe("hostile.yml");
    expect(Number.isInteger(p.line) && p.line >= 1).toBe(true);
    expect(Number.isInteger(p.col) && p.col >= 1).toBe(true);
    expect(p.message.length).toBeGreaterThan(0);
    expect(p.message.length).toBeLessThanOrEqual(MAX_MESSAGE_LENGTH + 1);
    expect(p.message).not.toMatch(/[\r\n]/);
  }
}

const billionLaughs = [
  'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]',
  ..."bcdefghi".split("").map((name, i) => `${name}: &${name} [${Array(9).fill(`*${"abcdefghi"[i]}`).join(",")}]`),
].join("\n");

// Few aliases, each standing for a long list: within the alias limit, over the value limit.
const quietBomb = `a: &a [${"x,".repeat(2000)}x]\nb: [${"*a, ".repeat(60)}*a]\n`;

const indentedDeep =
  Array.from({ length: MAX_NESTING_DEPTH + 5 }, (_, i) => `${"  ".repeat(i)}k${i}:`).join("\n") + " x\n";

describe("hostile input fails fast with a clear problem", () => {
  test.each([
    [
      "1 MB file",
      `${MINIMAL}#${"x".repeat(1024 * 1024)}\n`,
      `1:1: the file is too large (${MINIMAL.length + 1024 * 1024 + 2} bytes); a policy may be at most ${MAX_POLICY_BYTES} bytes`,
    ],
    [
      "multi-byte text over the limit in bytes, not in characters",
      `${MINIMAL}# ${"é".repeat(140 * 1024)}\n`,
      "1:1: the file is too large",
    ],
    ["billion laughs", billionLaughs, `too many aliases: a policy may use at most ${MAX_ALIAS_COUNT}`],
    [
      "an alias bomb under the alias limit",
      quietBomb,
      `the policy has more than ${MAX_NODE_COUNT} values (counting every use of an alias)`,
    ],
    [
      "too many values written out",
      `${MINIMAL}    aliases: [${"a,".repeat(MAX_NODE_COUNT)}a]\n`,
      `the policy has more than ${MAX_NODE_COUNT} keys, values and list items`,
    ],
    [
      "10,000-deep flow lists",
      "[".repeat(10_000) + "]".repeat(10_000),
      `1:${MAX_NESTING_DEPTH + 1}: lists and mappings are nested too deeply here (more than ${MAX_NESTING_DEPTH} levels)`,
    ],
    [
      "100,000 unclosed [",
      "[".repeat(100_000),
      `1:${MAX_NESTING_DEPTH + 1}: lists and mappings are nested too deeply here`,
    ],
    ["deep flow mappings", "{a: ".repeat(50_000), "lists and mappings are nested too deeply here"],
    ["a 100,000-long chain of - - -", `${"- ".repeat(100_000)}x`, "lists and mappings are nested too deeply here"],
    [
      "deep indentation",
      indentedDeep,
      `${MAX_NESTING_DEPTH + 1}:${2 * MAX_NESTING_DEPTH + 1}: lists and mappings are nested too deeply here`,
    ],
    [
      "deep through aliases",
      `a: &deep ${"[".repeat(20)}x${"]".repeat(20)}\nb: ${"[".repeat(20)}*deep${"]".repeat(20)}\n`,
      "lists and mappings are nested too deeply here",
    ],
    [
      "an alias inside its own anchor",
      "a: &loop [x, *loop]\n",
      "1:14: alias *loop refers to the list or mapping that contains it",
    ],
    [
      "an alias before its anchor",
      "a: *later\nb: &later x\n",
      "1:4: alias *later refers to no anchor &later defined before it",
    ],
    [
      "more duplicate keys than a call has arguments",
      `{${"a,".repeat(120_000)}a}`,
      `the policy has more than ${MAX_NODE_COUNT} keys, values and list items`,
    ],
    [
      "empty block list items: each is a value though nothing is written",
      `${MINIMAL}    aliases:\n${"      -\n".repeat(MAX_NODE_COUNT)}`,
      `the policy has more than ${MAX_NODE_COUNT} keys, values and list items`,
    ],
    [
      "empty flow list items",
      `${MINIMAL}    aliases: [${",".repeat(MAX_NODE_COUNT)}]\n`,
      `the policy has more than ${MAX_NODE_COUNT} keys, values and list items`,
    ],
    [
      "empty keys in a flow mapping",
      `{${": ,".repeat(MAX_NODE_COUNT)}}`,
      `the policy has more than ${MAX_NODE_COUNT} keys, values and list items`,
    ],
    [
      "empty block keys",
      `${": x\n".repeat(MAX_NODE_COUNT)}`,
      `the policy has more than ${MAX_NODE_COUNT} keys, values and list items`,
    ],
    [
      "explicit keys",
      "? \n".repeat(MAX_NODE_COUNT + 1),
      `the policy has more than ${MAX_NODE_COUNT} keys, values and list items`,
    ],
    [
      "blank lines: each costs the parser",
      `${MINIMAL}${"\n".repeat(MAX_TOKENS)}`,
      `the policy has more than ${MAX_TOKENS} YAML tokens`,
    ],
    [
      "comment lines",
      `${MINIMAL}${"#\n".repeat(MAX_TOKENS / 2)}`,
      `the policy has more than ${MAX_TOKENS} YAML tokens`,
    ],
    [
      "stray anchors",
      "&a ".repeat(MAX_ANCHORS_TAGS_DIRECTIVES + 1),
      `1:${3 * MAX_ANCHORS_TAGS_DIRECTIVES + 1}: the policy has more than ${MAX_ANCHORS_TAGS_DIRECTIVES} anchors, tags and directives`,
    ],
    [
      "tags on every item",
      `${MINIMAL}    aliases:\n${"      - !t x\n".repeat(MAX_ANCHORS_TAGS_DIRECTIVES + 1)}`,
      `the policy has more than ${MAX_ANCHORS_TAGS_DIRECTIVES} anchors, tags and directives`,
    ],
    [
      "directives",
      `${"%TAG !t! tag:example.com,2000:\n".repeat(MAX_ANCHORS_TAGS_DIRECTIVES + 1)}---\n${MINIMAL}`,
      `${MAX_ANCHORS_TAGS_DIRECTIVES + 1}:1: the policy has more than ${MAX_ANCHORS_TAGS_DIRECTIVES} anchors, tags and directives`,
    ],
    ["stray closing brackets", `${MINIMAL}${"]".repeat(50_000)}`, '4:1: invalid YAML: this "]" closes no list'],
    ["stray closing braces", `${MINIMAL}${"}\n".repeat(20_000)}`, '4:1: invalid YAML: this "}" closes no mapping'],
    [
      "aliases over the limit, written out",
      `${MINIMAL}    aliases: &a [x]\nsignals: [${"*a,".repeat(20_000)}*a]\n`,
      `too many aliases: a policy may use at most ${MAX_ALIAS_COUNT}`,
    ],
    [
      "an unclosed flow list, then a long - - - chain",
      `a: [\nb\n${"- ".repeat(9_900)}x\n`,
      "lists and mappings are nested too deeply here",
    ],
    [
      "thousands of documents",
      "---\n".repeat(50_000),
      `2:1: a policy file holds one YAML document; remove this second one (and its "---")`,
    ],
    [
      "a second document after content, without ---",
      `${MINIMAL}...\nversion: 1\n`,
      `5:1: a policy file holds one YAML document; remove this second one (and its "---")`,
    ],
    ["NUL and control bytes", "\u0000\u0001\u0002version: 1\u0007\n", ""],
    ["an unterminated block scalar header soup", "a: |-+-+-+\n  b\n".repeat(500), ""],
    [
      "a huge implicit key",
      `${"k".repeat(200_000)}: 1\n`,
      "1:1: invalid YAML: The : indicator must be at most 1024 chars",
    ],
    ["a huge explicit key", `${MINIMAL}? ${"k".repeat(200_000)}\n: 1\n`, `4:3: unknown key "${"k".repeat(60)}…"`],
    ["a huge tag", `${MINIMAL}statement: !${"t".repeat(100_000)} x\n`, "4:12: unknown tag !ttt"],
    ["a huge alias name", `${MINIMAL}statement: *${"a".repeat(100_000)}\n`, "4:12: alias *aaa"],
  ])(
    "%s",
    (_name, text, wanted) => {
      const result = parseHostile(text);
      expectWellFormedFailure(result);
      if (wanted) expect(problemLines(result)).toEqual(expect.arrayContaining([expect.stringContaining(wanted)]));
    },
    HANG_MS,
  );

  test("many duplicate keys under the value limit are each reported, not a crash", () => {
    // Untimed: its cost is measured in `npm run bench`.
    const result = parsePolicy(`{${"a,".repeat(MAX_NODE_COUNT - 10)}a}`, "hostile.yml");
    expectWellFormedFailure(result);
    expect(problemLines(result)).toEqual(
      expect.arrayContaining([expect.stringContaining('1:4: duplicate key "a" (first at line 1, column 2)')]),
    );
  });

  test.each([
    [
      "values: a flow list of that many",
      `version: 1\norganizations: [${"{name: a},".repeat((MAX_NODE_COUNT - 5) / 4)}]\n`,
    ],
    ["tokens: blank lines", `${MINIMAL}${"\n".repeat(MAX_TOKENS - 40)}`],
    [
      "anchors and tags",
      `${MINIMAL}    aliases:\n${Array.from({ length: MAX_ANCHORS_TAGS_DIRECTIVES / 2 - 5 }, (_, i) => `      - &a${i} !!str x${i}\n`).join("")}`,
    ],
    ["directives", `%YAML 1.2\n%TAG !e! tag:example.com,2000:\n---\n${MINIMAL}`],
    ["one document, begun with --- and ended with ...", `---\n${MINIMAL}...\n`],
  ])("a file just under the limit on %s is read, not refused", (_name, text) => {
    const result = parsePolicy(text, "p.yml");
    expect(problemLines(result).filter((line) => /more than|one YAML document/.test(line))).toEqual([]);
  });

  test("thousands of misspelt keys: the ones shown still say what was meant", () => {
    const text = `${MINIMAL}signals:\n${Array.from({ length: 4000 }, (_, i) => `  profile_bi${i}: true\n`).join("")}`;
    const lines = problemLines(parsePolicy(text, "p.yml"));
    expect(lines).toHaveLength(MAX_PROBLEMS + 1);
    expect(lines[0]).toBe('5:3: signals: unknown key "profile_bi0"; did you mean "profile_bio"?');
    expect(lines.at(-1)).toBe(`5:3: …and ${4000 - MAX_PROBLEMS} more problems`.replace("5:3", `${5 + MAX_PROBLEMS}:3`));
  });

  test('the problems shown keep their "did you mean", whichever order the validator found them in', () => {
    const orgs = Array.from({ length: 60 }, (_, i) => `  - name: Org ${i}\n    alias: [x${i}]\n`).join("");
    const lines = problemLines(parsePolicy(`version: 1\nstatment: hi\norganizations:\n${orgs}`, "p.yml"));
    expect(lines[0]).toBe('2:1: unknown key "statment"; did you mean "statement"?');
    expect(lines[1]).toBe('5:5: organizations[0]: unknown key "alias"; did you mean "aliases"?');
  });

  test("a file just under the size limit is read", () => {
    const padding = MAX_POLICY_BYTES - MINIMAL.length - 2;
    const result = parsePolicy(`${MINIMAL}#${"x".repeat(padding)}\n`, "p.yml");
    expect(result.ok).toBe(true);
  });

  test(
    "a cycle through a redefined anchor cannot be built",
    () => {
      const result = parseHostile("a: &x [1]\nb: &x {c: *x, d: *x}\nc: *x\n");
      expectWellFormedFailure(result);
      expect(problemLines(result)).not.toEqual(expect.arrayContaining([expect.stringContaining("nested too deeply")]));
    },
    HANG_MS,
  );

  test("text that is not a string (a caller's bug) is a problem, not a crash", () => {
    const notText = undefined as unknown as string;
    expect(parsePolicy(notText, "p.yml")).toEqual({
      ok: false,
      problems: [{ file: "p.yml", line: 1, col: 1, message: "the policy file could not be read as text" }],
    });
    expect(readExtends(notText, "p.yml")).toBeNull();
  });

  test("__proto__ through an anchor and alias does not pollute", () => {
    const result = parseHostile(`${MINIMAL}signals: &s {__proto__: {polluted: true}}\nexempt: *s\n`);
    expectWellFormedFailure(result);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

// Pieces of YAML and of policies, so random texts look enough like a policy to reach deep code paths.
const fragments = [
  "version: 1\n",
  "organizations:\n",
  "  - name: Palantir\n",
  "    users: [a, {login: b, until: 2021-06-30}]\n",
  '    email_domains: ["*.x.com"]\n',
  "signals:\n",
  "  profile_bio: true\n",
  "actions: {label: false}\n",
  "&a ",
  "*a",
  "&b [",
  "]",
  "{",
  "}",
  "[",
  ", ",
  ": ",
  "- ",
  "? ",
  "\n",
  "  ",
  "\t",
  "---\n",
  "...\n",
  "%YAML 1.1\n",
  "!!js/function ",
  "!!binary ",
  "!tag ",
  "'",
  '"',
  "|\n",
  ">-\n",
  "#",
  "__proto__: ",
  "constructor: ",
  "<<: *a\n",
  "~",
  "null",
  "true",
  "0x1F",
  "1e999",
  ".nan",
  "\u0000",
  "\uFEFF",
  "é",
  "😀",
  "\r\n",
];
const yamlish = fc.array(fc.constantFrom(...fragments), { maxLength: 60 }).map((parts) => parts.join(""));

describe("properties", () => {
  test.each([
    ["arbitrary strings", fc.string({ unit: "binary", maxLength: 400 })],
    ["arbitrary YAML-ish strings", yamlish],
  ])("parsePolicy never throws on %s and always answers in the documented shape", (_name, texts) => {
    fc.assert(
      fc.property(texts, (text) => {
        const result = parsePolicy(text, "hostile.yml");
        if (!result.ok) expectWellFormedFailure(result);
        expect(() => readExtends(text, "hostile.yml")).not.toThrow();
        expect(({} as Record<string, unknown>).polluted).toBeUndefined();
      }),
      { numRuns: 1000 },
    );
  });
});
