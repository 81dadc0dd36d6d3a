// Problems as a reader sees them: ordered by file (in the order given), line and column; the same
// problem at the same place once; at most `max`, then one line that counts the rest; each message
// one line of bounded length. Pure: tables, no parsing.
import { describe, expect, it } from "@jest/globals";
import { formatProblem, MAX_MESSAGE_LENGTH, quote, sortAndCap, type PolicyProblem } from "../../src/policy/problem.js";

const p = (file: string, line: number, col: number, message = "m"): PolicyProblem => ({ file, line, col, message });
const lines = (problems: PolicyProblem[]) => problems.map(formatProblem);

describe("sortAndCap", () => {
  it.each<[string, PolicyProblem[], string[], number, string[]]>([
    [
      "by line, then column",
      [p("a", 2, 1), p("a", 1, 9), p("a", 1, 3)],
      ["a"],
      50,
      ["a:1:3: m", "a:1:9: m", "a:2:1: m"],
    ],
    ["columns compared as numbers", [p("a", 1, 10), p("a", 1, 9)], ["a"], 50, ["a:1:9: m", "a:1:10: m"]],
    [
      "files in the order given, not by name",
      [p("a", 1, 1), p("b", 9, 9), p("a", 5, 5)],
      ["b", "a"],
      50,
      ["b:9:9: m", "a:1:1: m", "a:5:5: m"],
    ],
    [
      "a file named twice ranks where it is first named",
      [p("a", 1, 1), p("b", 1, 1)],
      ["b", "a", "b"],
      50,
      ["b:1:1: m", "a:1:1: m"],
    ],
    [
      "files not in the order come last, in the order found",
      [p("z", 1, 1), p("a", 3, 3), p("y", 1, 1)],
      ["a"],
      50,
      ["a:3:3: m", "z:1:1: m", "y:1:1: m"],
    ],
    [
      "the same problem at the same place once",
      [p("a", 1, 1, "x"), p("a", 1, 1, "y"), p("a", 1, 1, "x"), p("a", 2, 1, "x")],
      ["a"],
      50,
      ["a:1:1: x", "a:1:1: y", "a:2:1: x"],
    ],
    [
      "one place, two messages, both kept in the order found",
      [p("a", 1, 1, "y"), p("a", 1, 1, "x")],
      ["a"],
      50,
      ["a:1:1: y", "a:1:1: x"],
    ],
    [
      "the same message at another column is another problem",
      [p("a", 1, 1, "x"), p("a", 1, 2, "x"), p("a", 2, 1, "x")],
      ["a"],
      50,
      ["a:1:1: x", "a:1:2: x", "a:2:1: x"],
    ],
    [
      "a message found again at a later place, after another problem there, is kept",
      [p("a", 1, 1, "x"), p("a", 2, 1, "y"), p("a", 2, 1, "x")],
      ["a"],
      50,
      ["a:1:1: x", "a:2:1: y", "a:2:1: x"],
    ],
    [
      "the same message and place in two files is two problems",
      [p("a", 1, 1, "x"), p("b", 1, 1, "x")],
      ["a", "b"],
      50,
      ["a:1:1: x", "b:1:1: x"],
    ],
    [
      "files outside the order at one place are told apart by file",
      [p("z", 1, 1, "x"), p("y", 1, 1, "x"), p("z", 1, 1, "x")],
      [],
      50,
      ["z:1:1: x", "y:1:1: x"],
    ],
    ["exactly max: no summary", [p("a", 1, 1), p("a", 2, 1)], ["a"], 2, ["a:1:1: m", "a:2:1: m"]],
    [
      "one over max: the first left out says one more",
      [p("a", 3, 1), p("a", 1, 1), p("a", 2, 1)],
      ["a"],
      2,
      ["a:1:1: m", "a:2:1: m", "a:3:1: …and 1 more problem"],
    ],
    [
      "several over max, counted after duplicates are dropped",
      [p("a", 1, 1), p("a", 2, 1), p("a", 3, 1), p("a", 3, 1), p("a", 4, 1)],
      ["a"],
      1,
      ["a:1:1: m", "a:2:1: …and 3 more problems"],
    ],
    ["nothing", [], ["a"], 50, []],
  ])("%s", (_name, problems, order, max, expected) => {
    expect(lines(sortAndCap(problems, order, max))).toEqual(expected);
  });

  it.each<[string, string, string]>([
    ["a line break becomes a space", "one\ntwo", "one two"],
    ["a run of line breaks becomes one space", "one\r\n\r\ntwo", "one two"],
    ["a message of exactly the limit is kept whole", "x".repeat(MAX_MESSAGE_LENGTH), "x".repeat(MAX_MESSAGE_LENGTH)],
    [
      "one character over is cut, with an ellipsis",
      "x".repeat(MAX_MESSAGE_LENGTH + 1),
      `${"x".repeat(MAX_MESSAGE_LENGTH)}…`,
    ],
    [
      "much longer is cut at the limit",
      `${"x".repeat(MAX_MESSAGE_LENGTH)}${"y".repeat(500)}`,
      `${"x".repeat(MAX_MESSAGE_LENGTH)}…`,
    ],
  ])("messages shown: %s", (_name, message, shown) => {
    expect(sortAndCap([p("a", 1, 1, message)], ["a"], 50)[0]?.message).toBe(shown);
  });

  it("does not change the problems it was given", () => {
    const given = [p("a", 2, 1, "x\ny"), p("a", 1, 1)];
    const copy = structuredClone(given);
    sortAndCap(given, ["a"], 1);
    expect(given).toEqual(copy);
  });
});

describe("quote", () => {
  it.each<[string, string, number | undefined, string]>([
    ["short text, as JSON", 'a "b"', undefined, '"a \\"b\\""'],
    ["exactly the default 60 characters", "q".repeat(60), undefined, JSON.stringify("q".repeat(60))],
    ["61 characters are cut at 60, with an ellipsis", "q".repeat(61), undefined, JSON.stringify(`${"q".repeat(60)}…`)],
    ["a limit of its own", "abcdef", 3, '"abc…"'],
    ["a line break stays escaped", "a\nb", undefined, '"a\\nb"'],
  ])("%s", (_name, text, max, expected) => {
    expect(max === undefined ? quote(text) : quote(text, max)).toBe(expected);
  });
});
