// policy/rules/versioning: the rule logic of the family (metadata excluded, see area.js) and its helpers, at the
// issue's 90 % (measured 98.4 %).
"use strict";
const { policyFamily } = require("./area");

module.exports = policyFamily("versioning", 90);
