// How many runs each property gets: FC_RUNS, else 1,000 (the floor CI holds to). Each test file
// counts the inputs its properties actually tried and records them in the e2e figures.
import { afterAll } from "@jest/globals";
import { recordFigures } from "../helpers/figures.js";

export const RUNS = Math.max(1, Number(process.env.FC_RUNS) || 1000);

let tried = 0;

/** Wraps a property's predicate so every input it is called with is counted. */
export function counted<A extends unknown[], R>(predicate: (...args: A) => R): (...args: A) => R {
  return (...args) => {
    tried++;
    return predicate(...args);
  };
}

afterAll(() => {
  recordFigures({ hostileInputs: tried });
  tried = 0;
});
