// profile.ts: the matches of one account's profile fields and of the users list, through its own
// exported functions, with the exact fields each match carries (disguise, commit, former).
import { describe, expect, test } from "@jest/globals";
import { emailMatches, profileMatches, strings, userListMatches } from "../../src/match/profile.js";
import { compile, NOW } from "./helpers.js";

const company = (text: string, overrides = {}) =>
  profileMatches(compile({ former_affiliations: "flag", ...overrides }), { company: text }, "dev");

describe("which characters of a hit were disguised", () => {
  test.each<[string, unknown]>([
    // A styled letter outside the hit's words says nothing about the hit.
    ["Ａcme / Palantir", undefined],
    ["Palantir / Ａcme", undefined],
    ["Palantir＆Acme", undefined],
    ["Palantir\u200B Acme", undefined],
    // Styled or invisible letters inside them do, at either end.
    ["Ｐalantir", { raw: "Ｐalantir", read_as: "palantir", how: ["lookalike"] }],
    ["Palantiｒ", { raw: "Palantiｒ", read_as: "palantir", how: ["lookalike"] }],
    ["Acme / Pal\u200Bantir", { raw: "Pal\u200Bantir", read_as: "palantir", how: ["invisible"] }],
    [
      "Acme / Ｐａｌａｎｔｉｒ Ｔｅｃｈｎｏｌｏｇｉｅｓ",
      { raw: "Ｐａｌａｎｔｉｒ Ｔｅｃｈｎｏｌｏｇｉｅｓ", read_as: "palantir technologies", how: ["lookalike"] },
    ],
  ])("%j", (text, disguise) => {
    const [m, ...rest] = company(text);
    expect(rest).toEqual([]);
    expect(m?.disguise).toStrictEqual(disguise);
  });

  test("a disguised @mention reads as the login in lower case", () => {
    const c = compile({}, [{ name: "Palantir Technologies", github_orgs: ["Palantir"] }]);
    const [m, ...rest] = profileMatches(c, { company: "Acme / @Ｐalantir" }, "dev");
    expect(rest).toEqual([]);
    expect(m).toStrictEqual({
      org: 0,
      signal: "profile_company",
      subject: "dev",
      value: "Acme / @Ｐalantir",
      matched: "Palantir",
      disguise: { raw: "Ｐalantir", read_as: "@palantir", how: ["lookalike"] },
    });
  });
});

describe("names inside longer names", () => {
  test("a hit inside a longer one of the same organization is read as part of it, at either end", () => {
    const c = compile({}, [{ name: "Booz Allen Hamilton", aliases: ["Allen Hamilton", "Booz Allen"] }]);
    expect(profileMatches(c, { company: "Anti-Booz Allen Hamilton" }, "dev")).toEqual([]);
    expect(profileMatches(c, { company: "Booz Allen Hamilton critic" }, "dev")).toEqual([]);
  });

  test("a hit inside another organization's longer name still counts for its own", () => {
    const c = compile({}, [{ name: "Acme", aliases: ["Palantir"] }, { name: "Palantir Technologies" }]);
    const found = profileMatches(c, { company: "Palantir Technologies" }, "dev");
    expect(found.map((m) => [m.org, m.matched])).toEqual([
      [0, "Palantir"],
      [1, "Palantir Technologies"],
    ]);
  });

  test("the value is the field as written, cut at the length read", () => {
    const text = `Palantir ${"x".repeat(2000)}`;
    const [m] = profileMatches(compile(), { company: text }, "dev");
    expect(m?.value).toBe(text.slice(0, 1000));
  });
});

describe("emailMatches", () => {
  test("a match carries the commit only when one is given", () => {
    const c = compile();
    expect(emailMatches(c, "bob@palantir.com", "profile_email", "bob")).toStrictEqual([
      { org: 0, signal: "profile_email", subject: "bob", value: "bob@palantir.com", matched: "palantir.com" },
    ]);
    expect(emailMatches(c, "bob@palantir.com", "commit_email", "bob", "abc1234")).toStrictEqual([
      {
        org: 0,
        signal: "commit_email",
        subject: "bob",
        value: "bob@palantir.com",
        matched: "palantir.com",
        commit: "abc1234",
      },
    ]);
  });

  test.each(["1234+bob@users.noreply.github.com", "bob@users.noreply.github.com", "", null])(
    "GitHub's noreply addresses and no address never match: %j",
    (email) => {
      const c = compile({}, [{ name: "GitHub", email_domains: ["github.com", "*.github.com"] }]);
      expect(emailMatches(c, email, "profile_email", "bob")).toEqual([]);
    },
  );

  test("a domain disguised with styled or invisible letters says so, without the spaces around it", () => {
    const [styled] = emailMatches(compile(), "bob@ｐａｌａｎｔｉｒ.com ", "profile_email", "bob");
    expect(styled?.disguise).toStrictEqual({
      raw: "ｐａｌａｎｔｉｒ.com",
      read_as: "palantir.com",
      how: ["lookalike"],
    });
    const [invisible] = emailMatches(compile(), "bob@pal\u200Bantir.com", "profile_email", "bob");
    expect(invisible?.disguise).toStrictEqual({
      raw: "pal\u200Bantir.com",
      read_as: "palantir.com",
      how: ["invisible"],
    });
  });
});

describe("profileMatches", () => {
  test.each([null, undefined, 42, "palantir", []])("a profile that is no object matches nothing: %j", (profile) => {
    expect(profileMatches(compile(), profile, "dev")).toEqual([]);
  });

  test("organizations that are not strings are skipped", () => {
    const found = profileMatches(compile(), { organizations: [42, null, { login: "palantir" }, "Palantir"] }, "dev");
    expect(found).toStrictEqual([
      { org: 0, signal: "organizations", subject: "dev", value: "Palantir", matched: "palantir" },
    ]);
  });

  test("strings keeps the strings of a list, in order, and nothing of anything else", () => {
    expect(strings(["a", 1, "b", null, ["c"]])).toEqual(["a", "b"]);
    expect(strings("ab")).toEqual([]);
    expect(strings({ 0: "a", length: 1 })).toEqual([]);
  });
});

describe("userListMatches", () => {
  test("the login as listed, until the end of its `until` day", () => {
    const c = compile({}, [{ name: "A", users: [{ login: "Dev", until: "2024-04-30" }, "other"] }]);
    expect(userListMatches(c, "dev", new Date("2024-04-30T23:59:59.999Z"))).toStrictEqual([
      { org: 0, signal: "user_list", subject: "dev", value: "dev", matched: "Dev" },
    ]);
    expect(userListMatches(c, "dev", NOW)).toEqual([]);
    expect(userListMatches(c, "OTHER", NOW)).toStrictEqual([
      { org: 0, signal: "user_list", subject: "OTHER", value: "OTHER", matched: "other" },
    ]);
  });
});
