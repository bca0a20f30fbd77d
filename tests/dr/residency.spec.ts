/**
 * Data residency in config validation: where the configuration puts each classification, and refusing a
 * region, replica or copy outside `residency.allowedRegions` before anything is registered. Plus the same
 * map reaching the policy gate: prod's synthesis fails stack-data-residency once us-west-2 is not allowed.
 */
import * as assert from "assert";
import { validateConfig } from "../../config";
import { dataPlacements, residencyProblems } from "../../config/sections/dr/residency";
import { evaluatePolicies } from "../../policy/evaluate";
import { stackRuleConfig } from "../../policy/scripts/stackRuleConfig";
import { configProblems as problemsOf, stackConfig } from "../support/config";
import { synthesizeStack } from "../support/synthesis";

const TWO_REGIONS = {
    regions: [
        { name: "us-east-1", role: "primary" },
        { name: "us-west-2", role: "secondary" },
    ],
    postgres: { crossRegionReplica: true, masterUserManagement: "stack" },
    redis: { inSecondaryRegions: false },
    atlas: { replicateToSecondaryRegions: true, backup: { copyToSecondaryRegions: true } },
    drReplication: { buckets: ["documents", "assets"], postgresAutomatedBackupsRetentionDays: 14 },
    backup: { copyToSecondaryRegions: true },
};

describe("data residency: config validation", () => {
    it("places pii where the data stores put it: documents everywhere, Postgres, its replica, Atlas nodes and copies", () => {
        const pii = dataPlacements(TWO_REGIONS)
            .filter((p) => p.classification === "pii")
            .map((p) => `${p.region} ${p.what}`);
        assert.deepStrictEqual(pii, [
            "us-east-1 the documents bucket",
            "us-east-1 Postgres",
            "us-east-1 the Atlas cluster's primary nodes",
            "us-west-2 the documents bucket",
            "us-west-2 the Postgres read replica",
            "us-west-2 Atlas nodes",
            "us-west-2 Atlas backup copies",
            "us-west-2 the documents bucket's replica",
            "us-west-2 AWS Backup copies of Postgres and the documents bucket",
            "us-west-2 replicated Postgres automated backups",
        ]);
    });

    it("keeps Redis confidential and in the secondary only with inSecondaryRegions", () => {
        const redis = (inSecondaryRegions: boolean) =>
            dataPlacements({ ...TWO_REGIONS, redis: { inSecondaryRegions } })
                .filter((p) => p.what === "Redis")
                .map((p) => `${p.classification} ${p.region}`);
        assert.deepStrictEqual(redis(false), ["confidential us-east-1"]);
        assert.deepStrictEqual(redis(true), ["confidential us-east-1", "confidential us-west-2"]);
    });

    it("puts a replica of the platform's secrets (confidential) in every secondary region, and refuses it where confidential may not go", () => {
        const replicas = dataPlacements(TWO_REGIONS).filter((p) => /replicas of the platform's secrets/.test(p.what));
        assert.deepStrictEqual(replicas.map((p) => [p.classification, p.region, p.path.join(".")]), [["confidential", "us-west-2", "regions.1.name"]]);
        const problems = residencyProblems({ ...TWO_REGIONS, postgres: { crossRegionReplica: false, masterUserManagement: "rds" }, residency: { allowedRegions: { confidential: ["us-east-1"] } } });
        const secretProblems = problems.filter((p) => /replicas of the platform's secrets/.test(p.message));
        assert.deepStrictEqual(secretProblems.map((p) => p.path.join(".")), ["regions.1.name"]);
        assert.match(secretProblems[0].message, /replicas of the platform's secrets \(Redis credentials\) \(confidential\) in us-west-2; residency.allowedRegions.confidential allows only us-east-1/);
    });

    it("accepts every stack file as committed", () => {
        for (const stack of ["dev", "staging", "prod"]) {
            assert.doesNotThrow(() => validateConfig(stackConfig(stack)), stack);
        }
    });

    it("refuses each key that puts pii outside its allowed regions, naming the key, the region and the allowed ones", () => {
        const raw = stackConfig("prod");
        raw.residency = { allowedRegions: { pii: ["us-east-1"] } };
        const problems = problemsOf(raw);
        const keys = problems.map((p) => p.key);
        for (const key of [
            "platform:regions[1].name",
            "platform:postgres.crossRegionReplica",
            "platform:atlas.replicateToSecondaryRegions",
            "platform:atlas.backup.copyToSecondaryRegions",
            "platform:drReplication.buckets[0]",
            "platform:drReplication.postgresAutomatedBackupsRetentionDays",
            "platform:backup.copyToSecondaryRegions",
        ]) {
            assert.ok(keys.includes(key), `${key} not reported; got ${JSON.stringify(problems)}`);
        }
        assert.ok(!keys.includes("platform:drReplication.buckets[1]"), "the assets bucket is public, not pii");
        const replica = problems.find((p) => p.key === "platform:postgres.crossRegionReplica")!;
        assert.match(replica.message, /puts the Postgres read replica \(pii\) in us-west-2; residency\.allowedRegions\.pii allows only us-east-1/);
    });

    it("refuses a primary region outside the allowed regions of the data it holds", () => {
        const raw = stackConfig("staging");
        raw.residency = { allowedRegions: { confidential: ["eu-west-1"] } };
        const problems = problemsOf(raw);
        assert.ok(problems.some((p) => p.key === "platform:regions[0].name" && /Redis \(confidential\) in us-east-1/.test(p.message)), JSON.stringify(problems));
    });

    it("refuses an unknown region and an empty list in allowedRegions", () => {
        const raw = stackConfig("dev");
        raw.residency = { allowedRegions: { pii: ["us-east-9"], internal: [] } };
        const keys = problemsOf(raw).map((p) => p.key);
        assert.ok(keys.includes("platform:residency.allowedRegions.pii[0]"), JSON.stringify(keys));
        assert.ok(keys.includes("platform:residency.allowedRegions.internal"), JSON.stringify(keys));
    });

    it("restricts nothing without a residency section", () => {
        assert.deepStrictEqual(residencyProblems(TWO_REGIONS), []);
    });
});

describe("data residency: the same map in the policy gate", () => {
    it("writes the stack's allowedRegions into the rule config", () => {
        assert.deepStrictEqual(stackRuleConfig("prod")["stack-data-residency"], { allowedRegions: { pii: ["us-east-1", "us-west-2"] } });
    });

    it("writes the stack's drTargets and the failover runbook's minutes into stack-dr-objectives' config (none without drTargets)", () => {
        const prod = stackRuleConfig("prod")["stack-dr-objectives"];
        assert.deepStrictEqual([prod.rpoMinutes, prod.rtoMinutes], [15, 60]);
        assert.ok(typeof prod.failoverRunbookMinutes === "number" && prod.failoverRunbookMinutes > 0 && prod.failoverRunbookMinutes <= 60);
        assert.strictEqual(stackRuleConfig("dev")["stack-dr-objectives"], undefined);
    });

    it("fails prod's synthesis when us-west-2 may not hold pii: replica, documents bucket, Atlas nodes and copies", async () => {
        const prod = await synthesizeStack("prod");
        const violations = await evaluatePolicies(prod.resources, { stack: "prod", config: { all: "mandatory", "stack-data-residency": { allowedRegions: { pii: ["us-east-1"] } } } });
        const fired = violations.filter((v) => v.policy === "stack-data-residency" && v.enforcementLevel === "mandatory").map((v) => v.message);
        for (const expected of [
            /"prod-usw2-postgres-replica-instance": pii data \(a read replica of/,
            /"prod-usw2-buckets-documents-bucket": pii data \(stored\) in us-west-2/,
            /"prod-atlas-cluster": pii data \(Atlas nodes\) in us-west-2/,
            /"prod-atlas-backup-schedule": pii data \(backup copies of/,
            /pii data \(aws:s3\/bucket:Bucket "prod-use1-buckets-documents-bucket" replicated to aws:s3\/bucket:Bucket "prod-usw2-buckets-documents-bucket"\) in us-west-2/,
            /pii data \(automated backups of aws:rds\/instance:Instance "prod-use1-postgres-instance"\) in us-west-2/,
            /"prod-dr-backup-selection": pii data \(AWS Backup copies of aws:rds\/instance:Instance "prod-use1-postgres-instance" in aws:backup\/vault:Vault "prod-dr-backup-prod-usw2-vault"\) in us-west-2/,
            /"prod-dr-backup-selection": pii data \(AWS Backup copies of aws:s3\/bucket:Bucket "prod-use1-buckets-documents-bucket" in/,
        ]) {
            assert.ok(fired.some((m) => expected.test(m)), `${expected} not reported; got ${JSON.stringify(fired)}`);
        }
        assert.ok(fired.every((m) => !/ in us-east-1,/.test(m)), "us-east-1 is allowed");
    });
});
