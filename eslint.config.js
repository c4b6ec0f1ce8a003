// @ts-check
import js from "@eslint/js";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["build/", "data/", ".cache/", "node_modules/", "test-results/", "playwright-report/", "public/"] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      // A promise nobody awaits loses its error; a promise where a boolean or void is expected never runs as meant.
      "@typescript-eslint/no-floating-promises": "error",
      "@typescript-eslint/no-misused-promises": "error",
      // Remix routes answer by throwing a Response (a 404, a redirect); anything else thrown must be an Error.
      "@typescript-eslint/only-throw-error": [
        "error",
        {
          allow: [
            { from: "lib", name: "Response" },
            { from: "package", package: "@remix-run/server-runtime", name: "TypedResponse" },
            { from: "file", name: "DatabaseBusy" },
          ],
        },
      ],
      // Names starting with _ are left out on purpose (destructuring a field away).
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_", destructuredArrayIgnorePattern: "^_" }],
    },
  },
  {
    // vitest's asymmetric matchers (expect.any, expect.stringMatching) are typed any.
    files: ["**/*.test.ts", "test/**/*.ts"],
    rules: { "@typescript-eslint/no-unsafe-assignment": "off", "@typescript-eslint/no-unsafe-argument": "off" },
  },
  {
    // Every CSV the portal writes neutralises formulas in one place (app/security/spreadsheet-csv.server.ts).
    files: ["app/**/*.ts", "app/**/*.tsx", "server/**/*.ts", "scripts/**/*.ts"],
    ignores: ["app/security/spreadsheet-csv.server.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        { patterns: [{ group: ["csv-stringify", "csv-stringify/*"], message: "Write CSV with writeCsv from ~/security/spreadsheet-csv.server." }] },
      ],
    },
  },
  { files: ["**/*.js"], extends: [tseslint.configs.disableTypeChecked] },
);
