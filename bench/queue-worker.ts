// The worker process the benchmark starts: `npm run worker` (src/worker-process.ts) with one
// difference, Probot's write pacing off (loopbackOctokit). In production Probot spaces an
// installation's writes and GraphQL requests a second apart across every process sharing Redis;
// the benchmark measures the app's own cost and reports that pacing beside it (bench/cluster.ts).
import { loopbackOctokit } from "../src/standin/loopback.js";
import { runWorkerProcess } from "../src/worker-process.js";

await runWorkerProcess({ Octokit: loopbackOctokit() });
