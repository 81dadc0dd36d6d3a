// The worker thread that parses large policies, so a hostile 256 KiB file never holds up the
// event loop (webhooks, /health) while it is read. No I/O: text in, ParseResult out.
import { parentPort } from "node:worker_threads";
import { parsePolicySources, type PolicySource } from "./parse.js";

parentPort?.on("message", (message: { id: number; sources: PolicySource[] }) => {
  parentPort?.postMessage({ id: message.id, result: parsePolicySources(message.sources) });
});
