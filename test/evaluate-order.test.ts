// The decision's matches: deduplicated, in a stable documented order, and deterministic.
import { describe, expect, test } from "@jest/globals";
import { evaluate } from "../src/evaluate.js";
import { commit, compile, evidence, NOW, profile } from "./match/helpers.js";
import { fixture } from "./helpers/fixture.js";

describe("order and deduplication", () => {
  const c = fixture(() => compile({ signals: { profile_bio: true } }));
  const ev = evidence(
    {
      login: "zed",
      company: "Anduril / Palantir",
      bio: "Engineer at Anduril",
      organizations: ["anduril", "palantir"],
      email: "z@palantir.com",
    },
    {
      users: { amy: profile("amy", { company: "Palantir" }) },
      commits: [
        commit("2", {
          author: { name: "Amy", email: "amy@palantir.com", login: "amy" },
          committer: { name: "Zed", email: "z@palantir.com", login: "zed" },
        }),
        commit("1", {
          author: { name: "Amy", email: "amy@palantir.com", login: "amy" },
          message: "x\n\nCo-authored-by: Q <q@palantir.com>\nCo-authored-by: Q <q@palantir.com>",
        }),
        commit("1", { author: { name: "Amy", email: "amy@palantir.com", login: "amy" } }),
      ],
    },
  );

  test("policy organization order, then signal, subject, value, commit", () => {
    const rows = evaluate(c(), ev, { now: NOW }).matches.map((m) => [
      m.organization.split(" ")[0],
      m.signal,
      m.subject,
      m.value,
      m.commit ?? "",
    ]);
    expect(rows).toEqual([
      ["Palantir", "profile_company", "amy", "Palantir", ""],
      ["Palantir", "profile_company", "zed", "Anduril / Palantir", ""],
      ["Palantir", "profile_email", "zed", "z@palantir.com", ""],
      ["Palantir", "organizations", "zed", "palantir", ""],
      ["Palantir", "commit_email", "amy", "amy@palantir.com", "1"],
      ["Palantir", "commit_email", "amy", "amy@palantir.com", "2"],
      ["Palantir", "commit_email", "zed", "z@palantir.com", "2"],
      ["Palantir", "co_author", "q@palantir.com", "q@palantir.com", "1"],
      ["Anduril", "profile_company", "zed", "Anduril / Palantir", ""],
      ["Anduril", "profile_bio", "zed", "Engineer at Anduril", ""],
      ["Anduril", "organizations", "zed", "anduril", ""],
    ]);
  });

  test("matches found in order stay in order: equal subjects are ordered by value, then commit", () => {
    const amy = (sha: string, email: string) =>
      commit(sha, { author: { name: "Amy", email, login: "amy" }, committer: { name: "A", email, login: "amy" } });
    const inOrder = evidence(
      {},
      { commits: [amy("1", "amy@palantir.com"), amy("2", "amy@palantir.com"), amy("3", "b@palantir.com")] },
    );
    expect(evaluate(c(), inOrder, { now: NOW }).matches.map((m) => [m.value, m.commit])).toEqual([
      ["amy@palantir.com", "1"],
      ["amy@palantir.com", "2"],
      ["b@palantir.com", "3"],
    ]);
  });

  test("deduplication keeps fields apart: a login and an address that run together alike are two matches", () => {
    const ev = evidence(
      {},
      {
        commits: [
          commit("1", {
            author: { name: "Bo", email: "bb@palantir.com", login: "bo" },
            committer: { name: "Bob", email: "b@palantir.com", login: "bob" },
          }),
        ],
      },
    );
    expect(evaluate(c(), ev, { now: NOW }).matches.map((m) => [m.subject, m.value])).toEqual([
      ["bo", "bb@palantir.com"],
      ["bob", "b@palantir.com"],
    ]);
  });

  test("organizations lists matched names in policy order", () => {
    expect(evaluate(c(), ev, { now: NOW }).organizations).toEqual(["Palantir Technologies", "Anduril Industries"]);
  });

  test("one match per organization, signal, subject, value and commit even when two entries match", () => {
    const both = compile({}, [{ name: "P", email_domains: ["*.palantir.com", "eu.palantir.com", "*.com"] }]);
    const ms = evaluate(both, evidence({ email: "a@eu.palantir.com" }), { now: NOW }).matches;
    expect(ms).toEqual([
      {
        organization: "P",
        signal: "profile_email",
        subject: "alice",
        value: "a@eu.palantir.com",
        matched: "eu.palantir.com",
      },
    ]);
  });

  test("two organizations with the same domain both match", () => {
    const two = compile({}, [
      { name: "B", email_domains: ["x.com"] },
      { name: "A", email_domains: ["X.com"] },
    ]);
    expect(evaluate(two, evidence({ email: "a@x.com" }), { now: NOW }).organizations).toEqual(["B", "A"]);
  });

  test("same input, same output; input order of users does not matter", () => {
    const a = evaluate(c(), ev, { now: NOW });
    const b = evaluate(c(), structuredClone(ev), { now: NOW });
    expect(b).toEqual(a);
    const reordered = {
      ...ev,
      users: { bob: profile("bob", { company: "Anduril" }), amy: profile("amy", { company: "Palantir" }) },
    };
    const original = {
      ...ev,
      users: { amy: profile("amy", { company: "Palantir" }), bob: profile("bob", { company: "Anduril" }) },
    };
    expect(evaluate(c(), reordered, { now: NOW }).matches).toEqual(evaluate(c(), original, { now: NOW }).matches);
  });

  test("evaluate does not mutate its inputs", () => {
    const copy = structuredClone(ev);
    const policyCopy = structuredClone(c().policy);
    evaluate(c(), ev, { now: NOW });
    expect(ev).toEqual(copy);
    expect(c().policy).toEqual(policyCopy);
  });
});

describe("scale", () => {
  test("10,000 organizations compile once and evaluate quickly", () => {
    const orgs = Array.from({ length: 10_000 }, (_, i) => ({
      name: `Company ${i} Holdings`,
      aliases: [`Co${i}`, `Brand ${i}`],
      github_orgs: [`org-${i}`],
      email_domains: [`c${i}.example`, `*.c${i}.example`],
      users: [`user-${i}`],
    }));
    const big = compile({}, orgs);
    const ev = evidence(
      { company: "Brand 9999 / Company 5 Holdings", organizations: ["org-42"], email: "x@eu.c7.example" },
      {
        commits: Array.from({ length: 250 }, (_, i) =>
          commit(String(i), { author: { name: "u", email: `u${i}@mail.c${i}.example`, login: `user-${i}` } }),
        ),
      },
    );
    const d = evaluate(big, ev, { now: NOW });
    expect(d.organizations.slice(0, 4)).toEqual([
      "Company 0 Holdings",
      "Company 1 Holdings",
      "Company 2 Holdings",
      "Company 3 Holdings",
    ]);
    expect(d.organizations).toContain("Company 9999 Holdings");
    expect(d.organizations).toHaveLength(250 + 1); // 0..249 by commits and users; 5, 7, 42 among them; 9999 by company
  });
});
