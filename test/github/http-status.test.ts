import { describe, expect, test } from "@jest/globals";
import { RequestError } from "@octokit/request-error";
import { httpStatusOf } from "../../src/github/http-status.js";

const requestError = (status: number) =>
  new RequestError(`answered ${status}`, status, { request: { method: "GET", url: "https://x/y", headers: {} } });

describe("httpStatusOf", () => {
  test.each<[string, unknown, number | undefined]>([
    ["Octokit's RequestError", requestError(404), 404],
    ["an object with a numeric status", { status: 422 }, 422],
    ["a handler error wrapped by @octokit/webhooks", new AggregateError([requestError(403)]), 403],
    ["an AggregateError of errors without status", new AggregateError([new Error("x")]), undefined],
    ["a status that is not a number", { status: "404" }, undefined],
    ["a fractional status", { status: 404.5 }, undefined],
    ["a plain Error", new Error("boom"), undefined],
    ["null", null, undefined],
    ["a string", "404", undefined],
    ["an empty errors list", { errors: [] }, undefined],
  ])("%s", (_name, error, status) => {
    expect(httpStatusOf(error)).toBe(status);
  });
});
