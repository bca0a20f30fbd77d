// policy/rules/stack: the rule logic of the family (metadata excluded, see area.js) and its helpers, at the
// issue's 90 % (measured 90.0 %: just met, see README for what survives).
"use strict";
const { policyFamily } = require("./area");

module.exports = policyFamily("stack", 90);
