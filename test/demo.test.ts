// `npm run demo`, in-process: the stand-in, the real server, signed webhooks, and the demo's own
// expectations for each sample pull request.
import { describe, expect, it } from "@jest/globals";
import { main, runDemo } from "../src/demo/main.js";
import { PULL_REQUESTS } from "../src/demo/scenario.js";

describe("the offline demo", () => {
  it("flags the three affiliated pull requests, clears the others, and says so", async () => {
    const lines: string[] = [];

    const result = await runDemo({ write: (line) => lines.push(line) });

    expect(result.problems).toEqual([]);
    expect(result.pullRequests.map((p) => ({ number: p.number, problems: p.problems }))).toEqual(
      PULL_REQUESTS.map((p) => ({ number: p.number, problems: [] })),
    );
    expect(result.ok).toBe(true);
    const byNumber = new Map(result.pullRequests.map((p) => [p.number, p]));
    // 1: profile company; 2: commit email; 3: co-author; 4: clean; 5: a bot.
    expect([1, 2, 3].map((n) => byNumber.get(n)?.labels)).toEqual([
      ["ethics-review"],
      ["ethics-review"],
      ["ethics-review"],
    ]);
    expect([1, 2, 3].map((n) => byNumber.get(n)?.check?.conclusion)).toEqual(["neutral", "neutral", "neutral"]);
    expect([4, 5].map((n) => byNumber.get(n)?.labels)).toEqual([[], []]);
    expect([4, 5].map((n) => byNumber.get(n)?.check?.conclusion)).toEqual(["success", "success"]);
    expect(byNumber.get(5)?.decision).toEqual(expect.objectContaining({ flagged: false, exempt: true }));
    expect(result.decisions).toEqual({ flagged: 3, clear: 1, exempt: 1 });

    const text = lines.join("\n");
    expect(text).toContain("Flagged for maintainer review: Palantir Technologies");
    expect(text).toContain("Flagged for maintainer review: Argus Surveillance Systems");
    expect(text).toContain("| commit email | sam-r | sam@palantir.com | palantir.com |");
    expect(text).not.toContain("<!--");
    expect(text).toContain("✓ every pull request was handled as expected");
  });

  it("fails, and says why, when the app does not do what a pull request's expectation says", async () => {
    const lines: string[] = [];
    const wrong = PULL_REQUESTS.map((p) =>
      p.number === 4 ? { ...p, expect: { ...p.expect, flagged: true, labels: ["ethics-review"] } } : p,
    );

    const result = await runDemo({ write: (line) => lines.push(line), pullRequests: wrong });

    expect(result.ok).toBe(false);
    expect(result.pullRequests.find((p) => p.number === 4)?.problems).toEqual([
      "the app decided flagged=false, expected true",
      "labels are [], expected [ethics-review]",
    ]);
    expect(lines).toContain("   ✗ the app did not do what the demo expected (see ✗ above)");
  });

  it("as a command, exits 0 when every expectation holds and 1 when one does not", async () => {
    const quiet = () => {};
    expect(await main({ write: quiet })).toBe(0);
    const wrong = PULL_REQUESTS.map((p) =>
      p.number === 1 ? { ...p, expect: { ...p.expect, conclusion: "action_required" as const } } : p,
    );
    expect(await main({ write: quiet, pullRequests: wrong })).toBe(1);
  });
});
