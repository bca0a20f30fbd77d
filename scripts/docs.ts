/** `npm run docs`: regenerates the config reference in README.md from the schema. */
import * as fs from "fs";
import * as path from "path";
import { withConfigReference } from "../config/reference";

const readmePath = path.resolve(__dirname, "..", "README.md");
fs.writeFileSync(readmePath, withConfigReference(fs.readFileSync(readmePath, "utf8")));
console.log(`updated ${path.relative(process.cwd(), readmePath)}`);
