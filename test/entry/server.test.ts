// The Docker image's start command: with no credentials in production it explains how to pass
// them, in plain lines and without a stack trace; with them (from the environment or from the
// .env the setup page writes) it hands the app to Probot's run.
import { describe, expect, it } from "@jest/globals";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { ApplicationFunction } from "probot";
import { EXIT_CONFIG, startServer, type ServerStart } from "../../src/entry/server.js";

const dir = mkdtempSync(join(tmpdir(), "ethics-policy-server-"));
const app: ApplicationFunction = () => undefined;

function attempt(env: NodeJS.ProcessEnv, overrides: Partial<ServerStart> = {}) {
  let stderr = "";
  const ran: ApplicationFunction[] = [];
  const start: ServerStart = {
    env,
    dotenvPath: join(dir, "absent.env"),
    stderr: (text) => void (stderr += text),
    run: (fn) => {
      ran.push(fn);
      return Promise.resolve();
    },
    loadApp: () => Promise.resolve(app),
    ...overrides,
  };
  return startServer(start).then((code) => ({ code, stderr, ran }));
}

describe("startServer", () => {
  it("in production without credentials: says which are missing and how to pass them, exit 78, no stack", async () => {
    const r = await attempt({ NODE_ENV: "production", APP_ID: "12" });
    expect(r.code).toBe(EXIT_CONFIG);
    expect(r.ran).toEqual([]);
    expect(r.stderr).toMatch(
      /^ethics-policy: cannot start the GitHub App: PRIVATE_KEY \(or PRIVATE_KEY_PATH\), WEBHOOK_SECRET not set\./,
    );
    expect(r.stderr).toContain("-e APP_ID -e PRIVATE_KEY -e WEBHOOK_SECRET");
    expect(r.stderr).toContain("-e NODE_ENV=development -v ethics-policy-data:/data");
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it("with the credentials in the environment, or in the .env the setup page wrote, runs the app", async () => {
    const fromEnv = await attempt({
      NODE_ENV: "production",
      APP_ID: "1",
      PRIVATE_KEY_PATH: "/k.pem",
      WEBHOOK_SECRET: "s",
    });
    expect({ code: fromEnv.code, ran: fromEnv.ran, stderr: fromEnv.stderr }).toEqual({
      code: null,
      ran: [app],
      stderr: "",
    });

    const dotenvPath = join(dir, "written-by-setup.env");
    writeFileSync(
      dotenvPath,
      'APP_ID=7\nPRIVATE_KEY="-----BEGIN RSA PRIVATE KEY-----\\nx\\n-----END RSA PRIVATE KEY-----"\nWEBHOOK_SECRET=w\n',
    );
    const fromFile = await attempt({ NODE_ENV: "production" }, { dotenvPath });
    expect({ code: fromFile.code, ran: fromFile.ran }).toEqual({ code: null, ran: [app] });
  });

  it("outside production without credentials, leaves it to Probot's setup page", async () => {
    const r = await attempt({ NODE_ENV: "development" });
    expect({ code: r.code, ran: r.ran, stderr: r.stderr }).toEqual({ code: null, ran: [app], stderr: "" });
  });

  it("when Probot fails to start, one line with its reason, exit 1", async () => {
    const r = await attempt(
      { APP_ID: "1", PRIVATE_KEY: "not a key", WEBHOOK_SECRET: "s" },
      {
        run: () =>
          Promise.reject(
            new Error(
              "Your private key (a .pem file or PRIVATE_KEY environment variable) or PRIVATE_KEY_PATH is not correct.",
            ),
          ),
      },
    );
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      "ethics-policy: the GitHub App did not start: Your private key (a .pem file or PRIVATE_KEY environment variable) or PRIVATE_KEY_PATH is not correct.\n",
    );
  });
});
