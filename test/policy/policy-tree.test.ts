// The positioned tree (policy-tree.ts): what anchors and aliases mean, where values and keys are
// located, which keys are refused and when validation is skipped because the tree is incomplete.
import { describe, expect, test } from "@jest/globals";
import { parsePolicy } from "../../src/policy/parse.js";
import { nodeAt, pathText, toPlain, type PolicyNode } from "../../src/policy/policy-tree.js";
import { MINIMAL, problemLines } from "./helpers.js";

describe("anchors and aliases", () => {
  test.each<[string, string, [string, string[]][]]>([
    [
      "an alias means what its anchor held where the alias was written, not a later redefinition",
      "version: 1\norganizations:\n  - name: &n Acme\n    aliases: &a [*n]\n  - name: &n Other\n    aliases: *a\n",
      [
        ["Acme", ["Acme"]],
        ["Other", ["Acme"]],
      ],
    ],
    [
      "anchors inside an alias's copy do not shadow a later redefinition",
      "version: 1\norganizations:\n  - name: A\n    aliases: &a [&m B]\n  - name: &m C\n    aliases: *a\n  - name: D\n    aliases: [*m]\n",
      [
        ["A", ["B"]],
        ["C", ["B"]],
        ["D", ["C"]],
      ],
    ],
    [
      "an anchored scalar used as an alias",
      "version: 1\norganizations:\n  - name: &n Acme Corp\n    aliases: [*n, ACME]\n",
      [["Acme Corp", ["Acme Corp", "ACME"]]],
    ],
  ])("%s", (_name, text, expected) => {
    const result = parsePolicy(text, "p.yml");
    if (!result.ok) throw new Error(problemLines(result).join("\n"));
    expect(result.policy.organizations.map((o) => [o.name, o.aliases])).toEqual(expected);
  });
});

describe("problems found while building the tree", () => {
  test.each<[string, string, string[]]>([
    [
      "an alias inside its own anchor",
      "a: &loop [x, *loop]\n",
      ["1:14: alias *loop refers to the list or mapping that contains it"],
    ],
    [
      "an alias before its anchor",
      "a: *later\nb: &later x\n",
      ["1:4: alias *later refers to no anchor &later defined before it"],
    ],
    // An unresolved alias leaves a hole: validating the rest would report the hole as a missing value.
    [
      "a bad alias stops validation",
      "version: 1\norganizations: *nope\n",
      ["2:16: alias *nope refers to no anchor &nope defined before it"],
    ],
    [
      "a bad key stops validation",
      "version: 1\n? [a]\n: b\n",
      ["2:3: a key must be a plain name, not a list, a mapping, an alias or empty"],
    ],
    [
      "an alias as a key",
      `${MINIMAL}*x : 1\n`,
      ["4:1: a key must be a plain name, not a list, a mapping, an alias or empty"],
    ],
    ["an empty key", `${MINIMAL}~: 1\n`, ["4:1: a key must be a plain name, not a list, a mapping, an alias or empty"]],
    // A refused or repeated key is left out, but what remains is still validated.
    [
      "a forbidden key",
      "__proto__: 1\nversion: 1\n",
      ['1:1: key "__proto__" is not allowed', '1:1: missing required key "organizations"'],
    ],
    [
      "a repeated key",
      "version: 1\nversion: 1\n",
      ['1:1: missing required key "organizations"', '2:1: duplicate key "version" (first at line 1, column 1)'],
    ],
    ["a number as a key", `${MINIMAL}1.5: x\n`, ['4:1: unknown key "1.5"']],
    ["true as a key", `${MINIMAL}true: x\n`, ['4:1: unknown key "true"']],
    [
      "an explicit key without a value is empty, placed at the key",
      `${MINIMAL}? statement\n`,
      ["4:3: statement: must be text, but is empty"],
    ],
    [
      "a value copied through an alias is placed at its anchor and named by the alias's path",
      "version: 1\norganizations:\n  - &o {name: A, aliases: [b]}\n  - *o\n",
      ['3:15: organizations[1].name: organization "A" is listed twice (first at line 3, column 15)'],
    ],
  ])("%s", (_name, text, problems) => {
    expect(problemLines(parsePolicy(text, "p.yml"))).toEqual(problems);
  });
});

describe("tree helpers", () => {
  test.each<[PropertyKey[], string]>([
    [[], ""],
    [["organizations"], "organizations"],
    [["organizations", 0, "users", 12, "until"], "organizations[0].users[12].until"],
    [[0, "a"], "[0].a"],
  ])("pathText(%j) is %j", (path, text) => {
    expect(pathText(path)).toBe(text);
  });

  test("nodeAt follows a path as far as the tree goes", () => {
    const at = (line: number) => ({ file: "f", line, col: 1, path: [] });
    const leaf: PolicyNode = { kind: "scalar", value: "x", at: at(3) };
    const list: PolicyNode = { kind: "list", items: [leaf], at: at(2) };
    const root: PolicyNode = { kind: "map", entries: new Map([["a", { keyAt: at(2), value: list }]]), at: at(1) };
    expect(nodeAt(root, ["a", 0])).toEqual({ node: leaf, rest: [] });
    expect(nodeAt(root, ["a", 1, "b"])).toEqual({ node: list, rest: [1, "b"] });
    expect(nodeAt(root, ["a", "0"])).toEqual({ node: list, rest: ["0"] });
    expect(nodeAt(root, [0])).toEqual({ node: root, rest: [0] });
    expect(nodeAt(leaf, ["a"])).toEqual({ node: leaf, rest: ["a"] });
  });

  test("toPlain makes mappings without a prototype", () => {
    const at = { file: "f", line: 1, col: 1, path: [] };
    const plain = toPlain({
      kind: "map",
      entries: new Map([["a", { keyAt: at, value: { kind: "list", items: [{ kind: "scalar", value: 1, at }], at } }]]),
      at,
    }) as Record<string, unknown>;
    expect(Object.getPrototypeOf(plain)).toBeNull();
    expect({ ...plain }).toEqual({ a: [1] });
  });
});
