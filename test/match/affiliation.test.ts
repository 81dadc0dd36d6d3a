// The phrase grammar of src/match/affiliation.ts at the edges of each rule: the word windows, the
// clause breaks and gaps that stop a rule, and the words each rule needs. Read through evaluate, in
// a company field (former or current, opposed or not) and in a bio (an affiliation or not).
import { describe, expect, test } from "@jest/globals";
import { evaluate } from "../../src/evaluate.js";
import { compile, evidence, NOW } from "./helpers.js";

const P = "Palantir Technologies";
const PF = `${P} (former)`;

const read = (field: "company" | "bio", text: string): string[] =>
  evaluate(compile({ former_affiliations: "flag", signals: { profile_bio: true } }), evidence({ [field]: text }), {
    now: NOW,
  }).matches.map((m) => `${m.organization}${m.former ? " (former)" : ""}`);

describe("company: former affiliations", () => {
  test.each<[string, string[]]>([
    // A former scope: opened by "used to", closed by a clause break or a current word.
    ["used to be at Palantir", [PF]],
    ["used; to Palantir", [P]],
    ["used Palantir", [P]],
    ["Welcome to Palantir", [P]],
    ["ex-Google; Palantir", [P]],
    ["ex-Google, currently Palantir", [P]],
    // "no longer" up to five words before, in the clause.
    ["No longer a staff engineer at Palantir", [PF]],
    ["No longer a senior staff engineer at Palantir", [P]],
    ["No longer; Palantir", [P]],
    ["No. Longer at Palantir", [P]],
    ["Longer at Palantir", [P]],
    ["Acme, longer at Palantir", [P]],
    ["No one at Palantir", []],
    // "anymore" up to five words after, in the clause.
    ["Palantir, but not really there anymore", [PF]],
    ["Palantir, but not really there any more", [PF]],
    ["Palantir, but not really ever there anymore", [P]],
    ["Hi Palantir, but not really there anymore", [PF]],
    ["Palantir, much more", [P]],
    ["Palantir. Not anymore", [P]],
    ["Palantir, any", [P]],
    // A verb of leaving right before, or through "from"/"at".
    ["quit Palantir", [PF]],
    ["quit. Palantir", [P]],
    ["resigned from Palantir", [PF]],
    ["left at Palantir", [PF]],
    ["quit; from Palantir", [P]],
    ["away from Palantir", [P]],
    ["left Acme Palantir", [P]],
    // An alum word and "of"/"from".
    ["alumnus of Palantir", [PF]],
    ["Alumni from Palantir", [PF]],
    ["alumni; of Palantir", [P]],
    ["friends of Palantir", [P]],
    // An alum word right after, joined by whitespace only.
    ["Palantir alumna", [PF]],
    ["Palantir. Alum", [P]],
    ["Palantir / alum", [P]],
    ["Acme / Palantir / alum", [P]],
    // A former word right after: at the end, before a clause break or comma, or before a role.
    ["Palantir former", [PF]],
    ["Palantir (former) engineer", [PF]],
    ["Palantir former engineer", [PF]],
    ["Palantir ex; Acme", [PF]],
    ["Palantir formerly, Acme", [PF]],
    ["Acme Palantir ex; Beta", [PF]],
    ["Acme Palantir formerly, Beta", [PF]],
    ["Palantir former Acme", [P]],
    ["Palantir / former", [P]],
    ["Palantir, formerly Facebook", [P]],
  ])("%j is %j", (text, expected) => {
    expect(read("company", text)).toEqual(expected);
  });
});

describe("company: opposed or negated", () => {
  test.each<[string, string[]]>([
    // An opposing word up to four words before, in the clause.
    ["Against the big bad Palantir", []],
    ["Against the very big bad Palantir", [P]],
    ["Not me; Palantir", [P]],
    ["Not Google but Palantir", [P]],
    ["Not Google, instead Palantir", [P]],
    // "no longer" is a former affiliation, not a negation.
    ["no longer Palantir", [PF]],
    // A prefix opposes only the word it is attached to.
    ["anti-Palantir", []],
    ["anti war Palantir", [P]],
    ["non/Palantir", [P]],
    // An "@" states the affiliation: a negation before it does not reach past it.
    ["Against war @ Palantir", [P]],
    // A stance word right after, joined by whitespace, a comma, a hyphen or a bracket.
    ["Palantir critic", []],
    ["Palantir (critic)", []],
    ["Palantir / critic", [P]],
    ["Acme Palantir / critic", [P]],
    ["Palantir (not affiliated)", []],
    ["Palantir, not employed", []],
    ["Palantir not Acme", [P]],
    ["Palantir, never", [P]],
    ["Palantir, never affiliated", []],
    ["Palantir proudly affiliated", [P]],
  ])("%j is %j", (text, expected) => {
    expect(read("company", text)).toEqual(expected);
  });
});

describe("bio: what states an affiliation", () => {
  test.each<[string, string[]]>([
    // A mention-style "@", not an email address's.
    ["@ Palantir", [P]],
    ["Engineer @Palantir", [P]],
    ["Engineer@Palantir", []],
    ["Engineer @Palantir Technologies", [P]],
    ["mail bob.@Palantir", []],
    ["mail bob_ @Palantir", [P]],
    ["me @ / Palantir", []],
    // A former prefix joined to the name.
    ["ex-Palantir", [PF]],
    ["ex. Palantir", []],
    ["never said I was ex-Palantir", []],
    ["no longer an engineer at Palantir", [PF]],
    // LEAD PREP X, the preposition joined to X by whitespace only.
    ["engineer at Palantir", [P]],
    ["engineer at/Palantir", []],
    ["engineer; at Palantir", []],
    ["thanks for Palantir", []],
    ["contractor for Palantir", [P]],
    ["made by Palantir", []],
    ["contracted with Palantir", []],
    ["employee in Palantir", []],
    ["hired by Palantir", [P]],
    ["fan of Palantir", []],
    ["CTO of Palantir", [P]],
    ["alumna of Palantir", [PF]],
    ["formerly at Palantir", [PF]],
    // ROLE of W at X.
    ["Lots of fun at Palantir", []],
    ["Head of Product by Palantir", []],
    ["Lead and friend at Palantir", []],
    ["Engineer, loves cats and Palantir", []],
    ["Head of Product; at Palantir", []],
    ["Head of; Product at Palantir", []],
    // X and a postfix word, joined by whitespace.
    ["Palantir intern", [P]],
    ["Palantir. Intern", []],
    ["Palantir/intern", []],
    ["Acme Palantir/intern", []],
    // A negation up to four words before the phrase, in the clause.
    ["never was a staff engineer at Palantir", []],
    ["never was a senior staff engineer at Palantir", [P]],
    ["never; engineer at Palantir", [P]],
  ])("%j is %j", (text, expected) => {
    expect(read("bio", text)).toEqual(expected);
  });
});
