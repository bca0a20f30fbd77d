// policy/rules/stack: the rule logic of the family (metadata excluded, see area.js) and its helpers. Break at the
// measured 81 %: the family reached 90.0 %, then main added four rules (data residency, backup vault lock, restore
// testing, SQS dead-letter queues) whose survivors have not been worked through yet (issue 16).
"use strict";
const { policyFamily } = require("./area");

module.exports = policyFamily("stack", 81);
