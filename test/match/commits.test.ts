// Commit people and trailers, read defensively and in bounded time.
import { describe, expect, test } from "@jest/globals";
import {
  accountOf,
  isGitHubItself,
  MAX_MESSAGE_CHARS,
  personOf,
  trailersOf,
  unattributedReason,
} from "../../src/match/commits.js";

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
    expect(isGitHubItself({ name: "GitHub", email: "NoReply@GitHub.com", login: null })).toBe(true);
    expect(isGitHubItself({ name: "A", email: null, login: "a" })).toBe(false);
    expect(isGitHubItself({ name: "A", email: null, login: null })).toBe(false);
  });
});

describe("accountOf", () => {
  test.each<[Parameters<typeof accountOf>[0], string | null]>([
    [{ name: "A", email: "a@x.org", login: "a" }, "a"],
    [{ name: "A", email: "1+b@users.noreply.github.com", login: "a" }, "a"],
    [{ name: "B", email: "1+b@users.noreply.github.com", login: null }, "b"],
    [{ name: "B", email: "b@users.noreply.github.com", login: null }, "b"],
    [{ name: "B", email: "b@x.org", login: null }, null],
    [{ name: "B", email: null, login: null }, null],
  ])("%j → %s", (p, account) => {
    expect(accountOf(p)).toBe(account);
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

  test("reads a line of exactly 1,024 characters and a trailer ending exactly at 64 KiB", () => {
    const line = (n: number) => `Co-authored-by: ${"B".repeat(n - "Co-authored-by:  <b@x.org>".length)} <b@x.org>`;
    expect(line(1024)).toHaveLength(1024);
    expect(trailersOf(`Fix\n\n${line(1024)}`)).toHaveLength(1);
    expect(trailersOf(`Fix\n\n${line(1025)}`)).toEqual([]);
    const trailer = "\nCo-authored-by: B <b@x.org>";
    const ending = (n: number) => `${"x".repeat(n - trailer.length)}${trailer}`;
    expect(trailersOf(ending(MAX_MESSAGE_CHARS))).toEqual([{ name: "B", email: "b@x.org" }]);
    // One character more and the 64 KiB end inside the address: no trailer.
    expect(trailersOf(ending(MAX_MESSAGE_CHARS + 1))).toEqual([]);
    expect(MAX_MESSAGE_CHARS).toBe(65_536);
  });

  // How long this takes is measured by `npm run bench` (bench/hostile-input.ts).
  test("reads hostile whitespace right", () => {
    const hostile = Array.from({ length: 60 }, () => `co-authored-by: ${" ".repeat(1000)}`).join("\n");
    expect(trailersOf(hostile)).toEqual([]);
    expect(trailersOf(`co-authored-by:${" \t".repeat(400)}x <a@b.c>`)).toEqual([{ name: "x", email: "a@b.c" }]);
  });
});
