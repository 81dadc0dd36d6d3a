import js from "@eslint/js";
import tseslint from "typescript-eslint";

export default tseslint.config(
  {
    ignores: [
      "lib/",
      "lib-bench/",
      "lib-tools/",
      "lib-scripts/",
      "dist/",
      "node_modules/",
      "coverage/",
      "reports/",
      ".stryker-tmp/",
    ],
  },
  js.configs.recommended,
  // The build and release scripts are plain Node.js modules.
  {
    files: ["scripts/**/*.mjs", "stryker.config.mjs"],
    languageOptions: { globals: { process: "readonly", console: "readonly", URL: "readonly" } },
  },
  // Type-aware rules over the TypeScript (src, test, bench): floating promises, needless
  // assertions, `async` without `await`, methods detached from their object, objects printed as
  // "[object Object]". The type information comes from tsconfig.json via the project service.
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
    },
  },
  {
    files: ["test/**/*.ts"],
    rules: {
      // Tests read JSON they did not type (GitHub's answers, CLI output, request bodies) and let
      // the assertions check its shape; typing every probe would restate what the assertions say.
      "@typescript-eslint/no-unsafe-member-access": "off",
      "@typescript-eslint/no-unsafe-assignment": "off",
      "@typescript-eslint/no-unsafe-argument": "off",
      "@typescript-eslint/no-unsafe-call": "off",
      "@typescript-eslint/no-unsafe-return": "off",
      // Fakes implement async interfaces (`firstDelivery: async () => true`), often without awaiting.
      "@typescript-eslint/require-await": "off",
    },
  },
  // The in-memory queue implements the same async interface as the Redis one without awaiting anything.
  { files: ["src/queue/memory.ts"], rules: { "@typescript-eslint/require-await": "off" } },
  // Configuration and helper scripts in plain JavaScript are outside the TypeScript project.
  { files: ["**/*.js", "**/*.mjs", "**/*.cjs"], ...tseslint.configs.disableTypeChecked },
  // Jest loads a test runner and a test environment with require(): these two are CommonJS.
  {
    files: ["scripts/stryker/*.cjs"],
    languageOptions: {
      sourceType: "commonjs",
      globals: { require: "readonly", module: "writable", process: "readonly" },
    },
    rules: { "@typescript-eslint/no-require-imports": "off" },
  },
);
