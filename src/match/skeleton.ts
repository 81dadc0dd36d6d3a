// Confusable skeletons (Unicode Technical Standard #39, section 4): two strings that look alike
// have the same skeleton. The prototypes are Unicode's own confusables.txt, as shipped by the
// `unhomoglyph` package (data.json, generated from the Unicode table by that package's update
// script); nothing here is a hand-written map.
//
// The standard skeleton is case-sensitive ("I" looks like "l", "i" does not), while names match in
// any case. So a word is compared through three keys, each computed the same way for a policy word
// and a text word (see `skeletonKeys`):
//   lower: skeleton of the lower-cased word ("pаlantir" with a Cyrillic а → "palantir");
//   as written: skeleton of the word in its own case ("PaIantir" with a capital I → "palantir");
//   upper: skeleton of the upper-cased word ("PALAΝTIR" with a Greek Ν → "PALANTlR").
// The first two are compared with each other, the third only with itself.
import { CONFUSABLES } from "./confusables.generated.js";
import { IGNORABLE } from "./text.js";

const PROTOTYPES: ReadonlyMap<string, string> = new Map(Object.entries(CONFUSABLES));
const MARKS = /\p{M}+/gu;
const ASCII = /^[ -~]*$/; // no prototype of printable ASCII needs NFD or holds a mark

/**
 * UTS #39 skeleton(X): NFD, default-ignorable code points removed, each character replaced by its
 * prototype, NFD again. Combining marks are then stripped, as they are for every word we match.
 */
export function skeleton(s: string): string {
  if (ASCII.test(s)) {
    let plain = "";
    for (const c of s) plain += PROTOTYPES.get(c) ?? c; // ASCII prototypes are ASCII: no marks, no NFD
    return plain;
  }
  let out = "";
  for (const c of s.normalize("NFD").replace(IGNORABLE, "")) out += PROTOTYPES.get(c) ?? c;
  return out.normalize("NFD").replace(MARKS, "");
}

export interface SkeletonKeys {
  /** Keys comparable with each other: skeletons of the lower-cased and of the as-written word. */
  lower: string[];
  /** Skeleton of the upper-cased word. */
  upper: string;
}

/** The skeleton keys of one word, from how it looks (case kept, see text.ts `visualForm`). */
export function skeletonKeys(looks: string): SkeletonKeys {
  const lowered = skeleton(looks.toLowerCase()).toLowerCase();
  const written = skeleton(looks).toLowerCase();
  return { lower: lowered === written ? [lowered] : [lowered, written], upper: skeleton(looks.toUpperCase()) };
}
