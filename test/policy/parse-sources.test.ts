// parse.ts at its edges: what a file holds instead of a mapping, sources that cannot be read, a
// bug that must come back as a problem rather than a crash, when the merged result is not
// validated, and how readExtends reads a large file (only the line of a top-level key).
import { describe, expect, test } from "@jest/globals";
import { parsePolicySources, readExtends, type PolicySource } from "../../src/policy/parse.js";
import { MINIMAL, problemLines } from "./helpers.js";

const NOT_A_MAPPING = 'the policy must be a YAML mapping with "version: 1" and "organizations:", but this file holds';

describe("parsePolicySources: sources that give no policy", () => {
  test.each<[string, () => PolicySource[], string[]]>([
    ["a number", () => [{ file: "a.yml", text: "42\n" }], [`a.yml:1:1: ${NOT_A_MAPPING} the value 42`]],
    ["true", () => [{ file: "a.yml", text: "true\n" }], [`a.yml:1:1: ${NOT_A_MAPPING} the value true`]],
    [
      "text that is not a string",
      () => [{ file: "a.yml", text: null as unknown as string }],
      ["a.yml:1:1: the policy file could not be read as text"],
    ],
    [
      "a source that throws while read: an internal error, not a crash",
      () => [
        { file: "a.yml", text: MINIMAL },
        {
          file: "b.yml",
          get text(): string {
            throw new Error("boom");
          },
        },
      ],
      ["b.yml:1:1: internal error while reading the policy: boom"],
    ],
    [
      "a thrown value that is not an Error",
      () => [
        {
          file: "b.yml",
          get text(): string {
            throw "boom"; // eslint-disable-line @typescript-eslint/only-throw-error -- what a bug elsewhere might throw
          },
        },
      ],
      ["b.yml:1:1: internal error while reading the policy: boom"],
    ],
    // A base that could not be read whole is not validated with the rest: its holes would be blamed on the child.
    [
      "a base with a bad alias",
      () => [
        { file: "a.yml", text: "a: *x\n" },
        { file: "b.yml", text: MINIMAL },
      ],
      ["a.yml:1:4: alias *x refers to no anchor &x defined before it"],
    ],
    [
      "a base with a YAML error",
      () => [
        { file: "a.yml", text: `${MINIMAL}x: [\n` },
        { file: "b.yml", text: "aprovers: admin\n" },
      ],
      ["a.yml:5:1: invalid YAML: Flow sequence in block collection must be sufficiently indented and end with a ]"],
    ],
    [
      "an _extends that is not text, in the base and in the most specific file",
      () => [
        { file: "a.yml", text: `_extends: 3\n${MINIMAL}` },
        { file: "b.yml", text: "_extends: 4\n" },
      ],
      [
        'a.yml:1:11: _extends: must be text such as "owner/repo" or "owner/repo:path"',
        'b.yml:1:11: _extends: must be text, not a number; to mean the text, quote it: "4"',
      ],
    ],
    [
      "another version in the base: nothing else is judged",
      () => [
        { file: "a.yml", text: "version: 2\norganizations: 3\n" },
        { file: "b.yml", text: "statement: s\n" },
      ],
      ["a.yml:1:10: version: this app reads policy version 1, not 2"],
    ],
  ])("%s", (_name, sources, problems) => {
    const result = parsePolicySources(sources());
    expect(result.ok).toBe(false);
    expect(problemLines(result, true)).toEqual(problems);
  });

  test("version 1.0 is version 1", () => {
    const result = parsePolicySources([{ file: "a.yml", text: "version: 1.0\norganizations: [{name: A}]\n" }]);
    expect(result.ok && result.policy.version).toBe(1);
  });

  test("a base's _extends is dropped: only the most specific file's is returned", () => {
    const result = parsePolicySources([
      { file: "a.yml", text: `_extends: root\n${MINIMAL}` },
      { file: "b.yml", text: "statement: s\n" },
    ]);
    expect(result).toMatchObject({ ok: true });
    expect(result.ok && [result.extends, result.policy._extends]).toEqual([undefined, undefined]);
  });
});

/** `text` padded with a comment to `length` characters. */
const padded = (text: string, length: number) => `${text}#${"x".repeat(length - text.length - 1)}`;
const WHOLE_BELOW = 16 * 1024;

describe("the _extends of the result", () => {
  test("is absent from a policy that extends nothing, not undefined", () => {
    const result = parsePolicySources([{ file: "p.yml", text: MINIMAL }]);
    expect(result.ok).toBe(true);
    expect(Object.keys(result)).toEqual(["ok", "policy"]);
  });
});

describe("readExtends", () => {
  test.each<[string, () => string, string | null]>([
    [
      "in a flow mapping, a small file is read whole",
      () => padded("{_extends: base, version: 1}\n", WHOLE_BELOW - 1),
      "base",
    ],
    // A large file is read only at the line of a top-level key, which starts its line.
    ["in a flow mapping, a large file is not", () => padded("{_extends: base, version: 1}\n", WHOLE_BELOW), null],
    ["a quoted key with a space, in a large file", () => padded("'_extends' : base\n", WHOLE_BELOW), "base"],
    [
      "a later line, a tab and a comment, in a large file",
      () => padded('x: 1\n"_extends":\tbase # c\n', WHOLE_BELOW),
      "base",
    ],
    ["indented in a block scalar, in a large file", () => padded("statement: |\n  _extends: x\n", WHOLE_BELOW), null],
    ["a number, in a large file", () => padded("_extends: 3\n", WHOLE_BELOW), null],
    ["a list, in a large file", () => padded("_extends: [a]\n", WHOLE_BELOW), null],
    ["a large file within the limit in bytes", () => `_extends: x\n${"é".repeat(100 * 1024)}`, "x"],
    ["a file over the limit in bytes, not in characters", () => `_extends: x\n${"é".repeat(140 * 1024)}`, null],
    ["a file of exactly the largest size in bytes", () => padded("_extends: x\n", 256 * 1024), "x"],
    ["a file one byte larger", () => padded("_extends: x\n", 256 * 1024 + 1), null],
    ["only in a comment", () => "# _extends: x\nversion: 1\n", null],
    ["text that is not a string", () => null as unknown as string, null],
  ])("%s", (_name, text, expected) => {
    expect(readExtends(text(), "policy.yml")).toBe(expected);
  });
});
