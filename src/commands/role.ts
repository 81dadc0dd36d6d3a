// The one place that asks GitHub for a user's role on a repository.
import { mayApprove, type ApproverRole } from "./permission.js";
import { httpStatusOf } from "../github/http-status.js";

interface PermissionApi {
  rest: {
    repos: {
      getCollaboratorPermissionLevel(p: { owner: string; repo: string; username: string }): Promise<{
        data: { role_name?: string | null; permission?: string | null };
      }>;
    };
  };
}

interface WarnLog {
  warn(obj: object, msg?: string): void;
}

export interface ApproverRoleCheck {
  /** The role as GitHub names it (a custom role's name, else its permission). */
  role: string;
  mayApprove: (least: ApproverRole) => boolean;
}

/**
 * The user's role and `least → allowed?`, or null when GitHub did not answer: then nothing may be
 * approved, and the caller says so.
 */
export async function approverCheck(
  octokit: PermissionApi,
  repo: { owner: string; repo: string },
  login: string,
  log: WarnLog,
): Promise<ApproverRoleCheck | null> {
  try {
    const { data } = await octokit.rest.repos.getCollaboratorPermissionLevel({
      owner: repo.owner,
      repo: repo.repo,
      username: login,
    });
    return {
      role: data.role_name ?? data.permission ?? "none",
      mayApprove: (least) => mayApprove(data.role_name, data.permission, least),
    };
  } catch (error) {
    log.warn({ login, status: httpStatusOf(error) }, "permission lookup failed; approval not recorded");
    return null;
  }
}
