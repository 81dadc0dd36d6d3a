import { describe, expect, it } from "@jest/globals";
import {
  APPROVE_ACTION,
  CHECK_ACTION_LIMITS,
  checkAction,
  checkActionProblems,
} from "../../src/render/check-actions.js";

const ok = { label: "Approve", description: "d", identifier: "approve" };

describe("check run actions against GitHub's limits", () => {
  it("the Approve button fits", () => {
    expect(checkActionProblems([APPROVE_ACTION])).toEqual([]);
    expect(APPROVE_ACTION.description.length).toBeLessThanOrEqual(40);
  });

  it.each([
    ["label", 20],
    ["description", 40],
    ["identifier", 20],
  ] as const)("%s: %i characters pass, one more fails, empty fails", (field, max) => {
    expect(CHECK_ACTION_LIMITS[field]).toBe(max);
    expect(checkActionProblems([{ ...ok, [field]: "x".repeat(max) }])).toEqual([]);
    expect(checkActionProblems([{ ...ok, [field]: "x".repeat(max + 1) }])).toEqual([
      expect.stringContaining(`${field} of`),
    ]);
    expect(checkActionProblems([{ ...ok, [field]: "" }])).toHaveLength(1);
    expect(() => checkAction({ ...ok, [field]: "x".repeat(max + 1) })).toThrow(/GitHub allows 1 to/);
  });

  it("counts characters, not UTF-16 units", () => {
    expect(checkActionProblems([{ ...ok, label: "👍".repeat(20) }])).toEqual([]);
  });

  it("at most three actions", () => {
    expect(checkActionProblems([ok, ok, ok])).toEqual([]);
    expect(checkActionProblems([ok, ok, ok, ok])).toEqual(["4 actions; GitHub allows 3"]);
  });
});
