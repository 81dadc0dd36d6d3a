import { describe, expect, it } from "@jest/globals";
import { renderComment, COMMENT_TITLES, MAX_COMMENT_CHARS, type CommentInput } from "../../src/render/comment.js";
import { readState, type CommentState } from "../../src/state/codec.js";
import { COMMENT_MARKER } from "../../src/state/marker.js";
import { inlineText } from "../../src/render/sanitize.js";
import { SIGNAL_WORDS } from "../../src/render/wording.js";
import { blobUrl, policyUrl, safeHttpsUrl } from "../../src/render/links.js";
import type { Signal } from "../../src/decision.js";
import {
  approval,
  CLOSING_REFERENCE,
  decision,
  HEAD,
  HOSTILE,
  LIVE_MENTION,
  LIVE_REFERENCE,
  match,
  policy,
  REPO,
  rendered,
  state,
  stored,
  TEST_KEY,
  BIND,
  unattributed,
} from "./helpers.js";

function input(overrides: Partial<CommentInput> & { state?: CommentState } = {}): CommentInput {
  const { state: s = state(), ...rest } = overrides;
  return { decision: decision(), policy: policy(), repo: REPO, headSha: HEAD, ...stored(s), ...rest };
}

const decodeState = (body: string): CommentState | null => {
  const read = readState(body, TEST_KEY, BIND);
  return read.kind === "verified" ? read.state : null;
};

const flagged = decision({
  matches: [
    match(),
    match({ signal: "commit_email", value: "alice@palantir.com", matched: "palantir.com", commit: "fedcba9876543210" }),
    match({ signal: "profile_bio", value: "ex-Palantir engineer", former: true }),
    match({
      organization: "Acme Surveillance",
      signal: "co_author",
      subject: "commit 9f8e7d6",
      value: "bob@acme.example",
      matched: "acme.example",
      commit: "9f8e7d6c5b4a",
    }),
  ],
  unattributed: [
    unattributed(),
    unattributed({
      commit: "1234567abc",
      role: "co_author",
      name: "Bob",
      email: "bob.private@example.com",
      reason: "no_account",
    }),
    unattributed({ role: "committer", name: null, email: null, reason: "no_email" }),
  ],
});

describe("renderComment: flagged", () => {
  const body = renderComment(input({ decision: flagged }));

  it("starts with the marker and the state, then the title", () => {
    const lines = body.split("\n");
    expect(lines[0]).toBe(COMMENT_MARKER);
    expect(lines[1]).toBe(stored().stateLine);
    expect(lines[2]).toBe(COMMENT_TITLES.flagged);
    expect(body.endsWith("\n")).toBe(true);
  });

  it("quotes the statement and links the policy file and policy_url", () => {
    expect(body).toContain(`> ${inlineText(policy().statement ?? "")}`);
    expect(body).toContain("[ethics policy](https://github.com/octo/widgets/blob/main/.github/ethics-policy.yml)");
    expect(body).toContain("[ETHICS\\.md](https://github.com/octo/widgets/blob/main/ETHICS.md)");
  });

  it("names each organization with its reason and every piece of evidence", () => {
    expect(body).toContain("#### Palantir Technologies");
    expect(body).toContain("#### Acme Surveillance");
    expect(body).toContain("Listed because: Builds deportation\\-targeting software\\.");
    for (const m of flagged.matches) expect(body).toContain(inlineText(m.value));
    expect(body).toContain("| profile company field | alice | Palantir | Palantir |  |");
    expect(body).toContain("| commit email | alice | alice@\u200Dpalantir\\.com | palantir\\.com | `fedcba9` |");
    expect(body).toContain("| profile bio (former affiliation) |");
    expect(body).toContain("| Co-authored-by trailer | commit 9f8e7d6 |");
    expect(body.indexOf("Palantir Technologies")).toBeLessThan(body.indexOf("Acme Surveillance"));
  });

  it("lists what was not checked, with only the domain of an unlinked address", () => {
    expect(body).toContain("- commit `abcdef0` author (Alice) uses a private GitHub address");
    expect(body).toContain(
      "- commit `1234567` co-author (Bob) uses an address at example\\.com linked to no GitHub account",
    );
    expect(body).toContain("- commit `abcdef0` committer has no email address");
    expect(rendered(body)).not.toContain("bob.private");
    expect(rendered(body)).not.toContain("12345+alice");
  });

  it("tells the contributor how to answer and maintainers how to approve", () => {
    expect(body).toContain("`/ethics-policy recheck`");
    expect(body).toContain("`/ethics-policy approve <reason>`");
    expect(body).toContain("never closes pull requests");
    expect(body).toContain("maintainer's decision");
  });

  it("is stable: the same input gives the same string", () => {
    expect(renderComment(input({ decision: flagged }))).toBe(body);
  });

  it("round-trips the state", () => {
    const s = state({ approvals: [approval()] });
    expect(decodeState(renderComment(input({ decision: flagged, state: s })))).toEqual(s);
  });

  it("has no approval history when there are no approvals", () => {
    expect(body).not.toContain("Approval history");
  });

  it("uses the wording table for every signal", () => {
    for (const signal of Object.keys(SIGNAL_WORDS) as Signal[]) {
      expect(renderComment(input({ decision: decision({ matches: [match({ signal })] }) }))).toContain(
        `| ${SIGNAL_WORDS[signal]} |`,
      );
    }
  });
});

describe("renderComment: links", () => {
  it("links an https policy_url as is, a path under the repo, and nothing else", () => {
    const https = renderComment(input({ policy: policy({ policy_url: "https://example.org/ethics" }) }));
    expect(https).toContain("](https://example.org/ethics)");
    const none = renderComment(input({ policy: policy({ policy_url: undefined }) }));
    expect(none).not.toContain("Full policy");
    expect(renderComment(input({ policyPath: "policies/ethics.yml" }))).toContain(
      "(https://github.com/octo/widgets/blob/main/policies/ethics.yml)",
    );
    expect(renderComment(input({ policyPath: "octo/.github:.github/ethics-policy.yml" }))).toContain(
      "[ethics policy](https://github.com/octo/.github/blob/HEAD/.github/ethics-policy.yml)",
    );
  });

  it.each([
    ["javascript:alert(1)", null],
    ["http://example.org", null],
    ["data:text/html,x", null],
    ["https://user:pw@example.org/", null],
    ["https://example.org/a(b)@c", "https://example.org/a%28b%29%40c"],
    ["./docs/../ETHICS.md#Palantir Tech", "https://github.com/octo/widgets/blob/main/ETHICS.md#Palantir%20Tech"],
    ["/docs/a b.md", "https://github.com/octo/widgets/blob/main/docs/a%20b.md"],
  ])("policyUrl(%j)", (raw, expected) => {
    expect(policyUrl(REPO, raw)).toBe(expected);
  });

  it("encodes branch and path segments", () => {
    expect(blobUrl({ owner: "o", repo: "r", defaultBranch: "release/1.0" }, "x(1).md")).toBe(
      "https://github.com/o/r/blob/release/1.0/x%281%29.md",
    );
    expect(blobUrl(REPO, "./")).toBeNull();
    expect(safeHttpsUrl("not a url")).toBeNull();
  });
});

describe("renderComment: not flagged", () => {
  it("renders the cleared variant with the head SHA and keeps the approval history", () => {
    const s = state({ flagged: false, approvals: [approval(), approval({ by: "carol", reason: "second look" })] });
    const body = renderComment(input({ decision: decision({ matches: [] }), state: s }));
    expect(body.split("\n")[2]).toBe(COMMENT_TITLES.cleared);
    expect(body).toContain("As of `0a1b2c3`, this pull request no longer matches");
    expect(body).toContain("**Approval history**");
    expect(body).toContain(
      "- 2024\\-05\\-01T10:00:00\\.000Z: maintainer\\-bob (maintain) approved `0a1b2c3` by alice (Palantir Technologies): Personal contribution",
    );
    expect(body.indexOf("maintainer\\-bob")).toBeLessThan(body.indexOf("carol"));
    expect(body).not.toContain("approve <reason>");
    expect(decodeState(body)).toEqual(s);
  });

  it.each([
    ["bot", "exempt (bot)"],
    ["user", "exempt (listed user)"],
    ["team", "exempt (listed team)"],
  ] as const)("says briefly when a matching pull request is exempt (%s)", (reason, words) => {
    const body = renderComment(input({ decision: decision({ flagged: false, exempt: true, exempt_reason: reason }) }));
    expect(body.split("\n")[2]).toBe(COMMENT_TITLES.exempt);
    expect(body).toContain(`matches Palantir Technologies in this repository's [ethics policy]`);
    expect(body).toContain(words);
    expect(body).not.toContain("| Evidence |");
  });

  it("shows the latest approvals only, counting the rest", () => {
    const approvals = Array.from({ length: 25 }, (_, i) => approval({ by: `m${i}` }));
    const body = renderComment(input({ decision: decision({ matches: [] }), state: state({ approvals }) }));
    expect(body).toContain("_15 earlier approvals not shown._");
    expect(body).not.toContain(" m14 (maintain) approved");
    expect(body).toContain(" m24 (maintain) approved");
  });
});

describe("renderComment: size", () => {
  it("stays under GitHub's limit with thousands of long, escape-heavy matches", () => {
    const matches = Array.from({ length: 3000 }, (_, i) =>
      match({ subject: `u${i}`, value: "&#@<>".repeat(60), commit: "ab".repeat(20) }),
    );
    const unatt = Array.from({ length: 500 }, () => unattributed({ name: "&".repeat(100) }));
    const s = state({ approvals: [approval()] });
    const body = renderComment(input({ decision: decision({ matches, unattributed: unatt }), state: s }));
    expect(body.length).toBeLessThanOrEqual(MAX_COMMENT_CHARS);
    expect(body).toContain("more pieces of evidence not shown");
    expect(body).toContain("/ethics-policy approve");
    expect(decodeState(body)).toEqual(s);
  });
});

describe("renderComment: hostile text", () => {
  it.each(HOSTILE)("neutralises %j wherever it appears", (h) => {
    const body = renderComment(
      input({
        decision: decision({
          author: h,
          matches: [match({ organization: h, subject: h, value: h, matched: h, commit: h })],
          unattributed: [unattributed({ commit: h, name: h, email: `x@${h}`, reason: "no_account" })],
          organizations: [h],
        }),
        policy: policy({ statement: `${h} statement`, organizations: [{ name: `${h} org`, reason: `${h} reason` }] }),
        state: state({
          approvals: [approval({ by: h, at: h, reason: h, author: h, head_sha: h, organizations: [h] })],
        }),
      }),
    );
    const lines = body.split("\n");
    expect(lines[0]).toBe(COMMENT_MARKER);
    expect(lines.filter((l) => l.startsWith("<"))).toHaveLength(2);
    const text = rendered(lines.slice(2).join("\n").replace("`/ethics-policy approve <reason>`", ""));
    expect(text).not.toMatch(LIVE_MENTION);
    expect(text).not.toMatch(LIVE_REFERENCE);
    expect(text).not.toMatch(CLOSING_REFERENCE);
    expect(text.toLowerCase()).not.toContain("javascript:");
    const ours = lines
      .slice(2)
      .map((l) => l.replace(/^> /, ""))
      .join("\n")
      .replace("`/ethics-policy approve <reason>`", "");
    expect(ours).not.toMatch(/[<>]/);
    expect(lines.filter((l) => /^#{1,6} /.test(l))).toEqual([
      "### Ethics policy: review requested",
      expect.stringMatching(/^#### /),
    ]);
  });
});
