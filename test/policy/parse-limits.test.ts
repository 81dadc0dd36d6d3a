// The bounds on what a policy file may cost to read (limits.ts), at their edges: each just inside
// (read as usual) and just past (one problem, placed where the limit was crossed). The hostile
// suite throws far larger inputs at the same limits; these rows pin the exact boundary and place.
import { describe, expect, test } from "@jest/globals";
import {
  MAX_ALIAS_COUNT,
  MAX_ANCHORS_TAGS_DIRECTIVES,
  MAX_NESTING_DEPTH,
  MAX_NODE_COUNT,
  MAX_POLICY_BYTES,
  MAX_TOKENS,
} from "../../src/policy/limits.js";
import { parsePolicy } from "../../src/policy/parse.js";
import { MINIMAL, problemLines } from "./helpers.js";

const NOT_A_MAPPING = (what: string) =>
  `1:1: the policy must be a YAML mapping with "version: 1" and "organizations:", but this file holds ${what}`;
const TOO_DEEP = `lists and mappings are nested too deeply here (more than ${MAX_NESTING_DEPTH} levels)`;
const STRAY = `invalid YAML: more than 1000 anchors, tags or values that belong to nothing; this is not a policy file`;

/** `levels` block mappings, each one level deeper than the last. */
const indented = (levels: number) =>
  `${Array.from({ length: levels }, (_, i) => `${"  ".repeat(i)}k${i}:`).join("\n")} x\n`;
/** A valid policy padded with a comment to `bytes` UTF-8 bytes. */
const padded = (bytes: number) => `${MINIMAL}#${"x".repeat(bytes - MINIMAL.length - 1)}`;

describe("parsePolicy at the limits", () => {
  test.each<[string, () => string, string[]]>([
    ["a file of exactly the largest size", () => padded(MAX_POLICY_BYTES), []],
    [
      "a file one byte larger",
      () => padded(MAX_POLICY_BYTES + 1),
      [`1:1: the file is too large (${MAX_POLICY_BYTES + 1} bytes); a policy may be at most ${MAX_POLICY_BYTES} bytes`],
    ],
    [
      "more characters than the largest size allows, in two-byte characters: the size in bytes",
      () => `#${"é".repeat(MAX_POLICY_BYTES)}`,
      [
        `1:1: the file is too large (${2 * MAX_POLICY_BYTES + 1} bytes); a policy may be at most ${MAX_POLICY_BYTES} bytes`,
      ],
    ],
    [
      "as many characters as the largest size allows, in two-byte characters",
      () => `#${"é".repeat(MAX_POLICY_BYTES - 1)}`,
      [
        `1:1: the file is too large (${2 * MAX_POLICY_BYTES - 1} bytes); a policy may be at most ${MAX_POLICY_BYTES} bytes`,
      ],
    ],
    [`flow lists ${MAX_NESTING_DEPTH} deep`, () => "[".repeat(32) + "]".repeat(32), [NOT_A_MAPPING("a list")]],
    [
      `flow lists ${MAX_NESTING_DEPTH + 1} deep`,
      () => "[".repeat(33) + "]".repeat(33),
      [`1:${MAX_NESTING_DEPTH + 1}: ${TOO_DEEP}`],
    ],
    [
      "flow mappings nested too deeply",
      () => "{a: ".repeat(33) + "x" + "}".repeat(33),
      [`1:${4 * MAX_NESTING_DEPTH + 1}: ${TOO_DEEP}`],
    ],
    [`${MAX_NESTING_DEPTH} "- " on one line`, () => `${"- ".repeat(32)}x`, [NOT_A_MAPPING("a list")]],
    [
      `${MAX_NESTING_DEPTH + 1} "- " on one line`,
      () => `${"- ".repeat(33)}x`,
      [`1:${2 * MAX_NESTING_DEPTH + 1}: ${TOO_DEEP}`],
    ],
    [
      "block indicators counted again after an unclosed flow list",
      () => `a: [\nb\n${"- ".repeat(33)}x\n`,
      [`3:${2 * MAX_NESTING_DEPTH + 1}: ${TOO_DEEP}`],
    ],
    [
      "each line's block indicators counted afresh",
      () => `${"- ".repeat(20)}x\n${"- ".repeat(20)}y\n`,
      [NOT_A_MAPPING("a list")],
    ],
    [
      `block mappings ${MAX_NESTING_DEPTH} deep`,
      () => indented(32),
      ['1:1: missing required key "version"', '1:1: missing required key "organizations"', '1:1: unknown key "k0"'],
    ],
    [
      `block mappings ${MAX_NESTING_DEPTH + 1} deep`,
      () => indented(33),
      [`${MAX_NESTING_DEPTH + 1}:${2 * MAX_NESTING_DEPTH + 1}: ${TOO_DEEP}`],
    ],
    // Refused before composing: the tag's warning, which the composer would give, is not reached.
    [
      "block mappings nested too deeply after a tag",
      () => `x: !t y\n${indented(33)}`,
      [`34:${2 * MAX_NESTING_DEPTH + 1}: ${TOO_DEEP}`],
    ],
    [
      "a block list inside flow lists, too deep together",
      () => `${"- ".repeat(2)}${"[".repeat(31)}x${"]".repeat(31)}\n`,
      [`1:${4 + 31}: ${TOO_DEEP}`],
    ],
    ["a key nested too deeply", () => `a:\n  ? ${"[".repeat(31)}x${"]".repeat(31)}\n  : 1\n`, [`2:35: ${TOO_DEEP}`]],
    [
      "a key nested just deep enough",
      () => `a:\n  ? ${"[".repeat(30)}x${"]".repeat(30)}\n  : 1\n`,
      ["2:5: a key must be a plain name, not a list, a mapping, an alias or empty"],
    ],
    [
      "lists nested too deeply through an alias",
      () => `a: &deep ${"[".repeat(20)}x${"]".repeat(20)}\nb: ${"[".repeat(12)}*deep${"]".repeat(12)}\n`,
      [`1:29: ${TOO_DEEP}`],
    ],
    [
      "lists nested just deep enough through an alias",
      () => `a: &deep ${"[".repeat(20)}x${"]".repeat(20)}\nb: ${"[".repeat(11)}*deep${"]".repeat(11)}\n`,
      [
        '1:1: missing required key "version"',
        '1:1: missing required key "organizations"',
        '1:1: unknown key "a"',
        '2:1: unknown key "b"',
      ],
    ],
    [
      `${MAX_ANCHORS_TAGS_DIRECTIVES + 1} anchors`,
      () => "&a ".repeat(MAX_ANCHORS_TAGS_DIRECTIVES + 1),
      [
        `1:${3 * MAX_ANCHORS_TAGS_DIRECTIVES + 1}: the policy has more than ${MAX_ANCHORS_TAGS_DIRECTIVES} anchors, tags and directives; a policy needs a handful at most`,
      ],
    ],
    [
      `${MAX_ANCHORS_TAGS_DIRECTIVES + 1} tags`,
      () => `${MINIMAL}    aliases: [${"!t x, ".repeat(MAX_ANCHORS_TAGS_DIRECTIVES)}!t x]\n`,
      [
        `4:${15 + 6 * MAX_ANCHORS_TAGS_DIRECTIVES}: the policy has more than ${MAX_ANCHORS_TAGS_DIRECTIVES} anchors, tags and directives; a policy needs a handful at most`,
      ],
    ],
    [
      `${MAX_ALIAS_COUNT} aliases written`,
      () => `${MINIMAL}    aliases: &a [x]\nsignals: [${"*a,".repeat(99)}*a]\n`,
      ["5:10: signals: must be a mapping (key: value lines), not a list"],
    ],
    [
      `${MAX_ALIAS_COUNT + 1} aliases written`,
      () => `${MINIMAL}    aliases: &a [x]\nsignals: [${"*a,".repeat(100)}*a]\n`,
      [`5:311: too many aliases: a policy may use at most ${MAX_ALIAS_COUNT}`],
    ],
    // Aliases as keys are not followed by the tree, so only the lexer pass counts them.
    [
      `${MAX_ALIAS_COUNT + 1} aliases as keys`,
      () => "*a : 1\n".repeat(MAX_ALIAS_COUNT + 1),
      [`${MAX_ALIAS_COUNT + 1}:1: too many aliases: a policy may use at most ${MAX_ALIAS_COUNT}`],
    ],
    [
      "more alias uses than written, through an anchor holding aliases",
      () => `a: &a [x]\nb: &b [${"*a,".repeat(9)}*a]\nc: [${"*b,".repeat(9)}*b]\n`,
      [`2:11: too many aliases: a policy may use at most ${MAX_ALIAS_COUNT}`],
    ],
    [
      "more values than allowed through aliases",
      () => `a: &a [${"x,".repeat(1650)}x]\nb: [${"*a, ".repeat(5)}*a]\n`,
      [`1:166: the policy has more than ${MAX_NODE_COUNT} values (counting every use of an alias)`],
    ],
    [
      "more values than allowed, written out",
      () => `${MINIMAL}    aliases: [${"a,".repeat(MAX_NODE_COUNT)}a]\n`,
      [`4:19999: the policy has more than ${MAX_NODE_COUNT} keys, values and list items`],
    ],
    [
      "empty values count",
      () => `${MINIMAL}    aliases: [${",".repeat(MAX_NODE_COUNT)}]\n`,
      [`4:${15 + MAX_NODE_COUNT - 8}: the policy has more than ${MAX_NODE_COUNT} keys, values and list items`],
    ],
    [
      "empty keys in a flow mapping count",
      () => `{${": ,".repeat(MAX_NODE_COUNT)}}`,
      [`1:15001: the policy has more than ${MAX_NODE_COUNT} keys, values and list items`],
    ],
    // A "," after a value, past spaces, a comment and a line break, is not a value of its own:
    // counted as one, the values would run out long before the tokens.
    [
      "commas after values and comments are not values",
      () => `${MINIMAL}    aliases: [${"a #c\n      ,".repeat(9000)}a]\n`,
      [`8571:10: the policy has more than ${MAX_TOKENS} YAML tokens (values, indicators, lines, comments)`],
    ],
    ["flow mappings one after another are not nested", () => `[${"{a: 1}, ".repeat(40)}x]`, [NOT_A_MAPPING("a list")]],
    [
      "blank lines count as tokens",
      () => `${MINIMAL}${"\n".repeat(MAX_TOKENS)}`,
      [
        `${MAX_TOKENS - 18}:1: the policy has more than ${MAX_TOKENS} YAML tokens (values, indicators, lines, comments)`,
      ],
    ],
    [
      "each line of a block scalar counts",
      () => `${MINIMAL}statement: |\n${"  x\n".repeat(MAX_TOKENS)}`,
      [`5:1: the policy has more than ${MAX_TOKENS} YAML tokens (values, indicators, lines, comments)`],
    ],
    ["a stray ]", () => `${MINIMAL}]\n`, ['4:1: invalid YAML: this "]" closes no list']],
    ["a stray }", () => `${MINIMAL}x: }\n`, ['4:4: invalid YAML: this "}" closes no mapping']],
    [
      "a second document after a directive and ---",
      () => `%YAML 1.2\n---\n${MINIMAL}...\n%YAML 1.2\n---\nx: 1\n`,
      ['8:1: a policy file holds one YAML document; remove this second one (and its "---")'],
    ],
    [
      "two --- in a row",
      () => `---\n---\n${MINIMAL}`,
      ['2:1: a policy file holds one YAML document; remove this second one (and its "---")'],
    ],
    [
      "a second document after ..., without ---",
      () => `${MINIMAL}...\nversion: 1\n`,
      ['5:1: a policy file holds one YAML document; remove this second one (and its "---")'],
    ],
    [
      "a --- after a directive's ---",
      () => `%YAML 1.2\n---\n---\n${MINIMAL}`,
      ['3:1: a policy file holds one YAML document; remove this second one (and its "---")'],
    ],
    ["a comment before ---", () => `# c\n---\n${MINIMAL}`, []],
    // Refused before composing, so the first document's tag warning is not reached either.
    [
      "a second document after a tag",
      () => `${MINIMAL}statement: !t x\n---\nversion: 1\n`,
      ['5:1: a policy file holds one YAML document; remove this second one (and its "---")'],
    ],
    [
      "a --- after --- and a comment",
      () => `---\n# c\n---\n${MINIMAL}`,
      ['3:1: a policy file holds one YAML document; remove this second one (and its "---")'],
    ],
    [
      `${MAX_ANCHORS_TAGS_DIRECTIVES + 1} directives`,
      () => `${"%TAG !t! tag:example.com,2000:\n".repeat(MAX_ANCHORS_TAGS_DIRECTIVES + 1)}---\n${MINIMAL}`,
      [
        `${MAX_ANCHORS_TAGS_DIRECTIVES + 1}:1: the policy has more than ${MAX_ANCHORS_TAGS_DIRECTIVES} anchors, tags and directives; a policy needs a handful at most`,
      ],
    ],
    ["a directive, then one document", () => `%YAML 1.2\n---\n${MINIMAL}`, []],
    ["one document that starts with --- and ends with ...", () => `---\n${MINIMAL}...\n`, []],
    ["a stray value past the limit", () => '"'.repeat(2003), [`1:2003: ${STRAY}`]],
  ])("%s", (_name, text, problems) => {
    expect(problemLines(parsePolicy(text(), "p.yml"))).toEqual(problems);
  });

  test("a thousand stray values are reported one by one, not refused", () => {
    const lines = problemLines(parsePolicy('"'.repeat(2002), "p.yml"));
    expect(lines.slice(0, 3)).toEqual([
      NOT_A_MAPPING("text"),
      "1:3: invalid YAML: Unexpected double-quoted-scalar at node end",
      "1:5: invalid YAML: Unexpected double-quoted-scalar at node end",
    ]);
    expect(lines.at(-1)).toBe("1:101: …and 951 more problems");
  });
});

test("reading a file leaves Error.stackTraceLimit as it was, even when the YAML is broken", () => {
  const before = Error.stackTraceLimit;
  Error.stackTraceLimit = 7;
  try {
    parsePolicy(`${MINIMAL}x: [\n`, "p.yml");
    parsePolicy(MINIMAL, "p.yml");
    expect(Error.stackTraceLimit).toBe(7);
  } finally {
    Error.stackTraceLimit = before;
  }
});
