/**
 * `npm run mutate -- [area ...] [stryker options]`: runs StrykerJS for each named area (`stryker/<area>.conf.js`;
 * all areas, one after another, when none is named). Options are passed to every run, e.g.
 * `npm run mutate -- lib --mutate lib/cidr.ts` while working on one file.
 */
"use strict";
const { spawnSync } = require("child_process");
const fs = require("fs");
const path = require("path");

const configDir = path.join(__dirname, "..", "stryker");
const areas = fs
    .readdirSync(configDir)
    .filter((f) => f.endsWith(".conf.js"))
    .map((f) => f.slice(0, -".conf.js".length));

const args = process.argv.slice(2);
const firstOption = args.findIndex((a) => a.startsWith("-"));
const named = firstOption === -1 ? args : args.slice(0, firstOption);
const options = firstOption === -1 ? [] : args.slice(firstOption);
const unknown = named.filter((a) => !areas.includes(a));
if (unknown.length > 0) {
    console.error(`unknown area ${unknown.join(", ")}; expected one of: ${areas.join(", ")}`);
    process.exit(2);
}
const stryker = path.join(__dirname, "..", "node_modules", ".bin", "stryker");
let failed = false;
for (const area of named.length > 0 ? named : areas) {
    console.log(`\n== mutation testing: ${area} ==`);
    const result = spawnSync(stryker, ["run", path.join("stryker", `${area}.conf.js`), ...options], { stdio: "inherit" });
    failed ||= result.status !== 0;
}
process.exit(failed ? 1 : 0);
