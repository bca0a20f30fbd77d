/**
 * `npm run docs`: regenerates everything derived from code: the config reference in README.md (from the
 * schema), and the policy pack's per-environment configs and rules table (from the rules).
 */
import * as fs from "fs";
import * as path from "path";
import { withConfigReference } from "../config/reference";
import { README_PATH as POLICY_README_PATH, readmeWithTable } from "../policy/scripts/writeReadme";

const readmePath = path.resolve(__dirname, "..", "README.md");
fs.writeFileSync(readmePath, withConfigReference(fs.readFileSync(readmePath, "utf8")));
console.log(`updated ${path.relative(process.cwd(), readmePath)}`);

require("../policy/scripts/writeConfig"); // writes the three policy/config.<env>.json files
fs.writeFileSync(POLICY_README_PATH, readmeWithTable(fs.readFileSync(POLICY_README_PATH, "utf8")));
console.log(`updated ${path.relative(process.cwd(), POLICY_README_PATH)}`);
