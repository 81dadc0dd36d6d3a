import { describe, expect, it } from "@jest/globals";
import fc from "fast-check";
import { inlineText, plainText, shortSha, truncate } from "../../src/render/sanitize.js";
import {
  GITHUB_MENTION,
  HOSTILE,
  LIVE_MENTION,
  LIVE_REFERENCE,
  CLOSING_REFERENCE,
  hostileString,
  rendered,
} from "./helpers.js";

const J = "\u200D";
const S = "\u200B";

describe("inlineText escaping table", () => {
  it.each([
    ["@palantir", `@${J}palantir`],
    ["@org/team", `@${J}org/team`],
    ["fixes #1", `fixes \\#${J}1`],
    ["Closes owner/repo#12", `Closes owner/repo\\#${J}12`],
    ["Closes: owner/repo#2", `Closes: owner/repo\\#${J}2`],
    ["see GH-123", `see GH\\-${J}123`],
    ["<img src=x onerror=alert(1)>", "&lt;img src\\=x onerror\\=alert\\(1\\)&gt;"],
    ["[click](javascript:alert(1))", `\\[click\\]\\(javascript${S}:alert\\(1\\)\\)`],
    ["![x](y)", "\\!\\[x\\]\\(y\\)"],
    ["https://evil.example", `https${S}://evil\\.example`],
    ["www.evil.example", `www${S}\\.evil\\.example`],
    ["<!-- ethics-policy:state AAAA -->", "&lt;\\!\\-\\- ethics\\-policy:state AAAA \\-\\-&gt;"],
    ["-->", "\\-\\-&gt;"],
    ["`code`", "\\`code\\`"],
    ["a\u202Eevil\u202Cb \u2066x\u2069 \u200Fy", "aevilb x y"],
    ["\n# heading", `\\#${J} heading`],
    ["line one\r\nline two\n\n\tthree", "line one line two three"],
    ["| a | b |", "\\| a \\| b \\|"],
    ["**bold** _em_ ~~s~~", "\\*\\*bold\\*\\* \\_em\\_ \\~\\~s\\~\\~"],
    ["&#64;palantir", `&amp;\\#${J}64;palantir`],
    ["a\\b", "a\\\\b"],
    ["$x$", "\\$x\\$"],
    ["1. item", "1\\. item"],
    ["\u0000nul\u0007bell\u009bcsi", "nulbellcsi"],
    ["alice@palantir.com", `alice@${J}palantir\\.com`],
    ["Palantir Technologies", "Palantir Technologies"],
    ["Zoë Ångström 🤖 株式会社", "Zoë Ångström 🤖 株式会社"],
  ])("%j", (input, expected) => {
    expect(inlineText(input)).toBe(expected);
  });

  it("truncates to max code points with an ellipsis, never splitting a surrogate pair", () => {
    expect(inlineText("x".repeat(300))).toBe(`${"x".repeat(199)}…`);
    expect(inlineText("abcdef", 4)).toBe("abc…");
    expect(truncate("🤖🤖🤖", 2)).toBe("🤖…");
    expect(plainText("  a  \n b  ")).toBe("a b");
  });

  it.each<[string, number, string]>([
    ["abcd", 4, "abcd"],
    ["abcde", 4, "abc…"],
    ["abc", 0, ""],
    ["abc", -1, ""],
    ["", 0, ""],
    ["ab cdef", 4, "ab…"],
    [" abcdef", 4, " ab…"],
  ])("truncate(%j, %d) is %j", (text, max, out) => {
    expect(truncate(text, max)).toBe(out);
  });

  it("breaks a link scheme even with spaces before its colon, and only a whole scheme", () => {
    expect(inlineText("javascript :alert(1)")).toContain("javascript\u200B");
    expect(inlineText("javascript:alert(1)")).toContain("javascript\u200B");
    expect(inlineText("databases: many")).not.toContain("\u200B");
  });

  it.each(["zz0a1b2c3d", "0a1b2c3dzz", "0a1", "g123456"])("does not render %j as a SHA", (sha) => {
    expect(shortSha(sha)).not.toMatch(/^`/);
  });

  it("replaces lone surrogates", () => {
    expect(plainText("a\uD800b")).toBe("a\uFFFDb");
  });

  it("renders only hex SHAs as code, shortened to 7", () => {
    expect(shortSha("0A1B2C3D4E5F")).toBe("`0a1b2c3`");
    expect(shortSha("`rm -rf`@x")).toBe(`\\\`rm \\-rf\\\`@${J}x`);
  });
});

/** Every Markdown-significant character in the output is preceded by a backslash escape. */
function unescapedSpecials(out: string): string[] {
  const found: string[] = [];
  for (let i = 0; i < out.length; i++) {
    const c = out[i] ?? "";
    if (c === "\\") i++;
    else if ("`*_[]()|~!{}+-.=$#<>".includes(c)) found.push(c);
  }
  return found;
}

const withoutBreakers = (s: string): string => s.replace(/[\u200B\u200D]/g, "");

describe("inlineText properties", () => {
  const inputs = fc.oneof(hostileString, fc.string({ unit: "binary" }), fc.string({ unit: "grapheme" }), fc.string());

  it("never lets a mention, reference, link, HTML or formatting through", () => {
    fc.assert(
      fc.property(inputs, (s) => {
        const out = inlineText(s);
        const shown = rendered(out);
        expect(out).not.toMatch(/[\r\n<>]/);
        expect(out).not.toMatch(LIVE_MENTION);
        expect(shown).not.toMatch(LIVE_MENTION);
        expect(shown).not.toMatch(GITHUB_MENTION);
        expect(shown).not.toMatch(LIVE_REFERENCE);
        expect(shown).not.toMatch(CLOSING_REFERENCE);
        expect(out).not.toContain("](");
        expect(shown.toLowerCase()).not.toMatch(/javascript:|vbscript:|data:|mailto:|[a-z]:\/\/|www\./);
        expect(out).not.toContain("<!--");
        expect(out).not.toContain("-->");
        expect(unescapedSpecials(out)).toEqual([]);
        // eslint-disable-next-line no-control-regex -- asserting control characters are gone
        expect(out).not.toMatch(/[\u0000-\u0008\u000E-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/);
      }),
      { numRuns: 1000 },
    );
  });

  it("shows the reader the original text, cleaned and collapsed", () => {
    fc.assert(
      fc.property(inputs, (s) => {
        expect(withoutBreakers(rendered(inlineText(s, 10_000)))).toBe(withoutBreakers(plainText(s, 10_000)));
      }),
      { numRuns: 1000 },
    );
  });

  it("keeps at most max code points of the original", () => {
    fc.assert(
      fc.property(inputs, fc.integer({ min: 1, max: 50 }), (s, max) => {
        expect(Array.from(plainText(s, max)).length).toBeLessThanOrEqual(max);
      }),
      { numRuns: 1000 },
    );
  });

  it("covers every hostile fragment on its own", () => {
    for (const h of HOSTILE) {
      const shown = rendered(inlineText(h));
      expect(shown).not.toMatch(LIVE_MENTION);
      expect(shown).not.toMatch(LIVE_REFERENCE);
      expect(inlineText(h)).not.toMatch(/[<>]/);
    }
  });
});
