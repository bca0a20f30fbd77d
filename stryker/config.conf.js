// config/: validation (validate.ts) and the per-module sections against the pure rule specs
// (tests/config/*Rules.spec.ts: each check at its boundaries, the stack files read once). config.spec.ts reads
// the three stack files in every test and would make each surviving mutant cost seconds; schema wiring
// (schema.ts, index.ts) and the docs generator are out of scope. Static mutants (the zod schema declarations,
// built once when a module loads) are ignored: each would reload the program and run every spec, about 70 %
// of the run time. Their bounds, defaults and descriptions are pinned by the generated config reference
// (tests/config/docs.spec.ts) and the schema specs.
"use strict";
const { area } = require("./area");

module.exports = area("config", {
    mutate: ["config/validate.ts", "config/sections/**/*.ts"],
    spec: ["tests/config/*Rules.spec.ts", "tests/config/limits.spec.ts"],
    breakAt: 90,
    ignoreStatic: true,
});
