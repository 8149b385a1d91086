// ESLint for the page's own scripts (dashboard/web/assets/*.js; the vendored plotly bundle is
// left out). make lint runs it; the scripts are plain browser ES5-style files loaded by Dash.
import js from "@eslint/js";
import globals from "globals";

export default [
  { ignores: ["dashboard/web/assets/*.min.js", "node_modules/**", ".venv/**"] },
  {
    files: ["dashboard/web/assets/*.js", "dashboard/server/static/*.js"],
    ...js.configs.recommended,
    languageOptions: {
      ecmaVersion: 2020,
      sourceType: "script",
      globals: { ...globals.browser, dash_clientside: "writable", dash_ag_grid: "readonly" },
    },
    rules: {
      ...js.configs.recommended.rules,
      "no-unused-vars": ["error", { args: "after-used" }],
      eqeqeq: "error",
      "no-var": "off",
    },
  },
];
