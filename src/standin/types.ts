// The state a GitHub stand-in holds, and what its seed helpers take. Field names follow the app's
// own vocabulary (and GitHub's REST spelling for enums: "open", "completed", "neutral").

export interface StandinFile {
  text: string;
  /** The git blob id of `text`, as GitHub reports it (sha1 of "blob <size>\0<text>"). */
  oid: string;
}

export interface StandinLabel {
  name: string;
  color: string;
  description: string | null;
}

/** Repository roles, least to most. `permission` in REST is derived from these. */
export type StandinRole = "read" | "triage" | "write" | "maintain" | "admin";

export interface StandinRepo {
  owner: string;
  name: string;
  defaultBranch: string;
  /** Files on the default branch, by path without a leading slash. */
  files: Map<string, StandinFile>;
  /** Earlier commits of the default branch, by sha: the files as they were then. */
  history: Map<string, Map<string, StandinFile>>;
  labels: StandinLabel[];
  /** Repository roles by login (compared case-insensitively). */
  roles: Map<string, StandinRole>;
  archived: boolean;
}

export interface StandinUser {
  login: string;
  type: "User" | "Bot" | "Organization";
  company: string | null;
  bio: string | null;
  /** The public profile email; null when the user shows none (GraphQL then answers ""). */
  email: string | null;
  websiteUrl: string | null;
  /** Logins of organizations the user is a public member of. */
  organizations: string[];
}

export interface StandinGitActor {
  name: string;
  /** Null when git recorded none GitHub can show (GraphQL's GitActor.email is nullable). */
  email: string | null;
  /** The GitHub account the email is linked to, if any. */
  login: string | null;
}

export interface StandinCommit {
  sha: string;
  message: string;
  author: StandinGitActor;
  committer: StandinGitActor;
}

export interface StandinComment {
  id: number;
  nodeId: string;
  body: string;
  /** Null for a deleted ("ghost") account: GraphQL answers `author: null`, REST the `ghost` user. */
  authorLogin: string | null;
  /** Created through the REST route, i.e. by the app: GraphQL's `viewerDidAuthor`. */
  viaApp: boolean;
  createdAt: string;
  /** When it was last edited, and by whom (REST spelling, "[bot]" for bots); null if never. */
  lastEditedAt?: string | null;
  editorLogin?: string | null;
  /** Reactions the app added ("+1", "eyes", ...). */
  reactions: string[];
}

export interface StandinPullRequest {
  owner: string;
  repo: string;
  number: number;
  title: string;
  /** Null for a deleted ("ghost") account. */
  authorLogin: string | null;
  headSha: string;
  headRef: string;
  /** The repository the head branch is in: a fork's owner and name, or null when it is the base repository. */
  headRepo: { owner: string; name: string } | null;
  /** Files the head commit changes (null: deleted), over the base's default branch: the tree at `headSha`. */
  headFiles: Map<string, StandinFile | null>;
  state: "open" | "closed" | "merged";
  draft: boolean;
  /** Oldest first; the last is normally the head commit. */
  commits: StandinCommit[];
  labels: string[];
  comments: StandinComment[];
  requestedReviewers: { users: string[]; teams: string[] };
  /** Paths the pull request changes. */
  files: string[];
}

export interface StandinAnnotation {
  path: string;
  start_line: number;
  end_line: number;
  annotation_level: string;
  message: string;
  [key: string]: unknown;
}

export interface StandinCheckRun {
  id: number;
  owner: string;
  repo: string;
  headSha: string;
  name: string;
  appId: number;
  status: string;
  conclusion: string | null;
  title: string | null;
  summary: string | null;
  text: string | null;
  annotations: StandinAnnotation[];
  detailsUrl: string | null;
  /** The integrator's reference for the check run (REST `external_id`, GraphQL `externalId`). */
  externalId: string | null;
  /** Requested actions (buttons): {label, description, identifier}. */
  actions: StandinCheckAction[];
}

export interface StandinCheckAction {
  label: string;
  description: string;
  identifier: string;
}

/** What `addRepo` takes; everything but owner and name has a default. */
export interface RepoSeed {
  owner: string;
  name: string;
  /** Default "main". */
  defaultBranch?: string;
  /** Files on the default branch: path → text. */
  files?: Record<string, string>;
  /** Repository labels (names, or full labels). */
  labels?: (string | StandinLabel)[];
  /** Repository roles by login. */
  roles?: Record<string, StandinRole>;
  /** Archived: read-only, listed among the installation's repositories with `archived: true`. */
  archived?: boolean;
}

export type UserSeed = Pick<StandinUser, "login"> & Partial<Omit<StandinUser, "login">>;

export interface CommitSeed {
  sha?: string;
  message?: string;
  author?: Partial<StandinGitActor>;
  committer?: Partial<StandinGitActor>;
}

export interface CommentSeed {
  body: string;
  /** Default: the pull request author. Null: a deleted ("ghost") account. */
  authorLogin?: string | null;
  /** Default false: a comment someone else wrote. */
  viaApp?: boolean;
  id?: number;
}

/** What `addPullRequest` takes; everything but owner, repo and author has a default. */
export interface PullRequestSeed {
  owner: string;
  repo: string;
  /** Default: the next free number in the repository. */
  number?: number;
  title?: string;
  author: string | null;
  /** Default: the last commit's sha, or a sha derived from the number. */
  headSha?: string;
  headRef?: string;
  /**
   * A pull request from a fork: the head repository's owner and name (it need not be seeded).
   * GitHub then sends `check_run.pull_requests: []` in check_run webhooks for its head commit.
   */
  headRepository?: { owner: string; name: string };
  /** Files as they are at the head commit, where they differ from the default branch (null: deleted). */
  headFiles?: Record<string, string | null>;
  state?: StandinPullRequest["state"];
  draft?: boolean;
  /** Default: one commit by the author, whose sha is the head sha. */
  commits?: CommitSeed[];
  labels?: string[];
  comments?: CommentSeed[];
  files?: string[];
}

export type CheckRunSeed = Pick<StandinCheckRun, "owner" | "repo" | "headSha" | "name"> &
  Partial<Omit<StandinCheckRun, "owner" | "repo" | "headSha" | "name">>;

/** One request the stand-in answered, in arrival order. */
export interface StandinRequest {
  method: string;
  /** Path and query string as requested, e.g. "/repos/o/r/pulls?state=open". */
  path: string;
  /** For POST /graphql: the operation name from the query text. */
  operationName?: string;
  /** For POST /graphql: the document is a mutation (a write). */
  mutation?: boolean;
  status: number;
  /** The parsed JSON body, if any. */
  body?: unknown;
  /** Answered by a `failNext` rule rather than the route. */
  injected?: boolean;
  /**
   * What GitHub's published schemas and documented limits say about the request: null when it is
   * valid, else why not (the stand-in answers as GitHub would: GraphQL errors, REST 422/404).
   */
  invalid?: string[] | null;
  /** Refused by the secondary rate limit on content creation (403 with retry-after). */
  rateLimited?: boolean;
}

export interface FaultMatch {
  method?: string;
  path?: RegExp;
  operationName?: string;
}

export interface FaultReply {
  /** The HTTP status answered instead of the route's (ignored with `destroy`). Omitted: the route's own answer, e.g. delayed. */
  status?: number;
  body?: unknown;
  headers?: Record<string, string>;
  /** Carry out the request as usual, then answer with this fault: a write that succeeded but whose answer was lost. */
  afterApplying?: boolean;
  /** Wait this long before answering (after the route has read or written): a slow answer, or past the client's timeout a timeout. */
  delayMs?: number;
  /**
   * Close the connection instead of answering: a connection reset. Alone, after the route has
   * done its work (a write that happened, its answer lost); with a `status`, before (nothing done).
   */
  destroy?: boolean;
}
