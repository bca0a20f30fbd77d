// lib/: the pure functions (CIDR carving, naming, tags, IAM and key policies) against their own specs.
"use strict";
const { area } = require("./area");

module.exports = area("lib", { mutate: ["lib/**/*.ts"], spec: ["tests/lib/**/*.spec.ts"], breakAt: 90 });
