import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "@jest/globals";
import { nodeIo, runCli, type Io } from "../src/cli.js";

const FIXTURES = join(import.meta.dirname, "fixtures");
const policy = (name: string) => join(FIXTURES, "policies", name);
const evidence = (name: string) => join(FIXTURES, "evidence", name);
const tmp = mkdtempSync(join(tmpdir(), "ethics-policy-cli-"));

function tmpFile(name: string, content: string): string {
  const path = join(tmp, name);
  writeFileSync(path, content);
  return path;
}

async function run(...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = "";
  let stderr = "";
  const io: Io = { ...nodeIo, stdout: (s) => void (stdout += s), stderr: (s) => void (stderr += s) };
  const code = await runCli(argv, io);
  return { code, stdout, stderr };
}

describe("ethics-policy --version", () => {
  it("prints the package's version and exits 0", async () => {
    const { version } = JSON.parse(readFileSync(join(import.meta.dirname, "..", "package.json"), "utf8")) as {
      version: string;
    };
    for (const flag of ["--version", "-V"]) {
      const r = await run(flag);
      expect({ flag, code: r.code, stdout: r.stdout, stderr: r.stderr }).toEqual({
        flag,
        code: 0,
        stdout: `${version}\n`,
        stderr: "",
      });
    }
  });
});

describe("ethics-policy validate", () => {
  it("accepts a valid policy with exit 0", async () => {
    const r = await run("validate", policy("entropic.yml"));
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("valid (2 organizations)");
  });

  it("reports every problem as FILE:LINE:COL: message with exit 1", async () => {
    const file = policy("misspelt.yml");
    const r = await run("validate", file);
    expect(r.code).toBe(1);
    const lines = r.stdout.trim().split("\n");
    for (const line of lines)
      expect(line).toMatch(new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}:\\d+:\\d+: .+`));
    expect(r.stdout).toContain(`${file}:2:1: `);
    expect(r.stdout).toMatch(/did you mean "organizations"/);
    expect(r.stdout).toContain(`${file}:5:16: `);
  });

  it("exits 2 on a file that cannot be read, and on unknown options", async () => {
    const missing = await run("validate", join(tmp, "nope.yml"));
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("cannot read policy file");
    const badOption = await run("validate", "--frobnicate");
    expect(badOption.code).toBe(2);
    expect(badOption.stderr).toContain("unknown option");
  });

  // How long these take is measured by `npm run bench` (bench/hostile-input.ts); the timeout only
  // guards against a hang.
  it("answers hostile YAML with positions, without a stack trace", async () => {
    const hostile = [
      policy("alias-bomb.yml"),
      tmpFile("deep.yml", "[".repeat(100_000)),
      tmpFile("huge.yml", `version: 1\nstatement: "${"x".repeat(2_000_000)}"\n`),
      tmpFile("proto.yml", "version: 1\n__proto__: {polluted: true}\norganizations: [{name: A}]\n"),
      tmpFile("binary.yml", "\u0000\u0001\u0002\uFFFD"),
      tmpFile("tags.yml", "version: !!js/function 'function(){}'\norganizations: []\n"),
      tmpFile("empty.yml", ""),
      // Each stray token costs the YAML composer an error: these took over a second before.
      tmpFile("quotes.yml", '"'.repeat(262_000)),
      tmpFile("anchors.yml", "&a ".repeat(80_000)),
    ];
    for (const file of hostile) {
      const r = await run("validate", file);
      expect({ file, code: r.code }).toEqual({ file, code: 1 });
      expect(r.stdout).toMatch(/:\d+:\d+: /);
      expect(r.stdout + r.stderr).not.toMatch(/\n\s+at .+\(.+:\d+:\d+\)/);
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  }, 60_000);

  it("prints help for every command with exit 0", async () => {
    for (const argv of [["--help"], ["validate", "--help"], ["check", "--help"]]) {
      const r = await run(...argv);
      expect(r.code).toBe(0);
      expect(r.stdout).toContain("Usage: ethics-policy");
    }
    expect((await run()).code).toBe(2);
  });
});

describe("ethics-policy check", () => {
  it("prints the decision as JSON and exits 0 when flagged", async () => {
    const r = await run(
      "check",
      "--policy",
      policy("entropic.yml"),
      "--evidence",
      evidence("flagged-author.json"),
      "--now",
      "2026-11-30",
    );
    expect(r.code).toBe(0);
    const decision = JSON.parse(r.stdout);
    expect(decision).toMatchObject({
      flagged: true,
      exempt: false,
      author: "alice",
      organizations: ["Palantir Technologies"],
    });
    const signals = decision.matches.map(
      (m: { signal: string; subject: string; value: string }) => `${m.signal} ${m.subject} ${m.value}`,
    );
    expect(signals).toEqual(
      expect.arrayContaining([
        "profile_company alice @palantir",
        "organizations alice palantir",
        "commit_email alice alice@palantir.com",
      ]),
    );
    for (const m of decision.matches)
      expect(Object.keys(m)).toEqual(expect.arrayContaining(["organization", "signal", "subject", "value"]));
  });

  it("exits 0 with flagged false for a clear contributor", async () => {
    const r = await run("check", "--policy", policy("entropic.yml"), "--evidence", evidence("clear.json"));
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ flagged: false, exempt: false, matches: [] });
  });

  it("prints the comment the app would post with --format comment", async () => {
    const r = await run(
      "check",
      "--policy",
      policy("entropic.yml"),
      "--evidence",
      evidence("flagged-author.json"),
      "--format",
      "comment",
      "--repo",
      "octo/site",
    );
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("<!-- ethics-policy:comment -->");
    expect(r.stdout).toContain("Palantir Technologies");
    expect(r.stdout).toContain("https://github.com/octo/site/blob/main/ETHICS.md");
  });

  it("exits 1 for an invalid policy, 2 for bad evidence or usage", async () => {
    const invalid = await run("check", "--policy", policy("misspelt.yml"), "--evidence", evidence("clear.json"));
    expect(invalid.code).toBe(1);
    expect(invalid.stderr).toMatch(/misspelt\.yml:2:1: /);

    const notJson = await run("check", "--policy", policy("entropic.yml"), "--evidence", tmpFile("bad.json", "{nope"));
    expect(notJson.code).toBe(2);
    expect(notJson.stderr).toContain("is not JSON");

    const wrongShape = await run(
      "check",
      "--policy",
      policy("entropic.yml"),
      "--evidence",
      tmpFile("shape.json", '{"author": {"company": 3}}'),
    );
    expect(wrongShape.code).toBe(2);
    expect(wrongShape.stderr).toContain("$.author.login");

    const misspelt = await run(
      "check",
      "--policy",
      policy("entropic.yml"),
      "--evidence",
      tmpFile("misspelt.json", '{"author": {"login": "ada", "compnay": "Palantir"}, "commit": []}'),
    );
    expect(misspelt.code).toBe(2);
    expect(misspelt.stdout).toBe("");
    expect(misspelt.stderr).toContain('$.author.compnay: unknown key (did you mean "company"?)');
    expect(misspelt.stderr).toContain('$.commit: unknown key (did you mean "commits"?)');

    expect((await run("check", "--policy", policy("entropic.yml"))).code).toBe(2);
    expect(
      (await run("check", "--policy", policy("entropic.yml"), "--evidence", evidence("clear.json"), "--format", "xml"))
        .code,
    ).toBe(2);
    expect(
      (await run("check", "--policy", policy("entropic.yml"), "--evidence", evidence("clear.json"), "--now", "someday"))
        .code,
    ).toBe(2);
  });
});
