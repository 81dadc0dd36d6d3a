// Commits: author and committer emails, Co-authored-by trailers, and what cannot be attributed.
import { describe, expect, test } from "@jest/globals";
import { evaluate } from "../src/evaluate.js";
import type { Evidence } from "../src/evidence/types.js";
import { commit, compile, evidence, NOW, profile } from "./match/helpers.js";
import { fixture } from "./helpers/fixture.js";

const c = fixture(() => compile());
const run = (ev: Evidence, policy = c()) => evaluate(policy, ev, { now: NOW });
const brief = (ev: Evidence, policy = c()) =>
  run(ev, policy).matches.map((m) => [m.signal, m.subject, m.value, m.commit]);
const WEB_FLOW = { name: "GitHub", email: "noreply@github.com", login: "web-flow" };

describe("commit emails", () => {
  test("author and committer emails are matched by domain; subject is the linked login", () => {
    const ev = evidence(
      {},
      {
        commits: [
          commit("1111111aaaa", { author: { name: "Alice", email: "alice@palantir.com", login: "alice" } }),
          commit("2222222bbbb", {
            author: { name: "A", email: "a@example.org", login: "alice" },
            committer: { name: "Bob", email: "bob@eu.palantir.com", login: "bob" },
          }),
        ],
      },
    );
    expect(brief(ev)).toEqual([
      ["commit_email", "alice", "alice@palantir.com", "1111111aaaa"],
      ["commit_email", "bob", "bob@eu.palantir.com", "2222222bbbb"],
    ]);
  });

  test("an email linked to no account is matched and named by its address, in any commit", () => {
    const ev = evidence(
      {},
      { commits: [commit("abcdef0123456", { author: { name: "X", email: "x@palantir.com", login: null } })] },
    );
    expect(brief(ev)).toEqual([["commit_email", "x@palantir.com", "x@palantir.com", "abcdef0123456"]]);
    expect(run(ev).unattributed).toEqual([
      { commit: "abcdef0123456", role: "author", name: "X", email: "x@palantir.com", reason: "no_account" },
    ]);
  });

  test("noreply addresses and GitHub's own committer never match", () => {
    const ev = evidence(
      {},
      {
        commits: [
          commit("1", {
            author: { name: "A", email: "123+palantir@users.noreply.github.com", login: "alice" },
            committer: WEB_FLOW,
          }),
          commit("2", { committer: { name: "GitHub", email: "noreply@github.com", login: null } }),
          commit("3", { committer: { name: "GitHub", email: "web@palantir.com", login: "web-flow" } }),
        ],
      },
    );
    expect(brief(ev)).toEqual([]);
  });

  test("look-alike domains never match", () => {
    for (const email of [
      "a@palantir.com.evil.example",
      "a@notpalantir.com",
      "a@palantir.community",
      "palantir.com@evil.example",
    ]) {
      expect(brief(evidence({}, { commits: [commit("1", { author: { name: "A", email, login: "alice" } })] }))).toEqual(
        [],
      );
    }
  });

  test("switched off by signals.commit_emails", () => {
    const off = compile({ signals: { commit_emails: false } });
    const ev = evidence(
      {},
      { commits: [commit("1", { author: { name: "A", email: "a@palantir.com", login: "alice" } })] },
    );
    expect(brief(ev, off)).toEqual([]);
  });
});

describe("co-authors", () => {
  const withTrailers = (message: string, sha = "c0ffee1234") => evidence({}, { commits: [commit(sha, { message })] });

  test("trailers in any case are matched by domain", () => {
    const ev = withTrailers(
      "Fix\n\nCo-authored-by: Bob <bob@palantir.com>\nco-AUTHORED-by:Carol <carol@EU.PALANTIR.COM>\n",
    );
    expect(brief(ev)).toEqual([
      ["co_author", "bob@palantir.com", "bob@palantir.com", "c0ffee1234"],
      ["co_author", "carol@eu.palantir.com", "carol@EU.PALANTIR.COM", "c0ffee1234"],
    ]);
  });

  test("a trailer whose email another commit links to an account is named by that login", () => {
    const ev = evidence(
      {},
      {
        commits: [
          commit("1", { author: { name: "Bob", email: "bob@palantir.com", login: "bob" } }),
          commit("2", { message: "x\n\nCo-authored-by: Bob <BOB@palantir.com>" }),
        ],
      },
    );
    expect(brief(ev)).toEqual([
      ["commit_email", "bob", "bob@palantir.com", "1"],
      ["co_author", "bob", "BOB@palantir.com", "2"],
    ]);
    expect(run(ev).unattributed).toEqual([]);
  });

  test("a trailer linked to an account by another commit's committer has that account checked", () => {
    const policy = compile({}, [{ name: "Palantir", users: ["bob"] }]);
    const ev = evidence(
      {},
      {
        commits: [
          // Committers are not checked as accounts; the co-author trailer's link to bob is.
          commit("1", { committer: { name: "Bob", email: "bob@example.org", login: "bob" } }),
          commit("2", { message: "x\n\nCo-authored-by: Bob <bob@example.org>" }),
        ],
      },
    );
    expect(brief(ev, policy)).toEqual([["user_list", "bob", "bob", undefined]]);
  });

  test("a noreply co-author address that names no valid login is private, and nothing is checked", () => {
    const policy = compile({}, [{ name: "Palantir", users: ["x"] }]);
    const ev = withTrailers("x\n\nCo-authored-by: X <_x@users.noreply.github.com>");
    expect(brief(ev, policy)).toEqual([]);
    expect(run(ev, policy).unattributed.map((u) => [u.role, u.email, u.reason])).toEqual([
      ["co_author", "_x@users.noreply.github.com", "private_email"],
    ]);
  });

  test("a trailer naming GitHub itself is neither matched nor listed", () => {
    const ev = withTrailers("x\n\nCo-authored-by: GitHub <noreply@github.com>");
    expect(brief(ev)).toEqual([]);
    expect(run(ev).unattributed).toEqual([]);
  });

  test("an unlinked address is the subject in lower case, however the trailer spells it", () => {
    expect(brief(withTrailers("x\n\nCo-authored-by: Bob <BOB@Palantir.com>"))).toEqual([
      ["co_author", "bob@palantir.com", "BOB@Palantir.com", "c0ffee1234"],
    ]);
  });

  test("text that only looks like a trailer does not count", () => {
    for (const message of [
      "Co-authored-by Bob <bob@palantir.com>",
      "Co-authored-by: Bob bob@palantir.com",
      "Reviewed-by: Bob <bob@palantir.com>",
      "Signed-off-by: B <b@palantir.com>",
    ]) {
      expect(brief(withTrailers(message))).toEqual([]);
    }
  });

  test("a noreply co-author is checked by login: users list and profile", () => {
    const policy = compile({}, [{ name: "Palantir", github_orgs: ["palantir"], users: ["carol"] }]);
    const ev = evidence(
      {},
      {
        users: { dave: profile("dave", { organizations: ["Palantir"] }) },
        commits: [
          commit("9999999", {
            message:
              "x\n\nCo-authored-by: Carol <1+carol@users.noreply.github.com>\nCo-authored-by: Dave <dave@users.noreply.github.com>",
          }),
        ],
      },
    );
    expect(brief(ev, policy)).toEqual([
      ["organizations", "dave", "Palantir", undefined],
      ["user_list", "carol", "carol", undefined],
    ]);
    // dave's profile was read, so his address is attributed to him; carol's was not.
    expect(run(ev, policy).unattributed.map((u) => [u.role, u.email, u.reason])).toEqual([
      ["co_author", "1+carol@users.noreply.github.com", "private_email"],
    ]);
  });

  test("switched off by signals.co_authors, which also skips their login checks", () => {
    const policy = compile({ signals: { co_authors: false } }, [
      { name: "Palantir", email_domains: ["palantir.com"], users: ["carol"] },
    ]);
    const ev = withTrailers(
      "x\n\nCo-authored-by: B <b@palantir.com>\nCo-authored-by: C <2+carol@users.noreply.github.com>",
    );
    expect(run(ev, policy).matches).toEqual([]);
    expect(run(ev, policy).unattributed).toEqual([]);
  });

  test("trailers are read from the first 64 KiB of the message only", () => {
    const early = `${"x".repeat(1000)}\n\nCo-authored-by: B <b@palantir.com>`;
    const late = `${"x\n".repeat(40_000)}Co-authored-by: B <b@palantir.com>`;
    expect(brief(withTrailers(early))).toHaveLength(1);
    expect(brief(withTrailers(late))).toEqual([]);
  });
});

describe("unattributed evidence", () => {
  test("reasons: private email, no account, no email; GitHub itself never listed", () => {
    const ev = evidence(
      {},
      {
        commits: [
          commit("1", {
            author: { name: "A", email: "1+zed@users.noreply.github.com", login: null },
            committer: WEB_FLOW,
          }),
          commit("2", {
            author: { name: "Nobody", email: "n@example.org", login: null },
            committer: { name: "GitHub", email: "noreply@github.com", login: null },
          }),
          commit("3", { author: { name: "Ghost", email: null, login: null } }),
          commit("4", { author: { name: "Empty", email: "", login: null } }),
          commit("5", { author: { name: "Known", email: null, login: "known" } }),
        ],
      },
    );
    expect(run(ev).unattributed).toEqual([
      { commit: "1", role: "author", name: "A", email: "1+zed@users.noreply.github.com", reason: "private_email" },
      { commit: "2", role: "author", name: "Nobody", email: "n@example.org", reason: "no_account" },
      { commit: "3", role: "author", name: "Ghost", email: null, reason: "no_email" },
      { commit: "4", role: "author", name: "Empty", email: null, reason: "no_email" },
    ]);
  });

  test("a noreply address is attributed to the login it names, whose profile is then checked", () => {
    const policy = compile({}, [{ name: "Palantir", aliases: [], github_orgs: ["palantir"] }]);
    const ev = evidence(
      {},
      {
        users: { zed: profile("zed", { company: "@palantir" }) },
        commits: [
          // Linked by GitHub: attributed as any linked account.
          commit("1", { author: { name: "A", email: "1+alice@users.noreply.github.com", login: "alice" } }),
          // Not linked: the address names zed (older form, no id), whose profile was read.
          commit("2", { author: { name: "Z", email: "ZED@Users.Noreply.GitHub.com.", login: null } }),
        ],
      },
    );
    const d = run(ev, policy);
    expect(d.unattributed).toEqual([]);
    expect(d.matches.map((m) => [m.signal, m.subject, m.value])).toEqual([["profile_company", "zed", "@palantir"]]);
  });

  test("are deduplicated across commits, keeping the first commit", () => {
    const nobody = { name: "Nobody", email: "n@example.org", login: null };
    const ev = evidence(
      {},
      {
        commits: [
          commit("1", { author: nobody, message: "x\n\nCo-authored-by: Z <z@example.org>" }),
          commit("2", {
            author: { ...nobody, email: "N@Example.org" },
            message: "y\n\nCo-authored-by: Z <z@example.org>",
          }),
          commit("3", { author: nobody, committer: nobody }),
        ],
      },
    );
    expect(run(ev).unattributed.map((u) => [u.commit, u.role, u.email])).toEqual([
      ["1", "author", "n@example.org"],
      ["1", "co_author", "z@example.org"],
      ["3", "committer", "n@example.org"],
    ]);
  });

  test("an unlinked co-author is listed with the trailer's name and address", () => {
    const ev = evidence({}, { commits: [commit("1", { message: "x\n\nCo-authored-by: Zed Q <Z@example.org>" })] });
    expect(run(ev).unattributed).toEqual([
      { commit: "1", role: "co_author", name: "Zed Q", email: "Z@example.org", reason: "no_account" },
    ]);
  });

  test("different addresses, or no address with different names, are listed apart", () => {
    const ev = evidence(
      {},
      {
        commits: [
          commit("1", { author: { name: "N", email: "n@example.org", login: null } }),
          commit("2", { author: { name: "N", email: "m@example.org", login: null } }),
          commit("3", { author: { name: "Ghost", email: null, login: null } }),
          commit("4", { author: { name: "Spirit", email: null, login: null } }),
          commit("5", { author: { name: "Ghost", email: null, login: null } }),
        ],
      },
    );
    expect(run(ev).unattributed.map((u) => [u.commit, u.email ?? u.name])).toEqual([
      ["1", "n@example.org"],
      ["2", "m@example.org"],
      ["3", "Ghost"],
      ["4", "Spirit"],
    ]);
  });

  test("a noreply address naming the pull request's author is attributed: the author's profile was read", () => {
    const ev = evidence(
      { login: "alice" },
      { commits: [commit("1", { author: { name: "A", email: "1+Alice@users.noreply.github.com", login: null } })] },
    );
    expect(run(ev).unattributed).toEqual([]);
  });

  test("an unlinked email is still domain-matched", () => {
    const ev = evidence(
      {},
      { commits: [commit("1", { author: { name: "X", email: "x@palantir.com", login: null } })] },
    );
    const d = run(ev);
    expect(d.flagged).toBe(true);
    expect(d.unattributed.map((u) => u.reason)).toEqual(["no_account"]);
  });
});

describe("stable evidence identities", () => {
  test("an email linked to no account is the same evidence in every commit that uses it", () => {
    const by = (email: string) => ({ author: { name: "X", email, login: null } });
    const ev = evidence(
      {},
      {
        commits: [
          commit("a1", by("X@Palantir.com")),
          commit("b2", by("x@palantir.com ")),
          commit("c3", by("x@palantir.com")),
        ],
      },
    );
    expect(new Set(run(ev).matches.map((m) => m.subject))).toEqual(new Set(["x@palantir.com"]));
  });
});
