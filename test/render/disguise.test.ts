// A disguise is itself evidence: the comment and the check run say what the text was read as, how
// it was written, and show the raw part with invisible and non-ASCII characters as code points.
import { describe, expect, it } from "@jest/globals";
import { renderComment } from "../../src/render/comment.js";
import { renderCheck } from "../../src/render/check.js";
import { disguiseText } from "../../src/render/evidence.js";
import { revealCodePoints } from "../../src/render/reveal.js";
import { evaluate } from "../../src/evaluate.js";
import { compile, evidence, NOW } from "../match/helpers.js";
import { decision, HEAD, match, policy, REPO, state, stored } from "./helpers.js";

describe("revealCodePoints", () => {
  it.each<[string, string]>([
    ["Palantir", "Palantir"],
    ["Pаlantir", "P\\u{430}lantir"],
    ["Pal\u200Bantir", "Pal\\u{200B}antir"],
    ["Pal\u00ADan\u202Etir", "Pal\\u{AD}an\\u{202E}tir"],
    ["𝐏a", "\\u{1D40F}a"],
    ["a\tb\n", "a\\u{9}b\\u{A}"],
  ])("%j → %j", (raw, shown) => {
    expect(revealCodePoints(raw)).toBe(shown);
  });

  it("is always printable ASCII, and bounded", () => {
    const long = "\u200B".repeat(500);
    expect(revealCodePoints(long)).toMatch(/^[ -~]*…$/);
    expect(revealCodePoints(long).length).toBeLessThan(1000);
  });
});

describe("disguised matches in the comment", () => {
  const company = "Engineer @ Pаl\u200Bantir";
  const found = evaluate(compile(), evidence({ company }), { now: NOW });

  it("evaluate keeps the raw part, the reading and how it was written", () => {
    expect(found.matches.map((m) => m.disguise)).toEqual([
      { raw: "Pаl\u200Bantir", read_as: "palantir", how: ["lookalike", "invisible"] },
    ]);
  });

  it("the comment row shows it, escaped, with no invisible character left in the explanation", () => {
    const body = renderComment({ decision: found, policy: policy(), repo: REPO, headSha: HEAD, ...stored(state()) });
    const row = body.split("\n").find((l) => l.startsWith("| profile company field"));
    expect(row).toContain("read as “palantir”, written with look-alike letters, with invisible characters: ");
    expect(row).toContain("P\\\\u\\{430\\}l\\\\u\\{200B\\}antir");
  });

  it("the check run shows the same", () => {
    const out = renderCheck(found, policy());
    expect(JSON.stringify(out)).toContain("written with look-alike letters");
  });

  it("letter-spaced and split spellings are named", () => {
    expect(disguiseText({ raw: "P a l", read_as: "pal", how: ["spaced"] })).toBe("read as “pal”, letter-spaced: P a l");
    expect(disguiseText({ raw: "Pal-antir", read_as: "palantir", how: ["split"] })).toBe(
      "read as “palantir”, split by punctuation: Pal\\-antir",
    );
  });

  it("a plain match says nothing of disguise", () => {
    const body = renderComment({
      decision: decision({ matches: [match()] }),
      policy: policy(),
      repo: REPO,
      headSha: HEAD,
      ...stored(state()),
    });
    expect(body).not.toContain("read as");
  });

  it("hostile raw text stays inert: no live mention, link or HTML", () => {
    const hostile = decision({
      matches: [
        match({
          disguise: { raw: "@evil <img src=x> [x](javascript:alert(1))", read_as: "@evil", how: ["invisible"] },
        }),
      ],
    });
    const body = renderComment({ decision: hostile, policy: policy(), repo: REPO, headSha: HEAD, ...stored(state()) });
    expect(body).not.toMatch(/<img|\]\(javascript|@evil(?!\u200D)/);
  });
});
