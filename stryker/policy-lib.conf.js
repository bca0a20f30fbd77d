// policy/lib: the helpers the rules of several families share (DR objectives, gateway and Helm readers, IAM
// documents, companion joins, SQS redrive, unknown values, validators and messages) against every family's rule
// specs and the helpers' own specs; per-test coverage runs only the specs that reach a mutant. Left out, as they
// hold no rule logic: the type tokens and constants (tokens.ts, ecr.ts, pack.ts), the rule types (rule.ts), and
// args.ts, the engine's argument builder the offline gate and the test helpers share (every spec runs through it,
// so its mutants are measured by the analyzer-equivalence spec, not here).
"use strict";
const { area } = require("./area");

/** policy/lib files without rule logic, not mutated (tests/mutation/strykerConfigs.spec.ts checks each exists). */
const NOT_MUTATED = ["args.ts", "ecr.ts", "pack.ts", "rule.ts", "tokens.ts"];

module.exports = area("policy-lib", {
    mutate: ["policy/lib/*.ts", ...NOT_MUTATED.map((f) => `!policy/lib/${f}`)],
    spec: ["policy/tests/lib/**/*.spec.ts", "policy/tests/rules/**/*.spec.ts"],
    breakAt: 90,
});
