// The data modules compiled in from packages (scripts/gen-data.mjs) must be the installed packages' own.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { expect, it } from "@jest/globals";
import { CONFUSABLES } from "../src/match/confusables.generated.js";
import { COMMON_MAIL_PROVIDERS } from "../src/policy/mail-providers.generated.js";

const require = createRequire(import.meta.url);
const json = (spec: string): unknown => JSON.parse(readFileSync(require.resolve(spec), "utf8"));

it("public mail providers match email-providers' common.json (npm run gen:data regenerates them)", () => {
  expect(COMMON_MAIL_PROVIDERS).toEqual(json("email-providers/common.json"));
  expect(COMMON_MAIL_PROVIDERS).toContain("gmail.com");
});

it("confusables match unhomoglyph's data.json, Unicode's table (npm run gen:data regenerates them)", () => {
  expect(CONFUSABLES).toEqual(json("unhomoglyph/data.json"));
  expect(CONFUSABLES["\u0430"]).toBe("a"); // Cyrillic a
});
