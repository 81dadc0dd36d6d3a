import { describe, expect, it } from "@jest/globals";
import { coAuthors, emailDomain, isNoreplyEmail, noreplyLogin } from "../../src/evidence/emails.js";

describe("coAuthors", () => {
  it.each([
    ["Fix\n\nCo-authored-by: Bob <bob@example.com>", [{ name: "Bob", email: "bob@example.com" }]],
    [
      "x\nco-authored-by:Bob B. <b@x.io>\nCO-AUTHORED-BY :  Ann  <1+ann@users.noreply.github.com>  ",
      [
        { name: "Bob B.", email: "b@x.io" },
        { name: "Ann", email: "1+ann@users.noreply.github.com" },
      ],
    ],
    ["Co-authored-by: <nameless@example.com>", [{ name: "", email: "nameless@example.com" }]],
    ["Co-authored-by: Bob bob@example.com", []],
    ["Co-authored-by: Bob <bob @example.com>", []],
    ["Signed-off-by: Bob <bob@example.com>", []],
    ["Not-Co-authored-by: Bob <bob@example.com>", []],
    ["Co-authored-by: Bob <bob@example.com>\r\n", [{ name: "Bob", email: "bob@example.com" }]],
  ])("%j", (message, expected) => {
    expect(coAuthors(message)).toEqual(expected);
  });

  // How long this takes is measured by `npm run bench` (bench/hostile-input.ts).
  it("reads hostile whitespace right", () => {
    const hostile = `co-authored-by: ${" ".repeat(100_000)}<${" ".repeat(100_000)}`;
    expect(coAuthors(`${hostile}\n`.repeat(20))).toEqual([]);
  });
});

describe("email facts", () => {
  it.each([
    ["alice@Palantir.COM", "palantir.com"],
    ["alice@palantir.com.", "palantir.com"],
    ["no-at-sign", null],
    ["trailing@", null],
    ["@leading.example", null],
  ])("emailDomain(%j) = %j", (email, domain) => {
    expect(emailDomain(email)).toBe(domain);
  });

  it("recognises GitHub's private addresses and the login they name", () => {
    expect(isNoreplyEmail("12345+alice@users.noreply.github.com")).toBe(true);
    expect(isNoreplyEmail("noreply@github.com")).toBe(true);
    expect(isNoreplyEmail("alice@github.com")).toBe(false);
    expect(noreplyLogin("12345+alice@users.noreply.github.com")).toBe("alice");
    expect(noreplyLogin("alice@users.noreply.github.com")).toBe("alice");
    expect(noreplyLogin("alice@example.com")).toBeNull();
  });
});
