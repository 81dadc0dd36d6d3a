// Commit people and trailers, read defensively and in bounded time.
import { describe, expect, test } from "@jest/globals";
import { isGitHubItself, personOf, trailersOf, unattributedReason } from "../../src/match/commits.js";

describe("personOf", () => {
  test("trims, and turns empty or non-string fields into null", () => {
    expect(personOf({ name: "A", email: " a@x.org ", login: "a" })).toEqual({
      name: "A",
      email: "a@x.org",
      login: "a",
    });
    expect(personOf({ name: 1, email: "", login: "  " })).toEqual({ name: null, email: null, login: null });
    expect(personOf(null)).toEqual({ name: null, email: null, login: null });
    expect(personOf("x")).toEqual({ name: null, email: null, login: null });
  });
});

describe("unattributedReason", () => {
  test.each<[Parameters<typeof unattributedReason>[0], string | null]>([
    [{ name: "A", email: "1+a@users.noreply.github.com", login: "a" }, null],
    [{ name: "A", email: "a@users.noreply.github.com", login: null }, "private_email"],
    [{ name: "A", email: "a@x.org", login: null }, "no_account"],
    [{ name: "A", email: null, login: null }, "no_email"],
    [{ name: "A", email: "a@x.org", login: "a" }, null],
    [{ name: "A", email: null, login: "a" }, null],
  ])("%j → %s", (p, reason) => {
    expect(unattributedReason(p)).toBe(reason);
  });

  test("a noreply address is attributed once the profile of the login it names is known", () => {
    const known = (login: string) => login === "a";
    expect(unattributedReason({ name: "A", email: "1+a@users.noreply.github.com", login: null }, known)).toBeNull();
    expect(unattributedReason({ name: "A", email: "a@users.noreply.github.com", login: null }, known)).toBeNull();
    expect(unattributedReason({ name: "B", email: "2+b@users.noreply.github.com", login: null }, known)).toBe(
      "private_email",
    );
    expect(unattributedReason({ name: "A", email: "noreply@github.com", login: null }, known)).toBe("private_email");
  });

  test("GitHub itself", () => {
    expect(isGitHubItself({ name: "GitHub", email: "noreply@github.com", login: null })).toBe(true);
    expect(isGitHubItself({ name: "GitHub", email: "x@y.z", login: "Web-Flow" })).toBe(true);
    expect(isGitHubItself({ name: "A", email: "1+a@users.noreply.github.com", login: "a" })).toBe(false);
  });
});

describe("trailersOf", () => {
  test("reads Co-authored-by trailers in any case", () => {
    expect(
      trailersOf(
        "Fix\n\nCo-authored-by: Bob <bob@x.org>\r\nCO-AUTHORED-BY:Carol  Q <c@y.org>\nSigned-off-by: D <d@z.org>",
      ),
    ).toEqual([
      { name: "Bob", email: "bob@x.org" },
      { name: "Carol Q", email: "c@y.org" },
    ]);
  });

  test("ignores non-strings, overlong lines and text past 64 KiB", () => {
    expect(trailersOf(null)).toEqual([]);
    expect(trailersOf({ toString: () => "Co-authored-by: B <b@x.org>" })).toEqual([]);
    expect(trailersOf(`Co-authored-by: ${"B".repeat(2000)} <b@x.org>`)).toEqual([]);
    expect(trailersOf(`${"x".repeat(70_000)}\nCo-authored-by: B <b@x.org>`)).toEqual([]);
  });

  // How long this takes is measured by `npm run bench` (bench/hostile-input.ts).
  test("reads hostile whitespace right", () => {
    const hostile = Array.from({ length: 60 }, () => `co-authored-by: ${" ".repeat(1000)}`).join("\n");
    expect(trailersOf(hostile)).toEqual([]);
    expect(trailersOf(`co-authored-by:${" \t".repeat(400)}x <a@b.c>`)).toEqual([{ name: "x", email: "a@b.c" }]);
  });
});
