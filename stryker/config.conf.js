// config/: validation (validate.ts) and the per-module sections against the config specs. Schema wiring
// (schema.ts, index.ts) and the docs generator are out of scope.
"use strict";
const { area } = require("./area");

module.exports = area("config", {
    mutate: ["config/validate.ts", "config/sections/**/*.ts"],
    spec: ["tests/config/**/*.spec.ts"],
    breakAt: 90,
});
