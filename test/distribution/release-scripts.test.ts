// The release's small scripts: the notes taken from CHANGELOG.md, and the dist/ staleness check.
import { describe, expect, it } from "@jest/globals";
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { compareDirs } from "../../scripts/compare-dirs.mjs";
import { releaseNotes } from "../../scripts/release-notes.mjs";

const ROOT = resolve(import.meta.dirname, "../..");
const CHANGELOG = `# Changelog

Intro.

## [Unreleased]

## [1.2.0] - 2027-01-05

### Added

- A thing.
- ## not a heading inside a list item? (it is a line starting with "- ")

## 1.10.0

### Fixed

- Ten.

## [1.1.0] - 2026-12-20

## 1.0.0 - 2026-12-10

- First.
`;

describe("releaseNotes", () => {
  it("takes one version's section, without its heading, up to the next version", () => {
    expect(releaseNotes(CHANGELOG, "1.2.0")).toBe(
      '### Added\n\n- A thing.\n- ## not a heading inside a list item? (it is a line starting with "- ")\n',
    );
    expect(releaseNotes(CHANGELOG, "v1.0.0")).toBe("- First.\n");
  });

  it("matches the whole version (1.1.0 is not 1.10.0), with or without brackets", () => {
    expect(releaseNotes(CHANGELOG, "1.10.0")).toBe("### Fixed\n\n- Ten.\n");
    expect(releaseNotes(CHANGELOG, "1.1")).toBeNull();
  });

  it("gives null for a version with no section or an empty one", () => {
    expect(releaseNotes(CHANGELOG, "2.0.0")).toBeNull();
    expect(releaseNotes(CHANGELOG, "1.1.0")).toBeNull();
    expect(releaseNotes(CHANGELOG, "Unreleased")).toBeNull();
  });

  it("finds this repository's version in CHANGELOG.md, dated (the release workflow needs it)", () => {
    const { version } = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { version: string };
    const changelog = readFileSync(join(ROOT, "CHANGELOG.md"), "utf8");
    expect(changelog).toMatch(new RegExp(`^## \\[${version.replace(/\./g, "\\.")}\\] - \\d{4}-\\d{2}-\\d{2}$`, "m"));
    expect(releaseNotes(changelog, `v${version}`)).toMatch(/\S/);
    const printed = execFileSync(process.execPath, ["scripts/release-notes.mjs", `v${version}`], {
      cwd: ROOT,
      encoding: "utf8",
    });
    expect(printed).toBe(releaseNotes(changelog, version));
  });
});

describe("compareDirs (npm run check:dist)", () => {
  function tree(files: Record<string, string>): string {
    const dir = mkdtempSync(join(tmpdir(), "ethics-policy-compare-"));
    for (const [name, text] of Object.entries(files)) {
      mkdirSync(join(dir, name, ".."), { recursive: true });
      writeFileSync(join(dir, name), text);
    }
    return dir;
  }

  it("finds nothing between equal trees, and every file that is missing, extra or one byte off", () => {
    const fresh = { "index.js": "a();\n", "licenses.txt": "MIT\n", "chunks/x.js": "x" };
    expect(compareDirs(tree(fresh), tree(fresh))).toEqual([]);
    expect(
      compareDirs(tree(fresh), tree({ "index.js": "a();\r\n", "chunks/x.js": "x", "old.js": "" })).sort((a, b) =>
        a.file.localeCompare(b.file),
      ),
    ).toEqual([
      { file: "index.js", problem: "different" },
      { file: "licenses.txt", problem: "missing" },
      { file: "old.js", problem: "unexpected" },
    ]);
  });
});
