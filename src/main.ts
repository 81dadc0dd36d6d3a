// `npm start` and the Docker image: Probot's server (`probot run`, reading the same environment:
// APP_ID, PRIVATE_KEY, WEBHOOK_SECRET, PORT, HOST, LOG_LEVEL, …) with one difference: its logger
// is the redacting one (observability/redact.ts), so Probot's webhook middleware, its HTTP
// request lines and Octokit's logs go through the same redaction as the app's own.
import { run } from "probot";
import app from "./index.js";
import { createRedactedLogger } from "./observability/redact.js";

await run(app, { log: createRedactedLogger({ level: process.env.LOG_LEVEL ?? "info" }) });
