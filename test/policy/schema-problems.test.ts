// The words of schema problems (schema-problems.ts): the error map for every kind of issue, on
// small zod schemas of each type, and the hints and placing of problems in a policy.
import { describe, expect, test } from "@jest/globals";
import * as z from "zod";
import { parsePolicy } from "../../src/policy/parse.js";
import { policyErrorMap } from "../../src/policy/schema-problems.js";
import { MINIMAL, problemLines } from "./helpers.js";

describe("policyErrorMap", () => {
  test.each<[string, () => z.ZodType, unknown, string]>([
    ["text, given a list", () => z.string(), [1], "must be text, not a list"],
    ["text, given a mapping", () => z.string(), { a: 1 }, "must be text, not a mapping"],
    ["text, given false", () => z.string(), false, "must be text, not false"],
    ["text, given true", () => z.string(), true, "must be text, not true"],
    ["text, given a number", () => z.string(), 3, "must be text, not a number"],
    ["text, given something YAML never gives", () => z.string(), Symbol("s"), "must be text"],
    ["a number, given text", () => z.number(), "x", "must be a number, not text"],
    ["a number, given nothing", () => z.number(), null, "must be a number, but is empty"],
    ["a required key", () => z.object({ a: z.number() }), {}, "is required"],
    ["true or false, given text", () => z.boolean(), "x", "must be true or false, not text"],
    ["a mapping, given text", () => z.object({}), "x", "must be a mapping (key: value lines), not text"],
    ["a list, given text", () => z.array(z.string()), "x", "must be a list, not text"],
    ["another type", () => z.date(), true, "must be a date, not true"],
    ["one of two values", () => z.enum(["a", "b"]), "c", 'must be "a" or "b"'],
    ["one of three values", () => z.enum(["a", "b", "c"]), "d", 'must be one of "a", "b", "c"'],
    ["a single value", () => z.literal(1), 2, "must be 1"],
    ["at least one item", () => z.array(z.string()).min(1), [], "must have at least 1 item"],
    ["at least two items", () => z.array(z.string()).min(2), ["a"], "must have at least 2 items"],
    ["at most one item", () => z.array(z.string()).max(1), ["a", "b"], "may have at most 1 item"],
    ["at most two items", () => z.array(z.string()).max(2), ["a", "b", "c"], "may have at most 2 items"],
    ["text too short", () => z.string().min(3), "a", "must be at least 3 characters"],
    ["text too long", () => z.string().max(2), "abc", "must be at most 2 characters"],
    // Left to zod's own words: no policy value is a bounded number.
    ["a number too small", () => z.number().min(3), 1, "Too small: expected number to be >=3"],
    ["a number too large", () => z.number().max(3), 5, "Too big: expected number to be <=3"],
    ["a pattern", () => z.string().regex(/^a$/), "b", "has the wrong format"],
    ["a union", () => z.union([z.string(), z.number()]), true, "has the wrong type"],
    ["a check of its own", () => z.string().refine(() => false), "x", "Invalid input"],
  ])("%s", (_name, schema, input, message) => {
    const result = schema().safeParse(input, { error: policyErrorMap });
    expect(result.success ? [] : result.error.issues.map((i) => i.message)).toEqual([message]);
  });
});

describe("schema problems in a policy", () => {
  test.each<[string, string, string[]]>([
    [
      "true where a name is wanted",
      "version: 1\norganizations:\n  - name: true\n",
      ['3:11: organizations[0].name: must be text, not true; to mean the text, quote it: "true"'],
    ],
    [
      "a number written with an exponent where a name is wanted",
      "version: 1\norganizations:\n  - name: 1e3\n",
      ['3:11: organizations[0].name: must be text, not a number; to mean the text, quote it: "1e3"'],
    ],
    [
      "a list where a name is wanted: no hint",
      "version: 1\norganizations:\n  - name: [a]\n",
      ["3:11: organizations[0].name: must be text, not a list"],
    ],
    [
      "a number where one of some words is wanted: no hint",
      `${MINIMAL}approvers: 3\n`,
      ['4:12: approvers: must be one of "write", "maintain", "admin"'],
    ],
    [
      "true where a number is wanted: no hint",
      "version: true\norganizations: [{name: A}]\n",
      ["1:10: version: must be 1"],
    ],
    [
      "a quoted word where a word is wanted: no hint",
      `${MINIMAL}approvers: "owner"\n`,
      ['4:12: approvers: must be one of "write", "maintain", "admin"'],
    ],
    [
      "a quoted check that is not one of the words",
      `${MINIMAL}actions: {check: "false"}\n`,
      ['4:18: actions.check: must be "neutral", "action_required" or false'],
    ],
    [
      "a user mapping whose login is a number: the mapping was meant",
      `${MINIMAL}    users: [{login: 42}]\n`,
      ['4:21: organizations[0].users[0].login: must be text, not a number; to mean the text, quote it: "42"'],
    ],
    [
      "a user that is a list: no alternative was meant",
      `${MINIMAL}    users: [[a]]\n`,
      ["4:13: organizations[0].users[0]: must be a GitHub login or a mapping {login: ..., until: YYYY-MM-DD}"],
    ],
    [
      "a user that is true",
      `${MINIMAL}    users: [true]\n`,
      [
        '4:13: organizations[0].users[0]: must be a GitHub login or a mapping {login: ..., until: YYYY-MM-DD}; to mean the text, quote it: "true"',
      ],
    ],
    [
      "unknown keys in exempt and actions, with suggestions from their own keys",
      `${MINIMAL}exempt: {bot: true}\nactions: {labels: x}\n`,
      [
        '4:10: exempt: unknown key "bot"; did you mean "bots"?',
        '5:11: actions: unknown key "labels"; did you mean "label"?',
      ],
    ],
    [
      "an unknown key under a list of mappings",
      `${MINIMAL}    users: [{login: a, util: 2020-01-01}]\n`,
      ['4:24: organizations[0].users[0]: unknown key "util"; did you mean "until"?'],
    ],
    [
      "a mapping where a login is wanted",
      `${MINIMAL}signals: {}\nexempt: {users: [{login: a}]}\n`,
      ["5:18: exempt.users[0]: must be text, not a mapping"],
    ],
    [
      "an empty organization mapping",
      "version: 1\norganizations: [{}]\n",
      ['2:17: organizations[0]: missing required key "name"'],
    ],
    [
      "an empty value where a mapping is wanted",
      `${MINIMAL}signals:\n`,
      ["4:9: signals: must be a mapping (key: value lines), but is empty"],
    ],
  ])("%s", (_name, text, problems) => {
    expect(problemLines(parsePolicy(text, "p.yml"))).toEqual(problems);
  });
});
