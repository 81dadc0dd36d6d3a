// GitHub rejects a whole query for an unused fragment or variable, or an undefined one; nock
// cannot notice, so the texts are checked here.
import { describe, expect, it } from "@jest/globals";
import { buildSchema, parse, TypeInfo, validate, visit, visitWithTypeInfo } from "graphql";
import { schema as published } from "@octokit/graphql-schema";
import {
  HEAD_CHECKS_QUERY,
  POLICY_FILE_QUERY,
  PULL_REQUEST_PAGE_QUERY,
  PULL_REQUEST_QUERY,
  blobExpression,
  usersQuery,
  usersVariables,
} from "../../src/github/query.js";

const queries: Record<string, string> = {
  PULL_REQUEST_QUERY,
  PULL_REQUEST_PAGE_QUERY,
  HEAD_CHECKS_QUERY,
  POLICY_FILE_QUERY,
  "usersQuery(1)": usersQuery(1),
  "usersQuery(3)": usersQuery(3),
};

const unique = (items: Iterable<string>) => [...new Set(items)].sort();

describe.each(Object.entries(queries))("%s", (_, text) => {
  it("has balanced braces and parentheses", () => {
    let depth = 0;
    for (const ch of text) {
      if (ch === "{" || ch === "(") depth++;
      if (ch === "}" || ch === ")") depth--;
      expect(depth).toBeGreaterThanOrEqual(0);
    }
    expect(depth).toBe(0);
  });

  it("is one named operation", () => {
    expect(text.match(/^\s*query \w+/gm)).toHaveLength(1);
  });

  it("defines exactly the fragments it spreads", () => {
    const defined = unique([...text.matchAll(/fragment (\w+) on/g)].map((m) => m[1]!));
    const spread = unique([...text.matchAll(/\.\.\.(?!\s*on\b)\s*(\w+)/g)].map((m) => m[1]!));
    expect(spread).toEqual(defined);
  });

  it("declares exactly the variables it uses", () => {
    const header = /query \w+\(([^)]*)\)/.exec(text)?.[1] ?? "";
    const declared = unique([...header.matchAll(/\$(\w+)\s*:/g)].map((m) => m[1]!));
    const used = unique([...text.replace(header, "").matchAll(/\$(\w+)/g)].map((m) => m[1]!));
    expect(used).toEqual(declared);
  });
});

describe("query helpers", () => {
  it("passes logins as variables, never in the text", () => {
    const text = usersQuery(2);
    expect(text).toContain("u0: user(login: $l0)");
    expect(text).not.toContain("carol");
    expect(usersVariables(["carol", "dave"])).toEqual({ l0: "carol", l1: "dave" });
  });

  it("builds ref:path expressions, HEAD by default", () => {
    expect(blobExpression(".github/ethics-policy.yml")).toBe("HEAD:.github/ethics-policy.yml");
    expect(blobExpression("/base.yml", "main")).toBe("main:base.yml");
  });
});

// GitHub's own schema: every document validates, and no document reads a database id that does
// not fit GraphQL's 32-bit Int (CheckRun.databaseId: real check-run ids are above 2^31).
const githubSchema = buildSchema(published.idl, { assumeValidSDL: true });

describe.each(Object.entries(queries))("%s against GitHub's schema", (_, text) => {
  it("validates", () => {
    expect(validate(githubSchema, parse(text)).map((e) => e.message)).toEqual([]);
  });

  it("reads no 32-bit databaseId of a check run (node ids only)", () => {
    const typeInfo = new TypeInfo(githubSchema);
    const read: string[] = [];
    visit(
      parse(text),
      visitWithTypeInfo(typeInfo, {
        Field(node) {
          const parent = typeInfo.getParentType()?.name;
          if (parent === "CheckRun" || parent === "CheckSuite") read.push(`${parent}.${node.name.value}`);
        },
      }),
    );
    expect(read.filter((f) => f.endsWith(".databaseId"))).toEqual([]);
    if (text.includes("EthicsHeadChecks on Commit")) expect(read).toContain("CheckRun.id");
  });
});
