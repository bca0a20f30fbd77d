/**
 * Shared StrykerJS settings: one config per area (`stryker/<area>.conf.js`), each mutating one part of the code
 * against only the specs that own it, so an area runs in minutes on two cores. Run with `npm run mutate -- <area>`.
 */
"use strict";
const fs = require("fs");
const path = require("path");

const ROOT = path.join(__dirname, "..");

/**
 * Properties of a policy rule that are metadata (names, texts, anchors), not logic. They are pinned by the
 * registry and README tests (policy/tests/registry.spec.ts, readme.spec.ts), so their string mutants are left out.
 */
const RULE_METADATA = new Set(["name", "description", "enforcementLevel", "severity", "theme", "anchors", "remediationSteps"]);

/** `file:start-end` mutation ranges covering every line of a rule file except its metadata properties. */
function ruleLogicRanges(file) {
    const ts = require("typescript");
    const text = fs.readFileSync(path.join(ROOT, file), "utf8");
    const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
    const excluded = [];
    const visit = (node) => {
        if (ts.isObjectLiteralExpression(node)) {
            const names = node.properties.map((p) => p.name && ts.isIdentifier(p.name) ? p.name.text : undefined);
            if (names.includes("validateResource") || names.includes("validateStack")) {
                node.properties.forEach((property, i) => {
                    if (RULE_METADATA.has(names[i])) {
                        const line = (pos) => source.getLineAndCharacterOfPosition(pos).line + 1;
                        excluded.push([line(property.getStart(source)), line(property.getEnd())]);
                    }
                });
            }
        }
        ts.forEachChild(node, visit);
    };
    visit(source);
    const lastLine = source.getLineAndCharacterOfPosition(text.length).line + 1;
    const ranges = [];
    let start = 1;
    for (const [from, to] of excluded.sort((a, b) => a[0] - b[0])) {
        if (from > start) {
            ranges.push(`${file}:${start}-${from - 1}`);
        }
        start = Math.max(start, to + 1);
    }
    if (start <= lastLine) {
        ranges.push(`${file}:${start}-${lastLine}`);
    }
    return ranges;
}

/** One policy family: its rule files (not its index) as ranges of their logic, and its own helpers in lib/ whole. */
function policyFamilyMutate(family) {
    const dir = `policy/rules/${family}`;
    const rules = fs
        .readdirSync(path.join(ROOT, dir))
        .filter((f) => f.endsWith(".ts") && f !== "index.ts")
        .sort()
        .flatMap((f) => ruleLogicRanges(`${dir}/${f}`));
    const helpers = fs.existsSync(path.join(ROOT, dir, "lib")) ? [`${dir}/lib/**/*.ts`] : [];
    return [...rules, ...helpers];
}

/** The area of one policy family, against that family's rule specs. */
function policyFamily(family, breakAt) {
    return area(`policy-${family}`, { mutate: policyFamilyMutate(family), spec: [`policy/tests/rules/${family}/**/*.spec.ts`], breakAt });
}

/**
 * One area's config. `thresholds.break` is the score the area has reached and must keep: a run below it fails.
 * The sandbox lives in `.stryker-tmp/` inside the worktree (git-ignored): node_modules is not copied nor
 * symlinked (here it is itself a symlink, which Stryker's search skips), the sandbox resolves packages from
 * the worktree's node_modules by Node's parent-directory lookup, and register.js's transpile cache is
 * created inside the sandbox, so runs never write into the shared install.
 */
function area(name, { mutate, spec, breakAt, ignoreStatic = false }) {
    return {
        packageManager: "npm",
        testRunner: "mocha",
        mochaOptions: { config: ".mocharc.json", spec },
        coverageAnalysis: "perTest",
        ignoreStatic,
        mutate,
        // Two shared cores: one worker; pass --concurrency 2 on a machine of your own.
        concurrency: 1,
        timeoutMS: 10000,
        symlinkNodeModules: false,
        tempDirName: ".stryker-tmp",
        cleanTempDir: true,
        ignorePatterns: ["docs", ".github", "bin", "reports", "preview-*.json"],
        reporters: ["clear-text", "progress", "html", "json"],
        htmlReporter: { fileName: `reports/mutation/${name}.html` },
        jsonReporter: { fileName: `reports/mutation/${name}.json` },
        thresholds: { high: 95, low: breakAt, break: breakAt },
    };
}

module.exports = { area, policyFamily, policyFamilyMutate, ruleLogicRanges, RULE_METADATA };
