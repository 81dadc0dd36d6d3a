// Who may approve: the repository role, not the coarse `permission` field, which folds maintain
// into write and triage into read.

export type ApproverRole = "write" | "maintain" | "admin";

const RANK: Record<string, number> = { none: 0, read: 1, triage: 2, write: 3, maintain: 4, admin: 5 };

/**
 * The rank of a collaborator. A custom repository role has a name we cannot rank; its base
 * permission (admin, write or read) is the safe stand-in, never more.
 */
export function roleRank(roleName: string | null | undefined, permission: string | null | undefined): number {
  const byRole = roleName ? RANK[roleName.toLowerCase()] : undefined;
  if (byRole !== undefined) return byRole;
  return RANK[(permission ?? "none").toLowerCase()] ?? 0;
}

export function mayApprove(
  roleName: string | null | undefined,
  permission: string | null | undefined,
  least: ApproverRole,
): boolean {
  return roleRank(roleName, permission) >= (RANK[least] ?? Infinity);
}
