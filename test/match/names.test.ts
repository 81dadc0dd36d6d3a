// The name index and scanner on their own (src/match/names.ts): which names, aliases and @mentions
// `findHits` reports for a text, with their exact token spans, before evaluation filters them
// (affiliation phrases, "former", one match per organization). Evaluation repeats some of these
// guards in other layers, so the company and bio tests alone cannot tell which layer holds them:
// here each is pinned where it is written. Indexes are built inside each test (see
// test/helpers/fixture.ts for why).
import { describe, expect, test } from "@jest/globals";
import { buildNameIndex, findHits, findMentions, type Hit, type Mention } from "../../src/match/names.js";
import type { SpanHow } from "../../src/match/spans.js";
import { tokenize } from "../../src/match/text.js";

interface Org {
  name: string;
  aliases?: string[];
  github_orgs?: string[];
}

/** findHits over `text` with `orgs` indexed as the policy compiler does (github_orgs by lower-cased login). */
function hitsIn(orgs: Org[], text: string): Hit[] {
  const names = buildNameIndex(orgs.map((o) => ({ aliases: [], ...o })));
  const logins = new Map<string, Array<{ org: number; login: string }>>();
  orgs.forEach((o, org) => {
    for (const login of o.github_orgs ?? []) {
      const key = login.toLowerCase();
      logins.set(key, [...(logins.get(key) ?? []), { org, login }]);
    }
  });
  return findHits(tokenize(text), names, logins);
}

const name = (org: number, matched: string, from: number, to: number, how?: SpanHow[]): Hit =>
  how ? { org, kind: "name", matched, from, to, how } : { org, kind: "name", matched, from, to };
const mention = (org: number, matched: string, from: number, to: number, how?: SpanHow[]): Hit =>
  how ? { org, kind: "mention", matched, from, to, how } : { org, kind: "mention", matched, from, to };

const PALANTIR: Org = { name: "Palantir Technologies", aliases: ["Palantir"], github_orgs: ["palantir"] };
const BOOZ: Org = { name: "Booz Allen Hamilton", aliases: ["Booz Allen"] };
const ICE: Org = { name: "U.S. Immigration and Customs Enforcement", aliases: ["ICE"], github_orgs: ["ICE"] };

describe("names and aliases", () => {
  test.each<[string, Org[], string, Hit[]]>([
    [
      "every listed phrase at a position, shortest first",
      [PALANTIR],
      "I work at Palantir Technologies",
      [name(0, "Palantir", 3, 3), name(0, "Palantir Technologies", 3, 4)],
    ],
    [
      "an alias inside a longer name",
      [BOOZ],
      "Booz Allen Hamilton",
      [name(0, "Booz Allen", 0, 1), name(0, "Booz Allen Hamilton", 0, 2)],
    ],
    ["a phrase cut short by the end of the text", [BOOZ], "at Booz", []],
    ["a phrase cut short by another word", [BOOZ], "Booz and Allen", []],
    [
      "the same words twice in one organization are one entry",
      [{ name: "Palantir", aliases: ["palantir", "PALANTIR", "Palantir"] }],
      "Palantir",
      [name(0, "Palantir", 0, 0)],
    ],
    [
      "hyphen, dot and space join words alike: one entry",
      [{ name: "Booz Allen", aliases: ["Booz-Allen", "booz.allen"] }],
      "ex Booz Allen",
      [name(0, "Booz Allen", 1, 2)],
    ],
    [
      "other punctuation makes another entry: the alias without it",
      [{ name: "Ernst & Young", aliases: ["Ernst Young"] }],
      "Ernst Young",
      [name(0, "Ernst Young", 0, 1)],
    ],
    [
      "other punctuation makes another entry: the name with it",
      [{ name: "Ernst & Young", aliases: ["Ernst Young"] }],
      "Ernst & Young",
      [name(0, "Ernst & Young", 0, 1)],
    ],
    [
      "two organizations listing the same alias are both found",
      [
        { name: "Meta Platforms", aliases: ["Meta"] },
        { name: "Meta Materials", aliases: ["Meta"] },
      ],
      "Meta",
      [name(0, "Meta", 0, 0), name(1, "Meta", 0, 0)],
    ],
    ["a name without letters or digits matches nothing", [{ name: "***", aliases: ["—"] }], "*** — ***", []],
  ])("%s", (_, orgs, text, expected) => {
    expect(hitsIn(orgs, text)).toStrictEqual(expected);
  });

  test("a name without letters or digits adds nothing to the index", () => {
    expect(buildNameIndex([{ name: "***", aliases: ["—", "&"] }])).toEqual(buildNameIndex([]));
  });
});

describe("acronyms: an entry in capitals, 2 to 5 letters, matches only text in capitals", () => {
  test.each<[string, Org[], string, Hit[]]>([
    ["text in capitals", [ICE], "ICE agent", [name(0, "ICE", 0, 0)]],
    ["capitalised text", [ICE], "Ice hockey", []],
    ["lower-case text", [ICE], "ice", []],
    ["text in look-alike capitals", [ICE], "ІСЕ", [name(0, "ICE", 0, 0, ["lookalike"])]],
    [
      "an entry not in capitals matches text in any case",
      [{ name: "Ice" }],
      "ICE and ice",
      [name(0, "Ice", 0, 0), name(0, "Ice", 2, 2)],
    ],
    ["a login in capitals is no acronym: an @mention in any case", [ICE], "@ice", [mention(0, "ICE", 0, 0)]],
  ])("%s", (_, orgs, text, expected) => {
    expect(hitsIn(orgs, text)).toStrictEqual(expected);
  });
});

describe("disguised spellings", () => {
  test.each<[string, Org[], string, Hit[]]>([
    ["look-alike letters (Cyrillic а)", [PALANTIR], "Pаlantir", [name(0, "Palantir", 0, 0, ["lookalike"])]],
    ["split by hyphens", [PALANTIR], "Pal-an-tir", [name(0, "Palantir", 0, 2, ["split"])]],
    ["a multi-word name run together", [BOOZ], "BoozAllen", [name(0, "Booz Allen", 0, 0, [])]],
    // The spans also read these words, as "split" or "lookalike": the plain hit wins.
    ["a plain hit wins over a split reading of the same words", [BOOZ], "Booz-Allen", [name(0, "Booz Allen", 0, 1)]],
    [
      "a plain hit wins over a look-alike reading of the same word",
      [{ name: "GitHub" }],
      "GitHub",
      [name(0, "GitHub", 0, 0)],
    ],
    [
      "a disguised span is kept where no plain hit of the same organization covers the same words",
      [PALANTIR],
      "Palantir / P a l a n t i r",
      [name(0, "Palantir", 0, 0), name(0, "Palantir", 1, 8, ["spaced"])],
    ],
  ])("%s", (_, orgs, text, expected) => {
    expect(hitsIn(orgs, text)).toStrictEqual(expected);
  });
});

describe("@mentions", () => {
  test.each<[string, Org[], string, Hit[]]>([
    [
      "a listed login, and the name in it",
      [PALANTIR],
      "@palantir",
      [mention(0, "palantir", 0, 0), name(0, "Palantir", 0, 0)],
    ],
    [
      "a login mentioned in another case",
      [{ name: "Acme", github_orgs: ["PalantirTech"] }],
      "@palantirTECH",
      [mention(0, "PalantirTech", 0, 0)],
    ],
    ["a name may not end inside a longer handle", [{ name: "Palantir", aliases: ["Fans"] }], "@palantir-fans", []],
    ["a name may not start inside a longer handle", [{ name: "Palantir" }], "@fans-palantir", []],
    ["a name may not run from inside a handle past it", [{ name: "Palantir Corp" }], "@fans-palantir corp", []],
    [
      "a name covering the whole handle",
      [{ name: "Palantir Fans" }],
      "@palantir-fans",
      [name(0, "Palantir Fans", 0, 1)],
    ],
    [
      "a split spelling covering the whole handle",
      [{ name: "Palantir" }],
      "@pal-antir",
      [name(0, "Palantir", 0, 1, ["split"])],
    ],
    ["a split spelling inside a longer handle", [{ name: "Palantir" }], "@fans-pal-antir", []],
    [
      "a login in look-alike letters, then other words",
      [{ name: "Acme", github_orgs: ["palantir"] }],
      "@pаlantir, hello",
      [mention(0, "palantir", 0, 0, ["lookalike"])],
    ],
    ["a longer handle in look-alike letters", [{ name: "Acme", github_orgs: ["palantir"] }], "hi @pаlantir-x", []],
    [
      "a handle that is no login, in plain letters, is not a look-alike",
      [{ name: "Acme", github_orgs: ["palantir"] }],
      "@palantir_",
      [],
    ],
    ["an email address is no mention", [{ name: "Acme", github_orgs: ["palantir"] }], "bob@palantir", []],
  ])("%s", (_, orgs, text, expected) => {
    expect(hitsIn(orgs, text)).toStrictEqual(expected);
  });
});

describe("findMentions: the handle, and the tokens it covers", () => {
  test.each<[string, Mention[]]>([
    ["@palantir", [{ login: "palantir", from: 0, to: 0 }]],
    [
      "(ex-@palantir-fans) and @acme",
      [
        { login: "palantir-fans", from: 1, to: 2 },
        { login: "acme", from: 4, to: 4 },
      ],
    ],
    [
      "@palantir-- @x",
      [
        { login: "palantir", from: 0, to: 0 },
        { login: "x", from: 1, to: 1 },
      ],
    ],
    ["@palantir_fans!", [{ login: null, from: 0, to: 1 }]],
    ["@pаlantir", [{ login: null, from: 0, to: 0 }]],
    ["a@b @-", []],
  ])("%j", (text, expected) => {
    expect(findMentions(tokenize(text))).toStrictEqual(expected);
  });
});

describe("the index of listed logins for look-alike @mentions", () => {
  test.each<[string, Org[], Array<[string, Array<{ org: number; login: string }>]>]>([
    ["none without github_orgs", [{ name: "Acme" }], []],
    [
      "by the skeleton of their letters, each login once per organization",
      [
        { name: "A", github_orgs: ["palantir", "palantir", "cv-labs"] },
        { name: "B", github_orgs: ["pa1antir"] },
      ],
      [
        [
          "palantir",
          [
            { org: 0, login: "palantir" },
            { org: 1, login: "pa1antir" },
          ],
        ],
        ["cv-labs", [{ org: 0, login: "cv-labs" }]],
      ],
    ],
    [
      "without the @ a login may be written with, once",
      [{ name: "A", github_orgs: ["@Palantir", "Palantir"] }],
      [["palantir", [{ org: 0, login: "Palantir" }]]],
    ],
  ])("%s", (_, orgs, expected) => {
    expect(buildNameIndex(orgs.map((o) => ({ aliases: [], ...o }))).mentionSkeletons).toEqual(new Map(expected));
  });
});
