import { describe, expect, it } from "@jest/globals";
import { parseCommand } from "../../src/commands/parse.js";
import { mayApprove, roleRank } from "../../src/commands/permission.js";

describe("parseCommand", () => {
  it.each([
    ["/ethics-policy approve", { name: "approve", reason: "" }],
    [
      "/ethics-policy approve  contractor left Palantir in 2020 ",
      { name: "approve", reason: "contractor left Palantir in 2020" },
    ],
    ["/Ethics-Policy APPROVE ok", { name: "approve", reason: "ok" }],
    ["Thanks!\n\n/ethics-policy recheck\n", { name: "recheck" }],
    ["/ethics-policy explain", { name: "explain" }],
    ["/ethics-policy", { name: "unknown", word: "" }],
    ["/ethics-policy frobnicate now", { name: "unknown", word: "frobnicate" }],
    ["\r\n/ethics-policy recheck\r\n", { name: "recheck" }],
  ])("%j", (body, expected) => {
    expect(parseCommand(body)).toEqual(expected);
  });

  it.each([
    "please run /ethics-policy approve",
    "> /ethics-policy approve",
    "`/ethics-policy approve`",
    "/ethics-policyapprove",
    "",
    "LGTM",
  ])("ignores %j", (body) => {
    expect(parseCommand(body)).toBeNull();
  });

  it("caps the reason", () => {
    const cmd = parseCommand(`/ethics-policy approve ${"x".repeat(10_000)}`);
    expect(cmd?.name === "approve" && cmd.reason.length).toBe(500);
  });
});

describe("mayApprove", () => {
  it.each([
    ["admin", "admin", "maintain", true],
    ["maintain", "write", "maintain", true],
    ["write", "write", "maintain", false],
    ["write", "write", "write", true],
    ["triage", "read", "write", false],
    ["read", "read", "write", false],
    [null, "none", "write", false],
    ["maintain", "write", "admin", false],
    ["security-reviewer", "write", "write", true], // custom role: its base permission, never more
    ["security-reviewer", "write", "maintain", false],
    ["custom", "admin", "admin", true],
  ] as const)("role %s (permission %s) vs %s → %s", (role, permission, least, expected) => {
    expect(mayApprove(role, permission, least)).toBe(expected);
  });

  it("ranks unknown values as none", () => {
    expect(roleRank("???", "???")).toBe(0);
  });
});
