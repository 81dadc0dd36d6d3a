// Finding and loading a repository's policy: `_extends` chains (resolved as Probot does, bounded,
// without cycles), unreadable files, the bases a proposed policy may read and what it is told
// about them, and which of a repository's and its owner's policies governs it.
import { describe, expect, test } from "@jest/globals";
import type { PolicyFile } from "../../src/github/types.js";
import {
  displayName,
  loadEffectivePolicy,
  loadPolicy,
  proposedPolicyScope,
  resolveExtends,
  type BaseScope,
  type FetchPolicyFile,
  type LoadedPolicy,
} from "../../src/policy/load.js";
import type { PolicySource } from "../../src/policy/parse.js";

const PATH = ".github/ethics-policy.yml";
const VALID = "version: 1\norganizations:\n  - name: Palantir Technologies\n";

function file(repo: string, text: string, extra: Partial<PolicyFile> = {}, path = PATH): PolicyFile {
  return { repo, path, sha: `sha-${repo}`, text, ...extra };
}

/** Serves `files` by "owner/repo:path" and records what was asked for. */
function server(files: PolicyFile[]): { fetch: FetchPolicyFile; asked: string[] } {
  const asked: string[] = [];
  return {
    asked,
    fetch: (repo, path) => {
      asked.push(`${repo}:${path}`);
      return Promise.resolve(files.find((f) => f.repo === repo && f.path === path) ?? null);
    },
  };
}

/** What a caller sees: the kind, the files of the chain, and the problems as "file:line:col: message". */
function summary(loaded: LoadedPolicy): { kind: string; ok?: boolean; files?: string[]; problems?: string[] } {
  if (loaded.kind === "none") return { kind: loaded.kind };
  const { kind, result } = loaded;
  const files = loaded.files.map(displayName);
  if (result.ok) return { kind, ok: result.ok, files };
  return {
    kind,
    ok: result.ok,
    files,
    problems: result.problems.map((p) => `${p.file}:${p.line}:${p.col}: ${p.message}`),
  };
}

const opaque = (ref: string) =>
  `_extends: "${ref}" could not be used as a base: it is missing, unreadable or not a valid policy (its details are not shown in pull requests)`;

describe("displayName and resolveExtends", () => {
  test("a file is shown as owner/repo:path", () => {
    expect(displayName({ repo: "acme/app", path: "a/b.yml" })).toBe("acme/app:a/b.yml");
  });

  test.each<[string, string, { repo: string; path: string } | null]>([
    ["a repository of the same owner", ".github", { repo: "acme/.github", path: PATH }],
    ["another owner's repository", "other-org/policies", { repo: "other-org/policies", path: PATH }],
    ["a path", "other-org/policies:team/ethics.yml", { repo: "other-org/policies", path: "team/ethics.yml" }],
    ["a path in the same owner's repository", "policies:x.yml", { repo: "acme/policies", path: "x.yml" }],
    ["surrounding spaces", "  policies  ", { repo: "acme/policies", path: PATH }],
    ["three segments", "a/b/c", null],
    ["an empty path", "policies:", null],
    ["a space inside the path", "policies:a b.yml", null],
    ["an owner with a dot", "a.b/policies", null],
    ["an empty repository", "acme/", null],
    ["nothing", "", null],
    ["text before a valid reference", "x policies", null],
  ])("%s: %j", (_name, value, expected) => {
    expect(resolveExtends(value, { repo: "acme/app" })).toEqual(expected);
  });
});

describe("proposedPolicyScope", () => {
  test.each<[string, boolean, boolean]>([
    ["acme/app", true, false],
    ["ACME/App", true, false],
    ["acme/.github", true, true],
    ["Acme/.GitHub", true, true],
    ["acme/other", false, true],
    ["other/.github", false, true],
    ["other/app", false, true],
  ])("from acme/app, a base in %s: may read %s, opaque %s", (repo, mayRead, isOpaque) => {
    const scope = proposedPolicyScope("acme/app");
    expect([scope.mayRead({ repo, path: PATH }), scope.opaque({ repo, path: PATH })]).toEqual([mayRead, isOpaque]);
  });
});

describe("loadPolicy", () => {
  const APP = "acme/app:.github/ethics-policy.yml";
  const ORG = "acme/.github:.github/ethics-policy.yml";

  test.each<[string, () => PolicyFile | null, PolicyFile[], BaseScope | undefined, ReturnType<typeof summary>]>([
    ["no policy file", () => null, [], undefined, { kind: "none" }],
    [
      "a valid file without _extends",
      () => file("acme/app", VALID),
      [],
      undefined,
      { kind: "valid", ok: true, files: [APP] },
    ],
    [
      "a file too large to read",
      () => file("acme/app", "", { tooLarge: true }),
      [],
      undefined,
      {
        kind: "invalid",
        ok: false,
        files: [APP],
        problems: [`${APP}:1:1: the file is too large; a policy may be at most 262144 bytes`],
      },
    ],
    [
      "a binary file",
      () => file("acme/app", "", { binary: true }),
      [],
      undefined,
      { kind: "invalid", ok: false, files: [APP], problems: [`${APP}:1:1: the file is not text`] },
    ],
    [
      "a base: the chain is base first",
      () => file("acme/app", "_extends: .github\n"),
      [file("acme/.github", VALID)],
      undefined,
      { kind: "valid", ok: true, files: [ORG, APP] },
    ],
    [
      "a chain of bases",
      () => file("acme/app", "_extends: mid\n"),
      [file("acme/mid", "_extends: other/root:p.yml\n"), file("other/root", VALID, {}, "p.yml")],
      undefined,
      { kind: "valid", ok: true, files: ["other/root:p.yml", "acme/mid:.github/ethics-policy.yml", APP] },
    ],
    [
      "an _extends that names no repository, at its line",
      () => file("acme/app", "# a comment\n_extends: a/b/c\n"),
      [],
      undefined,
      {
        kind: "invalid",
        ok: false,
        files: [APP],
        problems: [`${APP}:2:1: _extends: "a/b/c" is not "repo", "owner/repo" or "owner/repo:path"`],
      },
    ],
    [
      "a space before the colon of _extends",
      () => file("acme/app", "version: 1\n_extends : a/b/c\n"),
      [],
      undefined,
      {
        kind: "invalid",
        ok: false,
        files: [APP],
        problems: [`${APP}:2:1: _extends: "a/b/c" is not "repo", "owner/repo" or "owner/repo:path"`],
      },
    ],
    [
      "a quoted _extends key",
      () => file("acme/app", 'version: 1\n"_extends": a/b/c\n'),
      [],
      undefined,
      {
        kind: "invalid",
        ok: false,
        files: [APP],
        problems: [`${APP}:2:1: _extends: "a/b/c" is not "repo", "owner/repo" or "owner/repo:path"`],
      },
    ],
    [
      "an _extends inside a flow mapping, placed on line 1",
      () => file("acme/app", "\n{version: 1, _extends: a/b/c}\n"),
      [],
      undefined,
      {
        kind: "invalid",
        ok: false,
        files: [APP],
        problems: [`${APP}:1:1: _extends: "a/b/c" is not "repo", "owner/repo" or "owner/repo:path"`],
      },
    ],
    [
      "a base that does not exist",
      () => file("acme/app", "_extends: gone\n"),
      [],
      undefined,
      {
        kind: "invalid",
        ok: false,
        files: [APP],
        problems: [`${APP}:1:1: _extends: "gone" names acme/gone:${PATH}, which does not exist or cannot be read`],
      },
    ],
    [
      "a base that extends the first file again, in other case",
      () => file("acme/app", "_extends: .github\n"),
      [file("acme/.github", "_extends: ACME/App\n")],
      undefined,
      {
        kind: "invalid",
        ok: false,
        files: [ORG, APP],
        problems: [`${ORG}:1:1: _extends: "ACME/App" leads back to a file already in the chain`],
      },
    ],
    [
      "a file that extends itself",
      () => file("acme/app", "_extends: app\n"),
      [],
      undefined,
      {
        kind: "invalid",
        ok: false,
        files: [APP],
        problems: [`${APP}:1:1: _extends: "app" leads back to a file already in the chain`],
      },
    ],
    [
      "four levels of bases are allowed",
      () => file("acme/r0", "_extends: r1\n"),
      [
        file("acme/r1", "_extends: r2\n"),
        file("acme/r2", "_extends: r3\n"),
        file("acme/r3", "_extends: r4\n"),
        file("acme/r4", VALID),
      ],
      undefined,
      { kind: "valid", ok: true, files: [4, 3, 2, 1, 0].map((i) => `acme/r${i}:${PATH}`) },
    ],
    [
      "a fifth level is refused, at the file that asks for it",
      () => file("acme/r0", "_extends: r1\n"),
      [
        file("acme/r1", "_extends: r2\n"),
        file("acme/r2", "_extends: r3\n"),
        file("acme/r3", "_extends: r4\n"),
        file("acme/r4", "x: 1\n_extends: r5\n"),
        file("acme/r5", VALID),
      ],
      undefined,
      {
        kind: "invalid",
        ok: false,
        files: [4, 3, 2, 1, 0].map((i) => `acme/r${i}:${PATH}`),
        problems: [`acme/r4:${PATH}:2:1: _extends: more than 4 levels of _extends`],
      },
    ],
    [
      "a base too large to read",
      () => file("acme/app", "_extends: .github\n"),
      [file("acme/.github", "", { tooLarge: true })],
      undefined,
      {
        kind: "invalid",
        ok: false,
        files: [ORG, APP],
        problems: [`${ORG}:1:1: the file is too large; a policy may be at most 262144 bytes`],
      },
    ],
    [
      "a binary base",
      () => file("acme/app", "_extends: .github\n"),
      [file("acme/.github", "", { binary: true })],
      undefined,
      { kind: "invalid", ok: false, files: [ORG, APP], problems: [`${ORG}:1:1: the file is not text`] },
    ],
    [
      "problems in a base are shown when it is not opaque",
      () => file("acme/app", "_extends: .github\n"),
      [file("acme/.github", "version: 1\norganizations: 3\n")],
      undefined,
      {
        kind: "invalid",
        ok: false,
        files: [ORG, APP],
        problems: [`${ORG}:2:16: organizations: must be a list, not a number`],
      },
    ],
  ])("%s", async (_name, first, bases, scope, expected) => {
    expect(summary(await loadPolicy(first(), server(bases).fetch, scope))).toEqual(expected);
  });

  test("fetches each base by its repository and path, nothing more", async () => {
    const { fetch, asked } = server([
      file("acme/mid", "_extends: other/root:p.yml\n"),
      file("other/root", VALID, {}, "p.yml"),
    ]);
    await loadPolicy(file("acme/app", "_extends: mid\n"), fetch);
    expect(asked).toEqual([`acme/mid:${PATH}`, "other/root:p.yml"]);
  });

  test("parses through the given parser, keyed by each file's name and blob SHA, base first", async () => {
    const calls: [PolicySource[], string | null][] = [];
    const parse = (sources: PolicySource[], key: string | null) => {
      calls.push([sources, key]);
      return Promise.resolve({ ok: false as const, problems: [{ file: "x", line: 3, col: 4, message: "m" }] });
    };
    const loaded = await loadPolicy(
      file("acme/app", "_extends: .github\n"),
      server([file("acme/.github", VALID)]).fetch,
      undefined,
      parse,
    );
    expect(calls).toEqual([
      [
        [
          { file: ORG, text: VALID },
          { file: APP, text: "_extends: .github\n" },
        ],
        `${ORG}@sha-acme/.github|${APP}@sha-acme/app`,
      ],
    ]);
    expect(summary(loaded)).toEqual({ kind: "invalid", ok: false, files: [ORG, APP], problems: ["x:3:4: m"] });
  });
});

describe("loadPolicy for a proposed policy (bases in scope only, other repositories' bases opaque)", () => {
  const APP = "acme/app:.github/ethics-policy.yml";
  const ORG = "acme/.github:.github/ethics-policy.yml";
  const OWN = "acme/app:base.yml";

  test.each<[string, () => PolicyFile, PolicyFile[], ReturnType<typeof summary>]>([
    [
      "a base in the same repository is shown",
      () => file("acme/app", "_extends: app:base.yml\n"),
      [file("acme/app", "version: 1\norganizations: 3\n", {}, "base.yml")],
      {
        kind: "invalid",
        ok: false,
        files: [OWN, APP],
        problems: [`${OWN}:2:16: organizations: must be a list, not a number`],
      },
    ],
    [
      "a missing base in the same repository is named",
      () => file("acme/app", "_extends: app:base.yml\n"),
      [],
      {
        kind: "invalid",
        ok: false,
        files: [APP],
        problems: [
          `${APP}:1:1: _extends: "app:base.yml" names acme/app:base.yml, which does not exist or cannot be read`,
        ],
      },
    ],
    [
      "a valid base in the owner's .github repository",
      () => file("acme/app", "_extends: .github\n"),
      [file("acme/.github", VALID)],
      { kind: "valid", ok: true, files: [ORG, APP] },
    ],
    [
      "a base in another repository is not read",
      () => file("acme/app", "version: 1\n_extends: other/policies\n"),
      [file("other/policies", VALID)],
      {
        kind: "invalid",
        ok: false,
        files: [APP],
        problems: [
          `${APP}:2:1: _extends: "other/policies" is not checked in pull requests: a proposed policy is checked against bases in this repository or the owner's .github repository only; it will be read once the policy is merged`,
        ],
      },
    ],
    [
      "a missing .github base is not told apart from an invalid one",
      () => file("acme/app", "_extends: .github\n"),
      [],
      { kind: "invalid", ok: false, files: [APP], problems: [`${APP}:1:1: ${opaque(".github")}`] },
    ],
    [
      "a .github base too large to read",
      () => file("acme/app", "_extends: .github\n"),
      [file("acme/.github", "", { tooLarge: true })],
      { kind: "invalid", ok: false, files: [APP], problems: [`${APP}:1:1: ${opaque(".github")}`] },
    ],
    [
      "a binary .github base",
      () => file("acme/app", "_extends: .github\n"),
      [file("acme/.github", "", { binary: true })],
      { kind: "invalid", ok: false, files: [APP], problems: [`${APP}:1:1: ${opaque(".github")}`] },
    ],
    [
      "an invalid .github base: one problem at the _extends line, the proposal's own problems kept",
      () => file("acme/app", "organizations: [{name: X, bogus: 1}]\n_extends: .github\n"),
      [file("acme/.github", "version: 1\norganizations: [{name: Y, wrong: 2}]\n")],
      {
        kind: "invalid",
        ok: false,
        files: [ORG, APP],
        problems: [`${APP}:1:27: organizations[0]: unknown key "bogus"`, `${APP}:2:1: ${opaque(".github")}`],
      },
    ],
    [
      "a valid .github base and problems in the proposal only: nothing said about the base",
      () => file("acme/app", "organizations: [{name: X, bogus: 1}]\n_extends: .github\n"),
      [file("acme/.github", VALID)],
      {
        kind: "invalid",
        ok: false,
        files: [ORG, APP],
        problems: [`${APP}:1:27: organizations[0]: unknown key "bogus"`],
      },
    ],
    [
      "inside an opaque base, a missing base of its own is the outer base's problem",
      () => file("acme/app", "_extends: .github\n"),
      [file("acme/.github", "_extends: app:base.yml\n")],
      { kind: "invalid", ok: false, files: [ORG, APP], problems: [`${APP}:1:1: ${opaque(".github")}`] },
    ],
    [
      "inside an opaque base, a bad reference is the outer base's problem",
      () => file("acme/app", "_extends: .github\n"),
      [file("acme/.github", "_extends: a/b/c\n")],
      { kind: "invalid", ok: false, files: [ORG, APP], problems: [`${APP}:1:1: ${opaque(".github")}`] },
    ],
    [
      "a base of an opaque base is opaque too, even in the proposal's own repository",
      () => file("acme/app", "_extends: .github\n"),
      [file("acme/.github", "_extends: app:base.yml\n"), file("acme/app", "", { binary: true }, "base.yml")],
      { kind: "invalid", ok: false, files: [ORG, APP], problems: [`${APP}:1:1: ${opaque(".github")}`] },
    ],
  ])("%s", async (_name, first, bases, expected) => {
    expect(summary(await loadPolicy(first(), server(bases).fetch, proposedPolicyScope("acme/app")))).toEqual(expected);
  });
});

describe("loadEffectivePolicy", () => {
  const OWN_TEXT = "version: 1\norganizations:\n  - name: Own Org\n";
  const ORG_TEXT = (extra: string) => `version: 1\norganizations:\n  - name: Org Wide\n${extra}`;

  test.each<[string, string | null, string | null, { kind: string; names?: string[]; notes: string[] }]>([
    ["neither file", null, null, { kind: "none", notes: [] }],
    ["the repository's own file", OWN_TEXT, null, { kind: "valid", names: ["Own Org"], notes: [] }],
    ["the owner's file alone", null, ORG_TEXT(""), { kind: "valid", names: ["Org Wide"], notes: [] }],
    ["the own file wins by default", OWN_TEXT, ORG_TEXT(""), { kind: "valid", names: ["Own Org"], notes: [] }],
    [
      "the own file wins when overrides are allowed",
      OWN_TEXT,
      ORG_TEXT("allow_repo_override: true\n"),
      { kind: "valid", names: ["Own Org"], notes: [] },
    ],
    [
      "the owner's file wins when it allows no override",
      OWN_TEXT,
      ORG_TEXT("allow_repo_override: false\n"),
      {
        kind: "valid",
        names: ["Org Wide"],
        notes: [
          "acme/App:.github/ethics-policy.yml is not used: the organization policy acme/.github:.github/ethics-policy.yml does not allow repository overrides",
        ],
      },
    ],
    [
      "an unreadable owner's file never silences the own file",
      OWN_TEXT,
      "allow_repo_override: false\n",
      { kind: "valid", names: ["Own Org"], notes: [] },
    ],
    [
      "the owner's file skips the repository, whatever the case",
      null,
      ORG_TEXT("skip_repos: [other, APP]\n"),
      { kind: "none", notes: ["the organization policy skips acme/App"] },
    ],
    [
      "the owner's file skips other repositories",
      null,
      ORG_TEXT("skip_repos: [other, app-2]\n"),
      { kind: "valid", names: ["Org Wide"], notes: [] },
    ],
    [
      "skip_repos does not apply to the own file",
      OWN_TEXT,
      ORG_TEXT("skip_repos: [app]\n"),
      { kind: "valid", names: ["Own Org"], notes: [] },
    ],
    ["an invalid owner's file alone", null, "version: 1\n", { kind: "invalid", notes: [] }],
  ])("%s", async (_name, own, org, expected) => {
    const loaded = await loadEffectivePolicy(
      {
        repo: "acme/App",
        own: own === null ? null : file("acme/App", own),
        org: org === null ? null : file("acme/.github", org),
      },
      server([]).fetch,
    );
    expect({
      kind: loaded.kind,
      ...(loaded.kind === "valid" ? { names: loaded.result.policy.organizations.map((o) => o.name) } : {}),
      notes: loaded.notes,
    }).toEqual(expected);
  });

  test("parses both files through the given parser", async () => {
    const keys: (string | null)[] = [];
    const parse = (_sources: PolicySource[], key: string | null) => {
      keys.push(key);
      return Promise.resolve({ ok: false as const, problems: [] });
    };
    await loadEffectivePolicy(
      { repo: "acme/app", own: file("acme/app", OWN_TEXT), org: file("acme/.github", ORG_TEXT("")) },
      server([]).fetch,
      parse,
    );
    expect(keys).toEqual([
      "acme/.github:.github/ethics-policy.yml@sha-acme/.github",
      "acme/app:.github/ethics-policy.yml@sha-acme/app",
    ]);
  });
});
