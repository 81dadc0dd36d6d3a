// A container's health check asks /health every few seconds: through the real Probot server, its
// answers write no request log line, while other requests keep theirs.
import { describe, expect, it } from "@jest/globals";
import { useStandinAndApp, type RunningApp } from "../helpers/e2e.js";

let app: RunningApp;
useStandinAndApp((_standin, a) => {
  app = a;
});

const requestLines = (path: string) =>
  app.logs.filter((line) => typeof line.msg === "string" && line.msg.includes(` ${path} `));

describe("the request log", () => {
  it("has no line for GET or HEAD /health, and still one for /metrics and for a 404", async () => {
    for (let i = 0; i < 3; i++) expect((await fetch(`${app.url}/health`)).status).toBe(200);
    expect((await fetch(`${app.url}/health?probe=1`, { method: "HEAD" })).status).toBe(200);
    await (await fetch(`${app.url}/metrics`)).text();
    const missing = await fetch(`${app.url}/nowhere`);
    await missing.text();
    expect(missing.status).toBe(404);
    // pino-http writes a response's line when the response finishes; by the time the last answer
    // has been read, the lines of the earlier requests are in.
    expect(requestLines("/metrics")).toHaveLength(1);
    expect(requestLines("/nowhere")).toHaveLength(1);
    expect(requestLines("/health")).toEqual([]);
    expect(requestLines("/health?probe=1")).toEqual([]);
  });
});
