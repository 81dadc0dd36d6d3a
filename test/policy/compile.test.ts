// compilePolicy: the lookup tables built from a validated policy, checked as data (the matchers'
// tests check what evaluation does with them).
import { describe, expect, test } from "@jest/globals";
import { compile } from "../match/helpers.js";

describe("github_orgs", () => {
  test("keyed by lower-cased login, kept as written without the @, in policy order", () => {
    const c = compile({}, [
      { name: "A", github_orgs: ["@Palantir", "acme"] },
      { name: "B", github_orgs: ["palantir"] },
    ]);
    expect([...c.githubOrgs]).toStrictEqual([
      [
        "palantir",
        [
          { org: 0, login: "Palantir" },
          { org: 1, login: "palantir" },
        ],
      ],
      ["acme", [{ org: 0, login: "acme" }]],
    ]);
  });

  test("one entry per organization when it lists a login twice, in any case or with an @", () => {
    const c = compile({}, [{ name: "A", github_orgs: ["palantir", "@PALANTIR", "Palantir"] }]);
    expect(c.githubOrgs.get("palantir")).toStrictEqual([{ org: 0, login: "palantir" }]);
  });
});

describe("users", () => {
  test("a login alone has no end; `until` ends on the last millisecond of that day, UTC", () => {
    const c = compile({}, [
      { name: "A", users: ["Dev", { login: "Left", until: "2021-06-30" }, { login: "Still" }] },
      { name: "B", users: [{ login: "dev", until: "2024-02-29" }] },
    ]);
    expect([...c.users]).toStrictEqual([
      [
        "dev",
        [
          { org: 0, login: "Dev" },
          { org: 1, login: "dev", untilMs: Date.UTC(2024, 1, 29, 23, 59, 59, 999) },
        ],
      ],
      ["left", [{ org: 0, login: "Left", untilMs: Date.UTC(2021, 5, 30, 23, 59, 59, 999) }]],
      ["still", [{ org: 0, login: "Still" }]],
    ]);
  });
});

test("exemptions are lower-cased sets", () => {
  const c = compile({ exempt: { users: ["Alice", "bob"], teams: ["Acme/Core-Team"] } });
  expect([...c.exemptUsers]).toStrictEqual(["alice", "bob"]);
  expect([...c.exemptTeams]).toStrictEqual(["acme/core-team"]);
});
