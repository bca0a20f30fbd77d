// policy/rules/cloudflare: the rule logic of the family (metadata excluded, see area.js) and its helpers, at the
// issue's 90 % (measured 90.7 %).
"use strict";
const { policyFamily } = require("./area");

module.exports = policyFamily("cloudflare", 90);
