import { describe, expect, it } from "@jest/globals";
import fc from "fast-check";
import {
  annotationPath,
  MAX_CHECK_CHARS,
  renderCheck,
  renderPolicyErrorCheck,
  type PolicyProblem,
} from "../../src/render/check.js";
import {
  decision,
  hostileString,
  LIVE_MENTION,
  LIVE_REFERENCE,
  match,
  policy,
  rendered,
  unattributed,
} from "./helpers.js";

const flagged = decision({
  matches: [
    match(),
    match({ signal: "commit_email", value: "alice@palantir.com", matched: "palantir.com", commit: "fedcba9876543210" }),
    match({ organization: "Acme Surveillance", signal: "organizations", value: "acme", matched: "acme" }),
  ],
  unattributed: [unattributed({ email: "carol@example.com", reason: "no_account" })],
});

describe("renderCheck", () => {
  it.each([
    [undefined, "neutral"],
    ["neutral", "neutral"],
    ["action_required", "action_required"],
    [false, "neutral"],
  ] as const)("concludes a flagged decision with actions.check %j as %s", (check, conclusion) => {
    const p = check === undefined ? policy() : policy({ actions: { check } });
    expect(renderCheck(flagged, p).conclusion).toBe(conclusion);
  });

  it("titles and summarises a flagged decision with the same evidence as the comment", () => {
    const out = renderCheck(flagged, policy());
    expect(out.title).toBe("Flagged for maintainer review: Palantir Technologies, Acme Surveillance");
    expect(out.summary).toContain("### Palantir Technologies");
    expect(out.summary).toContain("Listed because: Builds deportation\\-targeting software\\.");
    expect(out.summary).toContain("| commit email | alice | alice@\u200Dpalantir\\.com | palantir\\.com | `fedcba9` |");
    expect(out.summary).toContain("| public organization membership | alice | acme | acme |  |");
    expect(out.text).toContain("uses an address at example\\.com linked to no GitHub account");
    expect(out.text).not.toContain("carol");
  });

  it("leaves out text when nothing is unattributed", () => {
    expect(renderCheck(decision(), policy()).text).toBeUndefined();
  });

  it("succeeds when nothing matches, still listing what was not checked", () => {
    const out = renderCheck(
      decision({ matches: [], unattributed: [unattributed()] }),
      policy({ actions: { check: "action_required" } }),
    );
    expect(out.conclusion).toBe("success");
    expect(out.title).toBe("No affiliation with listed organizations found");
    expect(out.summary).toContain("uses a private GitHub address");
  });

  it("succeeds for an exempt match and says why briefly", () => {
    const out = renderCheck(decision({ flagged: false, exempt: true, exempt_reason: "team" }), policy());
    expect(out.conclusion).toBe("success");
    expect(out.title).toBe("Not flagged: exempt (listed team)");
    expect(out.summary).toContain("matches Palantir Technologies, but it is exempt (listed team)");
  });

  it("keeps summary and text under the cap", () => {
    const matches = Array.from({ length: 5000 }, (_, i) => match({ subject: `u${i}`, value: "&<>#@".repeat(60) }));
    const un = Array.from({ length: 5000 }, () => unattributed({ name: "&".repeat(200) }));
    const out = renderCheck(decision({ matches, unattributed: un }), policy());
    expect(out.summary.length).toBeLessThanOrEqual(MAX_CHECK_CHARS);
    expect(out.text?.length).toBeLessThanOrEqual(MAX_CHECK_CHARS);
    expect(out.summary).toMatch(/more (lines|pieces of evidence) not shown/);
  });

  it("never lets arbitrary text mention or reference in the summary, and keeps the title one plain line", () => {
    fc.assert(
      fc.property(hostileString, hostileString, (org, value) => {
        const d = decision({
          matches: [match({ organization: org, value, subject: value, matched: value, commit: value })],
          unattributed: [unattributed({ name: value })],
        });
        const out = renderCheck(
          d,
          policy({ organizations: [{ name: org.trim() || "x", reason: value.trim() || "r" }] }),
        );
        for (const md of [out.summary, out.text ?? ""]) {
          expect(rendered(md)).not.toMatch(LIVE_MENTION);
          expect(rendered(md)).not.toMatch(LIVE_REFERENCE);
          expect(md).not.toMatch(/[<>]/);
          expect(md).not.toContain("](");
        }
        // eslint-disable-next-line no-control-regex -- asserting control characters are gone
        expect(out.title).not.toMatch(/[\r\n\u0000-\u001F\u202A-\u202E\u2066-\u2069]/);
        expect(Array.from(out.title).length).toBeLessThanOrEqual(200);
      }),
      { numRuns: 1000 },
    );
  });
});

describe("renderPolicyErrorCheck", () => {
  const problems: PolicyProblem[] = [
    {
      file: ".github/ethics-policy.yml",
      line: 3,
      col: 5,
      message: 'unknown key "orgs" (did you mean "organizations"?)',
    },
    {
      file: "octo/.github:.github/ethics-policy.yml",
      line: 7,
      col: 1,
      message: "value @palantir <script>alert(1)</script> fixes #1",
    },
  ];

  it("fails, names the files and lists file:line:col: message lines", () => {
    const out = renderPolicyErrorCheck(problems);
    expect(out.conclusion).toBe("failure");
    expect(out.title).toBe("Invalid ethics policy: .github/ethics-policy.yml, octo/.github:.github/ethics-policy.yml");
    expect(rendered(out.summary)).toContain(
      '- .github/ethics-policy.yml:3:5: unknown key "orgs" (did you mean "organizations"?)',
    );
    expect(rendered(out.summary)).toContain(
      "octo/.github:.github/ethics-policy.yml:7:1: value @\u200Dpalantir <script>",
    );
    expect(out.summary).not.toMatch(/[<>]/);
    expect(rendered(out.summary)).not.toMatch(LIVE_MENTION);
    expect(rendered(out.summary)).not.toMatch(LIVE_REFERENCE);
  });

  it("annotates each problem at its position, with the repo-relative path", () => {
    const out = renderPolicyErrorCheck(problems);
    expect(out.annotations).toEqual([
      {
        path: ".github/ethics-policy.yml",
        start_line: 3,
        end_line: 3,
        start_column: 5,
        end_column: 5,
        annotation_level: "failure",
        message: problems[0]?.message,
      },
      {
        path: ".github/ethics-policy.yml",
        start_line: 7,
        end_line: 7,
        start_column: 1,
        end_column: 1,
        annotation_level: "failure",
        message: problems[1]?.message,
      },
    ]);
  });

  it("caps annotations at 50 and clamps bad positions to 1", () => {
    const many = Array.from({ length: 120 }, (_, i) => ({ file: "p.yml", line: i, col: Number.NaN, message: `m${i}` }));
    const out = renderPolicyErrorCheck(many);
    expect(out.annotations).toHaveLength(50);
    expect(out.annotations[0]).toMatchObject({ start_line: 1, start_column: 1 });
    expect(out.title).toBe("Invalid ethics policy: p.yml");
    expect(out.summary).toContain("p\\.yml:119:1: m119");
  });

  it("strips newlines and controls from annotation messages", () => {
    const out = renderPolicyErrorCheck([{ file: "p.yml", line: 1, col: 1, message: "a\nb\u202Ec" }]);
    expect(out.annotations[0]?.message).toBe("a bc");
  });

  it("handles no problems", () => {
    expect(renderPolicyErrorCheck([]).title).toBe("Invalid ethics policy");
  });

  it.each([
    ["octo/.github:.github/ethics-policy.yml", ".github/ethics-policy.yml"],
    [".github/ethics-policy.yml", ".github/ethics-policy.yml"],
    ["C:/x.yml", "C:/x.yml"],
  ])("annotationPath(%j)", (file, path) => {
    expect(annotationPath(file)).toBe(path);
  });
});
