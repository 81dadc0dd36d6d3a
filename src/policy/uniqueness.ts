// Rules the schema cannot express: an organization is listed once, and a login once per
// organization. Checked on the positioned tree so the problem can point at both entries.
import { pathText, type Location, type PolicyNode } from "./policy-tree.js";
import { quote, type PolicyProblem } from "./problem.js";

export function duplicateProblems(root: PolicyNode): PolicyProblem[] {
  const problems: PolicyProblem[] = [];
  const organizations = entry(root, "organizations");
  if (organizations?.kind !== "list") return problems;

  const names = new Map<string, Location>();
  for (const organization of organizations.items) {
    const name = entry(organization, "name");
    if (name?.kind === "scalar" && typeof name.value === "string") {
      const key = name.value.trim().replace(/\s+/g, " ").toLowerCase();
      const first = names.get(key);
      if (first) problems.push(duplicate(name.at, `organization ${quote(name.value.trim())} is listed twice`, first));
      else names.set(key, name.at);
    }

    const users = entry(organization, "users");
    if (users?.kind !== "list") continue;
    // GitHub logins are case-insensitive.
    const logins = new Map<string, Location>();
    for (const user of users.items) {
      const login = user.kind === "map" ? entry(user, "login") : user;
      if (login?.kind !== "scalar" || typeof login.value !== "string") continue;
      const key = login.value.toLowerCase();
      const first = logins.get(key);
      if (first)
        problems.push(duplicate(user.at, `user ${quote(login.value)} is listed twice in this organization`, first));
      else logins.set(key, user.at);
    }
  }
  return problems;
}

function entry(node: PolicyNode, key: string): PolicyNode | undefined {
  return node.kind === "map" ? node.entries.get(key)?.value : undefined;
}

function duplicate(at: Location, message: string, first: Location): PolicyProblem {
  const where =
    first.file === at.file ? `line ${first.line}, column ${first.col}` : `${first.file}:${first.line}:${first.col}`;
  return { file: at.file, line: at.line, col: at.col, message: `${pathText(at.path)}: ${message} (first at ${where})` };
}
