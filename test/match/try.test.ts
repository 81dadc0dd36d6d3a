import { evaluate } from "../../src/evaluate.js";
import { compile, evidence, NOW } from "./helpers.js";
import { test } from "@jest/globals";
test("try", () => {
  const c = compile({ former_affiliations: "flag" });
  const out: string[] = [];
  for (const company of [
    "Not Palantir",
    "Anti-Palantir Coalition",
    "Palantir-free",
    "ex-Palantir",
    "quit Palantir",
    "Quit Palantir in 2020",
    "formerly Palantir",
    "No Palantir",
    "against Palantir",
    "Palantir critic",
    "Boycott Palantir",
    "#NoPalantir",
    "No longer at Palantir",
    "Not at Palantir anymore",
    "Anti-war engineer @ Palantir",
    "Palantir, not Google",
    "Palantir (not affiliated)",
    "Coalition Against Palantir and Anduril",
    "Not Google but Palantir",
    "Non-profit, Palantir",
    "Software Engineer @ Palantir",
    "Palantir fan club",
    "Left Palantir",
    "Resigned from Palantir",
    "Stop Palantir, Anduril, Clearview AI",
    "Never Palantir",
    "Opposed to Palantir",
    "Palantir sucks",
  ]) {
    const d = evaluate(c, evidence({ company }), { now: NOW });
    out.push(JSON.stringify(company) + " " + JSON.stringify(d.matches.map((m) => [m.organization, m.former])));
  }
  console.log(out.join("\n"));
});
