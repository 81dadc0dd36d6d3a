import { describe, expect, it } from "@jest/globals";
import { checkExternalId, pullNumberOfExternalId } from "../../src/reconcile/check-external-id.js";

describe("the check run's external_id", () => {
  it.each([1, 42, 2_147_483_648, 9_999_999_999])("round-trips pull request %i", (n) => {
    expect(pullNumberOfExternalId(checkExternalId(n))).toBe(n);
  });

  it.each([
    null,
    undefined,
    "",
    "42",
    "ethics-policy:pull:",
    "ethics-policy:pull:0",
    "ethics-policy:pull:01",
    "ethics-policy:pull:4x",
    "ethics-policy:pull:-1",
    "other:pull:4",
    "ethics-policy:pull:12345678901",
  ])("reads nothing from %p", (value) => {
    expect(pullNumberOfExternalId(value)).toBeNull();
  });
});
