// The release notes of one version: its section of CHANGELOG.md (Keep a Changelog), without the
// heading. The release workflow writes them to the GitHub release; `node
// scripts/release-notes.mjs v0.1.0` prints them, or fails when the version has no section or an
// empty one (so a release cannot go out without notes).
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

const escape = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** The body of the `## [VERSION]` or `## VERSION` section (a leading `v` is ignored), or null. */
export function releaseNotes(changelog, version) {
  const wanted = version.replace(/^v/, "");
  const heading = new RegExp(`^## \\[?v?${escape(wanted)}\\]?(?=\\s|$)`);
  const lines = changelog.replace(/\r\n/g, "\n").split("\n");
  const start = lines.findIndex((line) => heading.test(line));
  if (start === -1) return null;
  const rest = lines.slice(start + 1);
  const end = rest.findIndex((line) => /^## /.test(line));
  const body = (end === -1 ? rest : rest.slice(0, end)).join("\n").trim();
  return body === "" ? null : `${body}\n`;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const [version, path = "CHANGELOG.md"] = process.argv.slice(2);
  if (!version) {
    console.error("usage: node scripts/release-notes.mjs VERSION [CHANGELOG.md]");
    process.exit(2);
  }
  const notes = releaseNotes(readFileSync(path, "utf8"), version);
  if (notes === null) {
    console.error(
      `${path} has no section for ${version}, or an empty one: add "## [${version.replace(/^v/, "")}] - DATE"`,
    );
    process.exit(1);
  }
  process.stdout.write(notes);
}
