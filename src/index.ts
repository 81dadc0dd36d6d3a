// Entry point for `probot run` (npm start): the app with production defaults.
import { createApp } from "./app.js";
import { createMetrics } from "./observability/index.js";

// The process guard logs an unhandled promise rejection rather than letting Node exit on it.
// /metrics also reports this process's CPU, memory and event loop (prefixed ethics_policy_).
export default createApp({ guardProcess: true, metrics: createMetrics({ processMetrics: true }) });
