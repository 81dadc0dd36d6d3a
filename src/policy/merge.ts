// Combines a base policy with a more specific one the way Probot's `_extends` does with deepmerge:
// mappings merge key by key, lists concatenate base first, anything else is replaced by the child.
// Nodes keep their own locations, so problems in the result still point into the right file.
import type { MapEntry, MapNode, PolicyNode } from "./policy-tree.js";

export function mergeTrees(base: PolicyNode, child: PolicyNode): PolicyNode {
  if (base.kind === "map" && child.kind === "map") {
    const entries = new Map<string, MapEntry>(base.entries);
    for (const [key, entry] of child.entries) {
      const inherited = entries.get(key);
      entries.set(key, inherited ? { keyAt: entry.keyAt, value: mergeTrees(inherited.value, entry.value) } : entry);
    }
    return { kind: "map", entries, at: child.at };
  }
  if (base.kind === "list" && child.kind === "list") {
    return { kind: "list", items: [...base.items, ...child.items], at: child.at };
  }
  return child;
}

/** The same mapping without `key`. */
export function withoutKey(node: MapNode, key: string): MapNode {
  const entries = new Map(node.entries);
  entries.delete(key);
  return { ...node, entries };
}
