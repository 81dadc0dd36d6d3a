// What pacing a real installation's policy push meets that the benchmark's run does not, computed
// from the requests the run made (not measured: at these rates 1,000 pull requests take hours).
// - Probot's Octokit (@octokit/plugin-throttling) spaces each installation's writes AND GraphQL
//   requests (queries too) at least 1 s apart — GitHub's advice for many mutating requests — and
//   shares that limiter through Redis across every process, so one installation's work is serial
//   however many workers run. The benchmark's workers run without it (bench/queue-worker.ts).
// - GitHub's documented secondary limit on content creation: no more than 80 content-generating
//   requests a minute and 500 an hour. The stand-in's copy of it is off in these sections.
// Other installations are paced separately: workers scale across installations, not within one.

/** Probot's write limiter: one request a second per installation (plugin-throttling's minTime). */
export const PROBOT_WRITE_SPACING_S = 1;
/** docs.github.com, "About secondary rate limits": content-generating requests. */
export const GITHUB_CONTENT_PER_MINUTE = 80;
export const GITHUB_CONTENT_PER_HOUR = 500;

export interface PacingFloor {
  /** Requests per pull request that go through Probot's write limiter (GraphQL and REST writes). */
  paced_requests_per_pr: number;
  /** paced requests × 1 s: the least time one installation's push takes with Probot's pacing. */
  probot_pacing_floor_minutes: number;
  content_creating_requests: number;
  /** content-creating requests ÷ 80 a minute. */
  github_per_minute_floor_minutes: number;
  /** Whole hours before the last content-creating request may go: beyond the first 500, each further 500 wait for the next hour. */
  github_per_hour_floor_hours: number;
}

/** From the run's requests by kind ("METHOD path [operation]"), the floors for `pulls` pull requests. */
export function pacingFloor(byKind: Record<string, number>, pulls: number, contentCreating: number): PacingFloor {
  let paced = 0;
  for (const [kind, count] of Object.entries(byKind)) {
    const [method = "", path = ""] = kind.split(" ");
    const isAuth = /^\/app\/installations\/[^/]+\/access_tokens/.test(path);
    if (path.startsWith("/graphql") || (!isAuth && method !== "GET" && method !== "HEAD")) paced += count;
  }
  const round = (x: number) => Math.round(x * 100) / 100;
  return {
    paced_requests_per_pr: round(paced / pulls),
    probot_pacing_floor_minutes: round((paced * PROBOT_WRITE_SPACING_S) / 60),
    content_creating_requests: contentCreating,
    github_per_minute_floor_minutes: round(contentCreating / GITHUB_CONTENT_PER_MINUTE),
    github_per_hour_floor_hours: round(Math.max(0, Math.ceil(contentCreating / GITHUB_CONTENT_PER_HOUR) - 1)),
  };
}
