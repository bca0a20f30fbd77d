/**
 * `platform:drReplication`'s cross-field checks, called directly on a validated prod config: replication needs a
 * secondary region, and RDS copies one instance's automated backups to one region only.
 */
import * as assert from "assert";
import { PlatformConfig, validateConfig } from "../../config";
import { drReplicationProblems } from "../../config/sections/dr/replication";
import { rawStack } from "./fixtures";

// Validated inside a test, not at load (see sectionRules.spec.ts: load-time code is static coverage).
let validated: PlatformConfig | undefined;
const prod = (): PlatformConfig => structuredClone((validated ??= validateConfig(rawStack("prod"))));
const keys = (config: PlatformConfig) => drReplicationProblems(config).map((p) => p.path.join("."));

describe("config sections: drReplication", () => {
    it("prod (one secondary, backups replicated) has no problem; without drReplication nothing is checked", () => {
        const config = prod();
        assert.ok(config.drReplication?.postgresAutomatedBackupsRetentionDays !== undefined, "prod replicates backups");
        assert.deepStrictEqual(drReplicationProblems(config), []);
        assert.deepStrictEqual(drReplicationProblems({ ...config, drReplication: undefined, regions: config.regions.filter((r) => r.role === "primary") }), []);
    });

    it("set on a stack with only its primary region: named, with what to do", () => {
        const config = prod();
        config.regions = config.regions.filter((r) => r.role === "primary");
        const problems = drReplicationProblems(config);
        assert.deepStrictEqual(keys(config), ["drReplication"]);
        assert.match(problems[0].message, /no secondary region to replicate to/);
    });

    it("backups replicated with two secondary regions: refused at the retention key; one secondary or no backups is fine", () => {
        const config = prod();
        const secondary = config.regions.find((r) => r.role !== "primary")!;
        config.regions = [...config.regions, { ...secondary, name: "eu-west-1" }];
        const problems = drReplicationProblems(config);
        assert.deepStrictEqual(keys(config), ["drReplication.postgresAutomatedBackupsRetentionDays"]);
        assert.match(problems[0].message, /^set with 2 secondary regions; RDS replicates .* to one region only/);
        config.drReplication = { ...config.drReplication!, postgresAutomatedBackupsRetentionDays: undefined };
        assert.deepStrictEqual(drReplicationProblems(config), []);
    });
});
