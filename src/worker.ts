// Entry point for `npm run worker`: a process that runs jobs from the Redis queue and serves no
// webhooks, for installs larger than one process can keep up with (see src/worker-process.ts).
import { runWorkerProcess } from "./worker-process.js";

await runWorkerProcess();
