// evaluate: accounts (users list with `until`, public orgs, other authors' profiles), signal
// switches, exemptions and the decision's top-level fields.
import { describe, expect, test } from "@jest/globals";
import { evaluate } from "../src/evaluate.js";
import type { Evidence } from "../src/evidence/types.js";
import { commit, compile, evidence, NOW, profile } from "./match/helpers.js";
import { fixture } from "./helpers/fixture.js";

const at = (iso: string) => ({ now: new Date(iso) });

describe("users list", () => {
  const c = fixture(() =>
    compile({}, [{ name: "Palantir", users: ["Known-Dev", { login: "left", until: "2021-06-30" }] }]),
  );
  const listed = (ev: Evidence, iso = "2024-01-01T00:00:00Z") =>
    evaluate(c(), ev, at(iso)).matches.map((m) => [m.subject, m.matched]);

  test("the PR author, case-insensitively", () => {
    expect(listed(evidence({ login: "known-dev" }))).toEqual([["known-dev", "Known-Dev"]]);
    expect(listed(evidence({ login: "KNOWN-DEV" }))).toEqual([["KNOWN-DEV", "Known-Dev"]]);
    expect(listed(evidence({ login: "known-dev2" }))).toEqual([]);
  });

  test("commit authors and users profiles", () => {
    const ev = evidence({}, { commits: [commit("1", { author: { name: "K", email: null, login: "known-dev" } })] });
    expect(listed(ev)).toEqual([["known-dev", "Known-Dev"]]);
    expect(listed(evidence({}, { users: { "known-dev": profile("known-dev") } }))).toEqual([
      ["known-dev", "Known-Dev"],
    ]);
  });

  test("an account is checked once: the author's own commits in another case add nothing", () => {
    const ev = evidence(
      { login: "known-dev" },
      { commits: [commit("1", { author: { name: "K", email: null, login: "KNOWN-DEV" } })] },
    );
    expect(listed(ev)).toEqual([["known-dev", "Known-Dev"]]);
  });

  test("committers alone are not checked against the list", () => {
    const ev = evidence(
      {},
      { commits: [commit("1", { committer: { name: "K", email: "k@example.org", login: "known-dev" } })] },
    );
    expect(listed(ev)).toEqual([]);
  });

  test("`until` ends the affiliation after that day, UTC", () => {
    const ev = evidence({ login: "left" });
    expect(listed(ev, "2021-06-30T00:00:00Z")).toEqual([["left", "left"]]);
    expect(listed(ev, "2021-06-30T23:59:59.999Z")).toEqual([["left", "left"]]);
    expect(listed(ev, "2021-07-01T00:00:00Z")).toEqual([]);
    expect(listed(ev, "2021-07-01T01:00:00+02:00")).toEqual([["left", "left"]]);
    expect(listed(ev, "2030-01-01T00:00:00Z")).toEqual([]);
    expect(listed(ev, "2020-01-01T00:00:00Z")).toEqual([["left", "left"]]);
  });

  test("without a valid clock every `until` has ended; entries with no `until` still match", () => {
    const subjects = (login: string, options: unknown) =>
      evaluate(c(), evidence({ login }), options as { now: Date }).matches.map((m) => m.subject);
    for (const options of [undefined, {}, { now: "2020-01-01T00:00:00Z" }, { now: new Date(Number.NaN) }]) {
      expect(subjects("left", options)).toEqual([]);
      expect(subjects("known-dev", options)).toEqual(["known-dev"]);
    }
  });

  test("the same login in two organizations matches both", () => {
    const two = compile({}, [
      { name: "A", users: ["x"] },
      { name: "B", users: [{ login: "X", until: "2099-01-01" }] },
    ]);
    expect(evaluate(two, evidence({ login: "x" }), { now: NOW }).organizations).toEqual(["A", "B"]);
  });
});

describe("public organizations", () => {
  const c = fixture(() => compile());
  test("membership matches github_orgs exactly, any case", () => {
    const ms = evaluate(c(), evidence({ organizations: ["acme", "Palantir", "palantir-fans", "anduril"] }), {
      now: NOW,
    }).matches;
    expect(ms.map((m) => [m.organization, m.signal, m.value, m.matched])).toEqual([
      ["Palantir Technologies", "organizations", "Palantir", "palantir"],
      ["Anduril Industries", "organizations", "anduril", "anduril"],
    ]);
  });
  test("switched off by signals.organizations", () => {
    const off = compile({ signals: { organizations: false } });
    expect(evaluate(off, evidence({ organizations: ["palantir"] }), { now: NOW }).matches).toEqual([]);
  });
});

describe("other commit authors' profiles", () => {
  test("are evaluated with the same profile signals, named by their login", () => {
    const ev = evidence(
      {},
      {
        users: { bob: profile("bob", { company: "Palantir", email: "bob@anduril.com" }) },
        commits: [commit("1", { author: { name: "Bob", email: "bob@example.org", login: "bob" } })],
      },
    );
    const ms = evaluate(compile(), ev, { now: NOW }).matches;
    expect(ms.map((m) => [m.organization, m.signal, m.subject])).toEqual([
      ["Palantir Technologies", "profile_company", "bob"],
      ["Anduril Industries", "profile_email", "bob"],
    ]);
  });

  test("a profile is found by the login it holds, whatever key it is filed under; by its key when it holds none", () => {
    const bobsCommit = commit("1", { author: { name: "Bob", email: "bob@example.org", login: "Bob" } });
    const subjects = (users: Evidence["users"]) =>
      evaluate(compile(), evidence({}, { users, commits: [bobsCommit] }), { now: NOW }).matches.map((m) => [
        m.signal,
        m.subject,
      ]);
    expect(subjects({ "0": profile("bob", { company: "Palantir" }) })).toEqual([["profile_company", "bob"]]);
    const noLogin = { company: "Palantir" } as unknown as Evidence["users"][string];
    expect(subjects({ BOB: noLogin })).toEqual([["profile_company", "Bob"]]);
  });

  test("a login like `constructor` is just a login", () => {
    const ev = evidence({}, { commits: [commit("1", { author: { name: "C", email: null, login: "constructor" } })] });
    expect(evaluate(compile(), ev, { now: NOW }).matches).toEqual([]);
  });
});

describe("signal switches", () => {
  const ev = evidence(
    {
      company: "Palantir",
      bio: "engineer at Palantir",
      email: "a@palantir.com",
      blog: "palantir.com",
      organizations: ["palantir"],
    },
    {
      commits: [
        commit("1", {
          author: { name: "A", email: "a@palantir.com", login: "alice" },
          message: "x\n\nCo-authored-by: B <b@palantir.com>",
        }),
      ],
    },
  );
  const signals = (s: Record<string, boolean>) => [
    ...new Set(evaluate(compile({ signals: s }), ev, { now: NOW }).matches.map((m) => m.signal)),
  ];

  test("defaults: everything but the bio", () => {
    expect(signals({})).toEqual([
      "profile_company",
      "profile_email",
      "profile_blog",
      "organizations",
      "commit_email",
      "co_author",
    ]);
  });
  test.each<[string, string[]]>([
    ["profile_company", ["profile_company"]],
    ["profile_email", ["profile_email", "profile_blog"]],
    ["organizations", ["organizations"]],
    ["commit_emails", ["commit_email"]],
    ["co_authors", ["co_author"]],
  ])("%s: false removes %j", (key, removed) => {
    const all = [
      "profile_company",
      "profile_bio",
      "profile_email",
      "profile_blog",
      "organizations",
      "commit_email",
      "co_author",
    ];
    expect(signals({ profile_bio: true, [key]: false })).toEqual(all.filter((s) => !removed.includes(s)));
  });
});

describe("exemptions", () => {
  const flaggedEv = (author: Parameters<typeof evidence>[0]) => evidence({ company: "Palantir", ...author });

  test.each<[string, Record<string, unknown>, Parameters<typeof evidence>[0], string | undefined]>([
    ["bot by type", {}, { login: "helper", type: "Bot" }, "bot"],
    ["bot by login", {}, { login: "renovate[bot]" }, "bot"],
    ["bot by login, any case", {}, { login: "Some[BOT]" }, "bot"],
    ["bots not exempt", { exempt: { bots: false } }, { login: "renovate[bot]", type: "Bot" }, undefined],
    ["user", { exempt: { users: ["Alice"] } }, { login: "alice" }, "user"],
    ["other user", { exempt: { users: ["bob"] } }, { login: "alice" }, undefined],
    ["team", { exempt: { teams: ["acme/Core"] } }, { teams: ["ACME/core", "acme/docs"] }, "team"],
    ["other team", { exempt: { teams: ["acme/core"] } }, { teams: ["acme/docs"] }, undefined],
    ["no teams resolved", { exempt: { teams: ["acme/core"] } }, {}, undefined],
  ])("%s", (_name, policy, author, reason) => {
    const d = evaluate(compile(policy), flaggedEv(author), { now: NOW });
    expect(d.exempt).toBe(reason !== undefined);
    expect(d.exempt_reason).toBe(reason);
    expect(d.flagged).toBe(reason === undefined);
    expect(d.matches).toHaveLength(1); // still listed, so maintainers can see them
    expect(d.organizations).toEqual(["Palantir Technologies"]);
  });

  test("an exempt author with no matches is exempt and not flagged", () => {
    const d = evaluate(compile(), evidence({ login: "dependabot[bot]", type: "Bot" }), { now: NOW });
    expect(d).toMatchObject({ flagged: false, exempt: true, exempt_reason: "bot", matches: [] });
  });
});

describe("the decision", () => {
  test("a clear pull request", () => {
    expect(evaluate(compile(), evidence({ company: "Acme" }), { now: NOW })).toEqual({
      flagged: false,
      exempt: false,
      author: "alice",
      matches: [],
      unattributed: [],
      organizations: [],
    });
    // Not even as undefined: the decision is written out as JSON and read back.
    expect(evaluate(compile(), evidence({ company: "Acme" }), { now: NOW })).not.toHaveProperty("exempt_reason");
  });

  test("former matches flag only when former_affiliations is flag", () => {
    const ev = evidence({ company: "ex-Palantir" });
    expect(evaluate(compile(), ev, { now: NOW }).flagged).toBe(false);
    const d = evaluate(compile({ former_affiliations: "flag" }), ev, { now: NOW });
    expect(d.flagged).toBe(true);
    expect(d.matches[0]?.former).toBe(true);
  });

  test("a current match carries no `former` field", () => {
    const [m] = evaluate(compile({ former_affiliations: "flag" }), evidence({ company: "Palantir" }), {
      now: NOW,
    }).matches;
    expect(m).not.toHaveProperty("former");
  });
});

describe("evidence is untrusted JSON: missing, null or wrongly typed fields are skipped", () => {
  const noEmail = (role: string) => ({ commit: "", role, name: null, email: null, reason: "no_email" });
  test.each<[string, unknown, { author: string; matches: number; unattributed: unknown[] }]>([
    ["no evidence at all", null, { author: "", matches: 0, unattributed: [] }],
    ["an author that is a list", { author: ["alice"], commits: [] }, { author: "", matches: 0, unattributed: [] }],
    // With no login there is no account to check, whatever the profile says.
    [
      "an author whose login is not a string",
      { author: { login: 42, company: "Palantir" } },
      { author: "", matches: 0, unattributed: [] },
    ],
    [
      "users given as a list, not by login",
      { author: profile("alice"), users: [profile("bob", { company: "Palantir" })] },
      { author: "alice", matches: 0, unattributed: [] },
    ],
    [
      "commits that are not a list",
      { author: profile("alice"), commits: "a1b2c3" },
      { author: "alice", matches: 0, unattributed: [] },
    ],
    // Each odd commit is an empty one: no sha, no author, no committer, so nothing to check.
    [
      "commits that are not objects",
      { author: profile("alice"), commits: [null, 5, ["x"]] },
      { author: "alice", matches: 0, unattributed: [noEmail("author"), noEmail("committer")] },
    ],
  ])("%s", (_name, ev, expected) => {
    const d = evaluate(compile(), ev as Evidence, { now: NOW });
    expect({ author: d.author, matches: d.matches.length, unattributed: d.unattributed }).toEqual(expected);
    expect(d.flagged).toBe(false);
  });
});
