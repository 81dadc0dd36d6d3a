// One set of invisible characters for the Markdown sanitizer and the terminal renderer.
import { describe, expect, it } from "@jest/globals";
import { escapeInvisible } from "../../src/render/invisible.js";
import { plainText } from "../../src/render/sanitize.js";

const INVISIBLE = [
  "\u0000",
  "\u0007",
  "\u001b",
  "\u007f",
  "\u009b",
  "\u061c",
  "\u200e",
  "\u200f",
  "\u202a",
  "\u202e",
  "\u2066",
  "\u2069",
  "\ufeff",
];

describe("the shared invisible-character set", () => {
  it.each(INVISIBLE.map((c) => [`U+${c.charCodeAt(0).toString(16).padStart(4, "0").toUpperCase()}`, c]))(
    "%s is removed from Markdown and escaped on a terminal",
    (_name, c) => {
      expect(plainText(`a${c}b`)).toBe("ab");
      const escaped = escapeInvisible(`a${c}b`);
      expect(escaped).toBe(`a\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}b`);
    },
  );

  it("keeps tab and newline on a terminal but escapes carriage return and other line controls", () => {
    expect(escapeInvisible("a\tb\nc")).toBe("a\tb\nc");
    expect(escapeInvisible("a\rb\u0085c\u2028")).toBe("a\\u000db\\u0085c\\u2028");
  });

  it("leaves visible text, including non-Latin scripts and emoji, alone", () => {
    const text = "Zoë — 東京 مرحبا 👩‍💻";
    expect(escapeInvisible(text)).toBe(text);
    expect(plainText(text)).toBe(text);
  });
});
