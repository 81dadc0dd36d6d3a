// Bio: only phrases that state an affiliation count; merely naming the org never does.
import { describe, expect, test } from "@jest/globals";
import { evaluate } from "../../src/evaluate.js";
import { compile, evidence, NOW } from "./helpers.js";
import { fixture } from "../helpers/fixture.js";

const bioOn = fixture(() => compile({ signals: { profile_bio: true }, former_affiliations: "flag" }));

function bioMatches(bio: string, c = bioOn()): string[] {
  return evaluate(c, evidence({ bio }), { now: NOW }).matches.map(
    (m) => `${m.organization}${m.former ? " (former)" : ""}`,
  );
}

const P = "Palantir Technologies";
const PF = `${P} (former)`;
const A = "Anduril Industries";

describe("bio: affiliation phrases", () => {
  test.each<[string, string[]]>([
    ["Software engineer at Palantir", [P]],
    ["engineer at Palantir", [P]],
    ["SWE @ Palantir", [P]],
    ["working @ Palantir", [P]],
    ["Working @Palantir on data pipelines", [P]],
    ["@palantir", [P]],
    ["Building things. @palantir", [P]],
    ["I work for Palantir.", [P]],
    ["Works at Palantir Technologies", [P]],
    ["Currently at Palantir", [P]],
    ["now at Palantir, ex-Google", [P]],
    ["Palantir employee", [P]],
    ["Proud Palantir employee | dad", [P]],
    ["Palantir intern, summer 2023", [P]],
    ["employed by Palantir", [P]],
    ["Employee of Palantir", [P]],
    ["Co-founder of Anduril", [A]],
    ["Contractor for Palantir", [P]],
    ["Forward Deployed Engineer at PALANTIR", [P]],
    ["Data scientist at Palántir", [P]],
    ["Lead at Anduril. Opinions my own.", [A]],
    ["Dev @ Anduril / ex-@palantir", [PF, A]],
    ["Head of Product at Palantir", [P]],
    ["VP of Engineering at Anduril", [A]],
    // ... and one five words before it is another clause's business.
    ["not in the least an engineer at Palantir", [P]],
  ])("%j matches %j", (bio, expected) => {
    expect(bioMatches(bio)).toEqual(expected);
  });

  test.each([
    "I oppose Palantir",
    "Palantir is evil",
    "Stop Palantir",
    "Stop @palantir",
    "Boycott Palantir and Anduril",
    "| Palantir",
    "Palantir",
    "Thoughts on Palantir, surveillance and ICE",
    "Mad at Palantir",
    "Looking at Palantir's contracts",
    "Never worked at Palantir",
    "I would never work for Palantir",
    "I don't work at Palantir",
    "not a Palantir employee",
    "against Palantir employees",
    "Palantir employees deserve better",
    "Writing about Palantir Foundry",
    "Palantir developer tooling",
    "contact bob@palantir.com",
    "email: jobs@palantir.com",
    "@palantir-fans",
    "@palantir_watch",
    "Engineer at Acme. Palantir critic.",
    "Worked with Palantir data",
    "PalantirFans admin",
    "Security at Palantir is a joke",
    "Head of Product. Angry at Palantir",
    "Never head of product at Palantir",
    // A negation up to four words before the phrase negates it ...
    "not at all an engineer at Palantir",
  ])("%j matches nothing", (bio) => {
    expect(bioMatches(bio)).toEqual([]);
  });
});

describe("bio: former affiliations", () => {
  test.each<[string, string[]]>([
    ["ex-Palantir", [PF]],
    ["Ex Palantir", [PF]],
    ["formerly @palantir", [PF]],
    ["formerly at Palantir", [PF]],
    ["previously Palantir", [PF]],
    ["Previously at Palantir, now at Acme", [PF]],
    ["Palantir alum", [PF]],
    ["Palantir alumni", [PF]],
    ["Palantir Alumnus", [PF]],
    ["Alumnus of Palantir", [PF]],
    ["former Palantir engineer", [PF]],
    ["Designer (ex-@palantir)", [PF]],
    ["Worked at Palantir", [PF]],
    ["Used to work at Palantir", [PF]],
    ["ex-Palantir, now working @ Anduril", [PF, A]],
  ])("%j is %j", (bio, expected) => {
    expect(bioMatches(bio)).toEqual(expected);
  });

  test("are ignored by default", () => {
    const c = compile({ signals: { profile_bio: true } });
    expect(bioMatches("ex-Palantir, now engineer at Anduril", c)).toEqual([A]);
    expect(bioMatches("formerly @palantir", c)).toEqual([]);
    expect(bioMatches("Palantir alum", c)).toEqual([]);
  });
});

describe("bio: switched off by default", () => {
  test("the default policy never reads the bio", () => {
    expect(bioMatches("Software engineer at Palantir", compile())).toEqual([]);
    expect(bioMatches("@palantir", compile())).toEqual([]);
  });

  test("a bio match names its signal and the whole bio", () => {
    const [m] = evaluate(bioOn(), evidence({ bio: "Engineer at Palantir 🚀" }), { now: NOW }).matches;
    expect(m).toEqual({
      organization: P,
      signal: "profile_bio",
      subject: "alice",
      value: "Engineer at Palantir 🚀",
      matched: "Palantir",
    });
  });

  test("the bio is scanned up to 1,000 characters", () => {
    const pad = "x ".repeat(600);
    expect(bioMatches(`Engineer at Palantir ${pad}`)).toEqual([P]);
    expect(bioMatches(`${pad}Engineer at Palantir`)).toEqual([]);
  });
});
