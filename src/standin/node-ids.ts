// GraphQL node ids the stand-in hands out, and reads back in mutations. Each id encodes what it
// names (like GitHub's, they are opaque to the app): "R_<owner/repo>", "PR_<owner/repo/number>",
// "LA_<owner/repo/label>", "CR_<check run id>", all base64url. Comment ids are the stand-in's
// existing `IC_kwDO…` ids (StandinComment.nodeId), found by search.
import type { StandinCheckRun, StandinPullRequest, StandinRepo } from "./types.js";

const encode = (type: string, ...parts: (string | number)[]): string =>
  `${type}_${Buffer.from(parts.join("\u0000"), "utf8").toString("base64url")}`;

export const repoNodeId = (repo: Pick<StandinRepo, "owner" | "name">): string =>
  encode("R", repo.owner.toLowerCase(), repo.name.toLowerCase());

export const pullNodeId = (pr: Pick<StandinPullRequest, "owner" | "repo" | "number">): string =>
  encode("PR", pr.owner.toLowerCase(), pr.repo.toLowerCase(), pr.number);

export const labelNodeId = (repo: Pick<StandinRepo, "owner" | "name">, name: string): string =>
  encode("LA", repo.owner.toLowerCase(), repo.name.toLowerCase(), name.toLowerCase());

export const checkRunNodeId = (run: Pick<StandinCheckRun, "id">): string => encode("CR", run.id);

/** The type prefix and parts of an id this module made; null for anything else. */
export function decodeNodeId(id: unknown): { type: string; parts: string[] } | null {
  if (typeof id !== "string") return null;
  const match = /^([A-Z]+)_([A-Za-z0-9_-]+)$/.exec(id);
  if (!match) return null;
  return {
    type: match[1] as string,
    parts: Buffer.from(match[2] as string, "base64url")
      .toString("utf8")
      .split("\u0000"),
  };
}
