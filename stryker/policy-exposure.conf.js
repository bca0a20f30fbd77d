// policy/rules/exposure: the rule logic of the family (metadata excluded, see area.js) and its helpers.
"use strict";
const { policyFamily } = require("./area");

module.exports = policyFamily("exposure", 90);
