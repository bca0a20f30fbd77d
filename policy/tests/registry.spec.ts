/**
 * The pack's registry: every rule is named, described and filed the way policy/README.md says, and
 * every rule file is both registered in its family index and mirrored by a spec.
 */
import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import { isResourcePolicy, isStackPolicy } from "../lib/args";
import { PlatformPolicy, RuleTheme } from "../lib/rule";
import { allRules, rulesByFamily } from "../rules";

const RULES_DIR = path.resolve(__dirname, "../rules");
const SPECS_DIR = path.resolve(__dirname, "rules");

const FAMILIES = ["encryption", "tls", "backup", "versioning", "logging", "exposure", "identity", "kubernetes", "atlas", "cloudflare", "stack"];
const THEMES: RuleTheme[] = ["encryption", "tls", "exposure", "identity", "data-loss", "versioning", "logging", "kubernetes", "residency"];
const SEVERITIES = ["low", "medium", "high", "critical"];
/**
 * Services a rule name starts with. Rules of the stack family start with `stack-` instead: they join
 * resources across services (e.g. stack-stateful-protected covers RDS, ElastiCache, KMS and S3).
 */
const SERVICE_PREFIXES = [
    "atlas",
    "backup",
    "cloudflare",
    "cloudwatch",
    "ebs",
    "ec2",
    "ecr",
    "eks",
    "elasticache",
    "iam",
    "k8s",
    "kms",
    "launch-template",
    "lb",
    "rds",
    "s3",
    "secretsmanager",
    "security-group",
    "sns",
    "sqs",
    "subnet",
    "vpc",
];

/** The rule files of a family: its top-level .ts files other than index.ts (helpers live in subfolders). */
function ruleFilesOf(family: string): string[] {
    return fs
        .readdirSync(path.join(RULES_DIR, family), { withFileTypes: true })
        .filter((entry) => entry.isFile() && entry.name.endsWith(".ts") && entry.name !== "index.ts")
        .map((entry) => entry.name.replace(/\.ts$/, ""));
}

/** The rules a module exports (values shaped like a policy). */
function rulesExportedBy(family: string, file: string): PlatformPolicy[] {
    const module = require(path.join(RULES_DIR, family, file));
    return Object.values(module).filter((value: any) => value !== null && typeof value === "object" && typeof value.name === "string" && (isResourcePolicy(value) || isStackPolicy(value))) as PlatformPolicy[];
}

describe("policy registry", () => {
    it("has at least 60 rules", () => {
        assert.ok(allRules.length >= 60, `found ${allRules.length} rules`);
    });

    it("has exactly the eleven families, one folder each", () => {
        assert.deepEqual(Object.keys(rulesByFamily).sort(), [...FAMILIES].sort());
        const folders = fs.readdirSync(RULES_DIR, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name);
        assert.deepEqual(folders.sort(), [...FAMILIES].sort());
    });

    it("has unique names", () => {
        const seen = new Set<string>();
        const duplicates = allRules.map((r) => r.name).filter((name) => (seen.has(name) ? true : (seen.add(name), false)));
        assert.deepEqual(duplicates, []);
    });

    it("names every rule in kebab-case, prefixed by its service (stack rules by stack-)", () => {
        const bad: string[] = [];
        for (const [family, rules] of Object.entries(rulesByFamily)) {
            const prefixes = family === "stack" ? ["stack"] : SERVICE_PREFIXES;
            for (const { name } of rules) {
                if (!/^[a-z0-9]+(-[a-z0-9]+)+$/.test(name) || !prefixes.some((prefix) => name.startsWith(`${prefix}-`))) {
                    bad.push(`${family}/${name}`);
                }
            }
        }
        assert.deepEqual(bad, []);
    });

    it("gives every rule its metadata", () => {
        const problems: string[] = [];
        for (const rule of allRules) {
            const fail = (what: string) => problems.push(`${rule.name}: ${what}`);
            if (typeof rule.description !== "string" || rule.description.trim().length < 20) fail("description missing or too short");
            if (!SEVERITIES.includes(rule.severity)) fail(`severity ${rule.severity}`);
            if (!THEMES.includes(rule.theme)) fail(`theme ${rule.theme}`);
            if (typeof rule.remediationSteps !== "string" || rule.remediationSteps.trim().length < 10) fail("remediationSteps missing");
            if (!Array.isArray(rule.anchors) || rule.anchors.some((a) => typeof a !== "string" || a.trim() === "")) fail("anchors must be an array of ids");
            if (rule.enforcementLevel !== "mandatory") fail(`enforcementLevel ${rule.enforcementLevel} (the config files set per-environment levels)`);
            if (isResourcePolicy(rule) === isStackPolicy(rule)) fail("must be exactly one of a resource or a stack policy");
        }
        assert.deepEqual(problems, []);
    });

    for (const family of FAMILIES) {
        describe(`family ${family}`, () => {
            it("registers every rule file in its index, one rule per file named after the rule", () => {
                const problems: string[] = [];
                const registered = new Set<PlatformPolicy>();
                for (const file of ruleFilesOf(family)) {
                    const rules = rulesExportedBy(family, file);
                    if (rules.length !== 1) {
                        problems.push(`${file}.ts exports ${rules.length} rules`);
                        continue;
                    }
                    const [rule] = rules;
                    registered.add(rule);
                    if (!rulesByFamily[family].includes(rule)) problems.push(`${file}.ts (${rule.name}) is not in ${family}/index.ts`);
                    const camel = rule.name.replace(/-/g, "").toLowerCase();
                    if (file.toLowerCase() !== camel) problems.push(`${file}.ts should be named after ${rule.name}`);
                }
                for (const rule of rulesByFamily[family]) {
                    if (!registered.has(rule)) problems.push(`${rule.name} is in ${family}/index.ts but not defined in a file of the family`);
                }
                assert.deepEqual(problems, []);
            });

            it("mirrors every rule file with a spec", () => {
                const missing = ruleFilesOf(family).filter((file) => !fs.existsSync(path.join(SPECS_DIR, family, `${file}.spec.ts`)));
                assert.deepEqual(missing, []);
            });
        });
    }
});
