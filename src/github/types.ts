// What one read of GitHub yields for a pull request: the policy files, the evidence, and the
// app's own current state on the PR, so reconcile can write only the difference.
import type { Evidence } from "../evidence/types.js";

export interface PolicyFile {
  /** "owner/repo" */
  repo: string;
  path: string;
  /** Blob SHA: the cache key for the compiled policy. */
  sha: string;
  /** The file's text; "" when it is binary or too large (see below), so the caller can report it. */
  text: string;
  /** Over 256 KiB, or cut short by GitHub: not read. */
  tooLarge?: boolean;
  /** Not text: not read. */
  binary?: boolean;
}

export interface AppComment {
  id: number;
  nodeId: string;
  body: string;
  /** GitHub's times: created, and last edited (null if never). Absent when the read did not ask. */
  createdAt?: string;
  lastEditedAt?: string | null;
  /** Login of whoever edited it last ("[bot]" suffix removed), or null if never edited. */
  editor?: string | null;
}

export interface AppCheckRun {
  id: number;
  /** GraphQL node id (updateCheckRun's checkRunId), when the read asked for it. */
  nodeId?: string;
  headSha: string;
  status: string;
  conclusion: string | null;
  title: string | null;
  summary: string | null;
}

export interface CurrentState {
  /** Label names on the pull request. */
  labels: string[];
  /** The app's own comment carrying the marker (oldest first if several; see state/trust.ts for which counts). */
  comment: AppComment | null;
  /** Further app comments with the marker: leftovers of an earlier race, to delete. */
  extraComments: AppComment[];
  /** The app's latest "Ethics policy" check run on the head SHA. */
  checkRun: AppCheckRun | null;
}

/** GraphQL node ids the batched write needs, read in the same query as everything else. */
export interface NodeIds {
  /** The repository (createCheckRun/updateCheckRun's repositoryId). */
  repository: string | null;
  /** The pull request (addComment's subjectId, the labels' labelableId). */
  pullRequest: string | null;
  /** Labels whose ids are known: those on the pull request and the repository's label of the asked-for name. */
  labels: { name: string; id: string }[];
}

export interface PullRequestRef {
  owner: string;
  repo: string;
  number: number;
}

export interface Snapshot extends PullRequestRef {
  headSha: string;
  defaultBranch: string;
  state: "open" | "closed" | "merged";
  draft: boolean;
  /** Where the policy came from: the repo's own file, else the owner's `.github` repo; null if none. */
  policyFile: PolicyFile | null;
  /** The owner's `.github` repository policy file, read in the same query (for org-wide rules). */
  ownerPolicyFile?: PolicyFile | null;
  evidence: Evidence;
  current: CurrentState;
  /** Node ids for GraphQL writes; absent when the read did not provide them. */
  ids?: NodeIds;
  /** Paths the pull request changes (the first 100); `complete` is false when there are more. */
  changedFiles?: { paths: string[]; complete: boolean };
}
