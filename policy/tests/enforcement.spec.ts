import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import { configFileName, enforcementLevelFor, environments, policyPackConfig, policyPackConfigText } from "../enforcement";
import { PlatformPolicy } from "../lib/rule";
import { allRules } from "../rules";
import { stackRuleConfig } from "../scripts/stackRuleConfig";

const POLICY_DIR = path.resolve(__dirname, "..");

function entry(env: string, name: string): Record<string, any> {
    return policyPackConfig(env)[name] as Record<string, any>;
}

describe("enforcement per environment", () => {
    it("covers exactly dev, staging and prod", () => {
        assert.deepEqual([...environments].sort(), ["dev", "prod", "staging"]);
    });

    it("makes data-loss rules advisory in dev and mandatory in staging and prod", () => {
        const dataLoss = allRules.filter((r) => r.theme === "data-loss");
        assert.ok(dataLoss.length > 0);
        for (const rule of dataLoss) {
            assert.equal(enforcementLevelFor(rule, "dev"), "advisory", rule.name);
            assert.equal(enforcementLevelFor(rule, "staging"), "mandatory", rule.name);
            assert.equal(enforcementLevelFor(rule, "prod"), "mandatory", rule.name);
        }
    });

    it("makes every other theme mandatory everywhere", () => {
        for (const rule of allRules.filter((r) => r.theme !== "data-loss")) {
            for (const env of environments) {
                assert.equal(enforcementLevelFor(rule, env), "mandatory", `${rule.name} in ${env}`);
            }
        }
    });

    it("rejects an unknown environment instead of guessing", () => {
        assert.throws(() => enforcementLevelFor(allRules[0], "qa"), /unknown environment "qa"/);
        assert.throws(() => policyPackConfig("production"), /unknown environment/);
    });

    it("writes `all: mandatory` and one entry per rule with its level", () => {
        for (const env of environments) {
            const config = policyPackConfig(env);
            assert.equal(config.all, "mandatory");
            assert.deepEqual(Object.keys(config).filter((k) => k !== "all").sort(), allRules.map((r) => r.name).sort());
            for (const rule of allRules) {
                assert.equal(entry(env, rule.name).enforcementLevel, enforcementLevelFor(rule, env), `${rule.name} in ${env}`);
            }
        }
    });

    it("sets rds-instance-backup-retention minimumDays to 1 in dev, 7 in staging, 14 in prod", () => {
        assert.equal(entry("dev", "rds-instance-backup-retention").minimumDays, 1);
        assert.equal(entry("staging", "rds-instance-backup-retention").minimumDays, 7);
        assert.equal(entry("prod", "rds-instance-backup-retention").minimumDays, 14);
    });

    it("states every configSchema default explicitly", () => {
        const configurable = allRules.filter((r) => r.configSchema);
        assert.ok(configurable.length > 0);
        for (const rule of configurable) {
            for (const [key, schema] of Object.entries(rule.configSchema!.properties)) {
                if ((schema as any).default !== undefined) {
                    assert.notEqual(entry("staging", rule.name)[key], undefined, `${rule.name}.${key}`);
                }
            }
        }
    });

    it("refuses config for a rule that is not in the pack", () => {
        const rules: PlatformPolicy[] = allRules.filter((r) => r.name !== "rds-instance-backup-retention");
        assert.throws(() => policyPackConfig("prod", rules), /configures rds-instance-backup-retention, which is not a rule of the pack/);
    });

    for (const env of ["dev", "staging", "prod"]) {
        it(`has a committed policy/${configFileName(env)} equal to policyPackConfig("${env}")`, () => {
            const file = path.join(POLICY_DIR, configFileName(env));
            assert.ok(fs.existsSync(file), `${file} is missing: run npm run docs`);
            assert.equal(fs.readFileSync(file, "utf8"), policyPackConfigText(env, allRules, stackRuleConfig(env)), `${file} is stale: run npm run docs`);
        });
    }
});
