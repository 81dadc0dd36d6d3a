// Evidence JSON is strict about keys: a misspelt key is an error with its JSON path, not dropped.
import { describe, expect, it } from "@jest/globals";
import { jsonPath, parseEvidence } from "../../src/evidence/schema.js";

const person = { name: "Ada", email: "ada@example.org", login: "ada" };
const valid = {
  author: { login: "ada", company: null, organizations: [] },
  users: { bob: { login: "bob" } },
  commits: [{ sha: "a".repeat(40), message: "x", author: person, committer: person }],
};

describe("parseEvidence: unknown keys", () => {
  it.each<[string, unknown, string]>([
    [
      "misspelt profile key",
      { ...valid, author: { login: "ada", compnay: "Palantir" } },
      '$.author.compnay: unknown key (did you mean "company"?)',
    ],
    ["misspelt top-level key", { author: valid.author, commit: [] }, '$.commit: unknown key (did you mean "commits"?)'],
    [
      "misspelt commit person key",
      { ...valid, commits: [{ ...valid.commits[0], author: { ...person, emial: "x@y" } }] },
      '$.commits[0].author.emial: unknown key (did you mean "email"?)',
    ],
    [
      "misspelt key in users",
      { ...valid, users: { "b b": { login: "b", organisations: [] } } },
      '$.users["b b"].organisations: unknown key (did you mean "organizations"?)',
    ],
    [
      "misspelt commit key",
      { ...valid, commits: [{ ...valid.commits[0], mesage: "y" }] },
      '$.commits[0].mesage: unknown key (did you mean "message"?)',
    ],
    ["unrelated key, no guess", { ...valid, zzzzzzzzzz: 1 }, "$.zzzzzzzzzz: unknown key"],
  ])("%s", (_name, input, expected) => {
    const result = parseEvidence(input);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors).toContain(expected);
  });

  it("reports wrong types at their path too", () => {
    const result = parseEvidence({ author: { login: "ada", organizations: "palantir" } });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors.join("\n")).toMatch(/^\$\.author\.organizations: /m);
  });

  it("accepts valid evidence, with nulls and defaults filled in, and ignores $schema", () => {
    const result = parseEvidence({ $schema: "./evidence.schema.json", ...valid });
    expect(result.ok).toBe(true);
    if (result.ok) {
      expect(result.evidence.author.type).toBe("User");
      expect(result.evidence.author.bio).toBeNull();
      expect(result.evidence).not.toHaveProperty("$schema");
    }
  });

  it("writes JSON paths readably", () => {
    expect(jsonPath([])).toBe("$");
    expect(jsonPath(["commits", 3, "sha"])).toBe("$.commits[3].sha");
    expect(jsonPath(["users", "a-b"])).toBe('$.users["a-b"]');
  });
});
