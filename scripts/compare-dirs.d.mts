export function compareDirs(
  expected: string,
  actual: string,
): { file: string; problem: "missing" | "different" | "unexpected" }[];
