// `validate`: _extends followed into the checkout where it can be, bases it cannot read said so
// plainly (not "missing required key"), lint warnings that never fail it, errors that still do.
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "@jest/globals";
import { nodeIo, runCli, type Io } from "../src/cli.js";

/** A checkout with files at repository paths; returns its root. */
function checkout(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), "ethics-validate-"));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(root, path, ".."), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

async function run(...argv: string[]) {
  let stdout = "";
  let stderr = "";
  const io: Io = { ...nodeIo, stdout: (s) => void (stdout += s), stderr: (s) => void (stderr += s) };
  const code = await runCli(argv, io);
  return { code, stdout, stderr };
}

const ORG = "version: 1\norganizations:\n  - name: Palantir Technologies\n    aliases: [Palantir]\n";

describe("validate and _extends", () => {
  it("says plainly that an organization base cannot be checked offline, instead of reporting missing keys", async () => {
    const root = checkout({ ".github/ethics-policy.yml": "_extends: .github\nactions:\n  label: false\n" });
    const r = await run("validate", join(root, ".github/ethics-policy.yml"));
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('_extends ".github"');
    expect(r.stdout).toContain("cannot be checked offline");
    expect(r.stdout).not.toMatch(/missing required key/);
    expect(r.stdout).toContain("0 organizations here; the bases above were not checked");
  });

  it("still reports the file's own problems when its base cannot be read", async () => {
    const root = checkout({ ".github/ethics-policy.yml": "_extends: octo/.github\nactoins: {}\n" });
    const r = await run("validate", join(root, ".github/ethics-policy.yml"));
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/ethics-policy\.yml:2:1: .*did you mean "actions"/);
  });

  it("follows _extends into this checkout with --repo, and reports problems where they are", async () => {
    const valid = checkout({
      ".github/ethics-policy.yml": "_extends: octo/site:policies/base.yml\nactions:\n  label: false\n",
      "policies/base.yml": ORG,
    });
    const ok = await run("validate", join(valid, ".github/ethics-policy.yml"), "--repo", "octo/site");
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain("valid (1 organization)");
    expect(ok.stdout).not.toContain("offline");

    const broken = checkout({
      ".github/ethics-policy.yml": "_extends: octo/site:policies/base.yml\n",
      "policies/base.yml": "version: 1\norganisations: []\n",
    });
    const bad = await run("validate", join(broken, ".github/ethics-policy.yml"), "--repo", "octo/site");
    expect(bad.code).toBe(1);
    expect(bad.stdout).toMatch(/policies\/base\.yml:2:1: .*organisations/);
  });

  it("exits 2 when a base in this checkout is missing, and on a malformed --repo", async () => {
    const root = checkout({ ".github/ethics-policy.yml": "_extends: octo/site:nope.yml\n" });
    expect((await run("validate", join(root, ".github/ethics-policy.yml"), "--repo", "octo/site")).code).toBe(2);
    expect((await run("validate", join(root, ".github/ethics-policy.yml"), "--repo", "nope")).code).toBe(2);
  });
});

describe("validate and lint warnings", () => {
  const footguns = `version: 1
organizations:
  - name: Palantir Technologies
    aliases: [Inc, AI, Labs]
    github_orgs: ["@palantir"]
    email_domains: ["*.com", gmail.com, "*.*"]
`;

  it("prints warnings with positions and still exits 0", async () => {
    const root = checkout({ "p.yml": footguns });
    const r = await run("validate", join(root, "p.yml"));
    expect(r.code).toBe(0);
    const warnings = r.stdout.split("\n").filter((l) => l.includes(": warning: "));
    expect(warnings).toHaveLength(7);
    expect(r.stdout).toMatch(/p\.yml:4:15: warning: aliases: "Inc" is a common word/);
    expect(r.stdout).toMatch(/p\.yml:5:19: warning: github_orgs: write "palantir", not "@palantir"/);
    expect(r.stdout).toMatch(/p\.yml:6:\d+: warning: email_domains: "gmail\.com" is a public mail provider/);
    expect(r.stdout).toContain("7 warnings");
  });

  it("errors still fail: an invalid policy exits 1 whatever the warnings", async () => {
    const root = checkout({ "p.yml": `${footguns}    reasn: x\n` });
    expect((await run("validate", join(root, "p.yml"))).code).toBe(1);
  });
});
