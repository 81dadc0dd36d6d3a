// The GitHub App server as `npm start` and the Docker image start it (`node lib/entry/server.js`):
// Probot's `run` with the app and the redacting logger, after checking that there are credentials to run with. Without APP_ID and
// a private key, Probot either serves its setup page — which registers an app from app.yml and
// writes the credentials to .env in the working directory — or, with NODE_ENV=production, throws
// with a stack trace. This says instead, in a few plain lines, how to pass the credentials or run
// the setup page, and exits 78 (EX_CONFIG). Any other failure to start is one line, no stack.
import { existsSync, lstatSync, readFileSync, readlinkSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { parseEnv } from "node:util";
import type { ApplicationFunction } from "probot";

export const EXIT_CONFIG = 78;

export interface ServerStart {
  env: NodeJS.ProcessEnv;
  /** The .env that Probot reads (and its setup page writes): `.env` in the working directory. */
  dotenvPath: string;
  stderr: (text: string) => void;
  run: (app: ApplicationFunction) => Promise<unknown>;
  loadApp: () => Promise<ApplicationFunction>;
}

/** The credentials Probot needs that neither the environment nor the .env file gives. */
export function missingCredentials(env: NodeJS.ProcessEnv): string[] {
  const missing: string[] = [];
  if (!env.APP_ID) missing.push("APP_ID");
  if (!env.PRIVATE_KEY && !env.PRIVATE_KEY_PATH) missing.push("PRIVATE_KEY (or PRIVATE_KEY_PATH)");
  if (!env.WEBHOOK_SECRET) missing.push("WEBHOOK_SECRET");
  return missing;
}

export function credentialsHelp(missing: string[], dotenvPath: string): string {
  return [
    `ethics-policy: cannot start the GitHub App: ${missing.join(", ")} not set.`,
    "",
    "Pass the app's credentials in the environment, for example:",
    "  docker run --init -p 3000:3000 -e APP_ID -e PRIVATE_KEY -e WEBHOOK_SECRET ethics-policy",
    "  (or -v /secure/key.pem:/run/secrets/key.pem:ro -e PRIVATE_KEY_PATH=/run/secrets/key.pem)",
    "",
    "No app registered yet? Run the setup page once, with NODE_ENV=development and a volume for",
    `the credentials it writes (${whereDotenvIs(dotenvPath)}):`,
    "  docker run --init -p 3000:3000 -e NODE_ENV=development -v ethics-policy-data:/data ethics-policy",
    "then open http://localhost:3000, register the app, and start the image again with the same",
    "volume (and NODE_ENV=production). See docs/deployment.md#docker.",
    "",
  ].join("\n");
}

/** Starts the server; resolves to an exit code when it does not start, or null when it runs. */
export async function startServer(start: ServerStart): Promise<number | null> {
  const fromFile = readDotenv(start.dotenvPath);
  const env = { ...start.env, ...fromFile };
  const missing = missingCredentials(env);
  // Only in production: elsewhere Probot's setup page is what a missing app id asks for.
  if (env.NODE_ENV === "production" && missing.length > 0) {
    start.stderr(credentialsHelp(missing, start.dotenvPath));
    return EXIT_CONFIG;
  }
  try {
    await start.run(await start.loadApp());
    return null;
  } catch (error) {
    start.stderr(
      `ethics-policy: the GitHub App did not start: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    return 1;
  }
}

/** The .env path, and where it leads when it is a link (the image links /app/.env to /data/.env). */
function whereDotenvIs(path: string): string {
  try {
    return lstatSync(path).isSymbolicLink() ? `${path}, a link to ${readlinkSync(path)}` : path;
  } catch {
    return path;
  }
}

function readDotenv(path: string): Record<string, string> {
  if (!existsSync(path)) return {};
  try {
    return parseEnv(readFileSync(path, "utf8")) as Record<string, string>;
  } catch {
    return {};
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const code = await startServer({
    env: process.env,
    dotenvPath: `${process.cwd()}/.env`,
    stderr: (text) => process.stderr.write(text),
    // The redacting logger (observability/redact.ts), so Probot's webhook middleware, its request
    // lines and Octokit's logs are redacted like the app's own.
    run: async (app) => {
      const [{ run }, { createRedactedLogger }] = await Promise.all([
        import("probot"),
        import("../observability/redact.js"),
      ]);
      return run(app, { log: createRedactedLogger({ level: process.env.LOG_LEVEL ?? "info" }) });
    },
    loadApp: async () => (await import("../index.js")).default,
  });
  if (code !== null) process.exitCode = code;
}
