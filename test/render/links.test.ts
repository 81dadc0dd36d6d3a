import { describe, expect, it } from "@jest/globals";
import { blobUrl, policyFileUrl, policyUrl } from "../../src/render/links.js";

const ghes = { owner: "o", repo: "r", defaultBranch: "main", webUrl: "https://ghes.example.test/o/r" };

describe("links start from the web address the API gave", () => {
  it.each([
    [blobUrl(ghes, "ETHICS.md"), "https://ghes.example.test/o/r/blob/main/ETHICS.md"],
    [
      blobUrl({ ...ghes, webUrl: "https://ghes.example.test/o/r/" }, "a/b.md"),
      "https://ghes.example.test/o/r/blob/main/a/b.md",
    ],
    [
      policyFileUrl(ghes, "o/.github:.github/ethics-policy.yml"),
      "https://ghes.example.test/o/.github/blob/HEAD/.github/ethics-policy.yml",
    ],
    [policyUrl(ghes, "docs/ethics.md"), "https://ghes.example.test/o/r/blob/main/docs/ethics.md"],
    [policyUrl(ghes, "https://example.org/ethics"), "https://example.org/ethics"],
  ])("%s", (got, want) => {
    expect(got).toBe(want);
  });

  it("falls back to github.com only when no address is known (the offline CLI)", () => {
    const { webUrl: _unused, ...offline } = ghes;
    expect(blobUrl(offline, "ETHICS.md")).toBe("https://github.com/o/r/blob/main/ETHICS.md");
    expect(policyFileUrl(offline, "x/y:p.yml")).toBe("https://github.com/x/y/blob/HEAD/p.yml");
  });

  it("never links to a server over plain http", () => {
    expect(blobUrl({ ...ghes, webUrl: "http://ghes.example.test/o/r" }, "ETHICS.md")).toBeNull();
  });
});
