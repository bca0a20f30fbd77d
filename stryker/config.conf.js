// config/: validation (validate.ts) and the per-module sections against the config specs. Schema wiring
// (schema.ts, index.ts) and the docs generator are out of scope. Static mutants (the zod schema declarations,
// built once when a module loads) are ignored: each would reload the program and run every spec, about 70 %
// of the run time. Their bounds, defaults and descriptions are pinned by the generated config reference
// (tests/config/docs.spec.ts) and the schema specs.
"use strict";
const { area } = require("./area");

module.exports = area("config", {
    mutate: ["config/validate.ts", "config/sections/**/*.ts"],
    spec: ["tests/config/**/*.spec.ts"],
    breakAt: 90,
    ignoreStatic: true,
});
