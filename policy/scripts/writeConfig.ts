/**
 * Writes policy/config.<env>.json for every environment from policy/enforcement.ts and the rule config
 * the stack file Pulumi.<env>.yaml supplies (policy/scripts/stackRuleConfig.ts).
 * Run after adding or changing a rule: `npm run docs` (from the repository root).
 * policy/tests/enforcement.spec.ts fails while a committed file differs from what this writes.
 */
import * as fs from "fs";
import * as path from "path";
import { allRules } from "../rules";
import { configFileName, environments, policyPackConfigText } from "../enforcement";
import { stackRuleConfig } from "./stackRuleConfig";

const policyDir = path.resolve(__dirname, "..");
for (const env of environments) {
    const file = path.join(policyDir, configFileName(env));
    fs.writeFileSync(file, policyPackConfigText(env, allRules, stackRuleConfig(env)));
    console.log(`wrote ${path.relative(process.cwd(), file)}`);
}
