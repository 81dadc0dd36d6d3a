// Naming shared by the job queue (src/queue) and reviews: which pull request a lock is about.

/** The lock key for one pull request: owner/repo#number, case-insensitive as GitHub names are. */
export function pullRequestKey(owner: string, repo: string, number: number): string {
  return `${owner}/${repo}#${number}`.toLowerCase();
}
