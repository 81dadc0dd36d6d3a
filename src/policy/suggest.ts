// "Did you mean" for misspelt keys: only when one valid key is clearly the intended one.

/** Longest key worth comparing; longer ones are not typos of a policy key. */
const MAX_COMPARED_LENGTH = 40;

export function suggestKey(unknown: string, validKeys: readonly string[]): string | null {
  if (unknown.length === 0 || unknown.length > MAX_COMPARED_LENGTH) return null;
  const wanted = unknown.toLowerCase();
  const squashed = squash(unknown);
  // Case and separators are the commonest slips: "githubOrgs", "email-domains", "Organizations".
  const sameWord = validKeys.find((key) => squash(key) === squashed);
  if (sameWord !== undefined) return sameWord;

  const allowed = wanted.length <= 4 ? 1 : wanted.length <= 8 ? 2 : 3;
  let best: string | null = null;
  let bestDistance = allowed + 1;
  for (const key of validKeys) {
    const distance = editDistance(wanted, key.toLowerCase(), bestDistance - 1);
    if (distance < bestDistance && distance < key.length) {
      best = key;
      bestDistance = distance;
    }
  }
  return best;
}

function squash(key: string): string {
  return key.toLowerCase().replace(/[-_\s]/g, "");
}

/**
 * Optimal string alignment distance (Levenshtein plus swapping two neighbours), giving up with
 * `limit + 1` as soon as the answer must exceed `limit`.
 */
export function editDistance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  // Three rows, reused: a hostile file can hold thousands of unknown keys, each compared with every valid key.
  let before = new Uint16Array(b.length + 1);
  let previous = new Uint16Array(b.length + 1);
  let current = new Uint16Array(b.length + 1);
  for (let j = 0; j <= b.length; j += 1) previous[j] = j;
  for (let i = 1; i <= a.length; i += 1) {
    current[0] = i;
    let rowMinimum = i;
    for (let j = 1; j <= b.length; j += 1) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let value = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) value = Math.min(value, before[j - 2]! + 1);
      current[j] = value;
      rowMinimum = Math.min(rowMinimum, value);
    }
    if (rowMinimum > limit) return limit + 1;
    [before, previous, current] = [previous, current, before];
  }
  return Math.min(previous[b.length]!, limit + 1);
}
