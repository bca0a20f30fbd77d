import { strict as assert } from "assert";
import * as fs from "fs";
import { README_PATH, readmeWithTable, rulesTableMarkdown } from "../scripts/writeReadme";
import { allRules } from "../rules";

describe("policy/README.md", () => {
    const readme = fs.readFileSync(README_PATH, "utf8");

    it("has the generated rules table in step with the registry", () => {
        assert.equal(readme, readmeWithTable(readme), "the rules table is stale: run npm run docs");
    });

    it("lists every rule once", () => {
        const table = rulesTableMarkdown();
        for (const rule of allRules) {
            assert.equal(table.split(`| \`${rule.name}\` |`).length - 1, 1, rule.name);
        }
    });

    it("documents how to run the pack with the Pulumi CLI", () => {
        for (const command of ["npm ci --prefix policy", "pulumi preview --policy-pack policy --policy-pack-config policy/config.", "pulumi policy analyze"]) {
            assert.ok(readme.includes(command), command);
        }
    });
});
