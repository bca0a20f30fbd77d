/**
 * AWS Backup (components/dr/backup.ts, config/sections/dr/backup.ts): the pure calculations without mocks,
 * then what the stacks synthesize, checked against what AWS needs (regions, keys, tags, joins) rather than
 * against the builders.
 */
import * as assert from "assert";
import { backupPlanRules, backupSelection, restoreTestingName, vaultLockArgs } from "../../components/dr/backup";
import { ConfigError, decodeConfigMap, validateConfig } from "../../config";
import { BackupConfig, backupSchema } from "../../config/sections/dr/backup";
import { readStackFiles } from "../../offline/stackFiles";
import { PROJECT_ROOT } from "../../offline/synthesize";
import { SynthesisResult, SynthesizedResource } from "../../offline/types";
import { keyBehind } from "../datastores/support";
import { ofType, single, synthesizeStack } from "../support/synthesis";

const VAULT = "aws:backup/vault:Vault";
const LOCK = "aws:backup/vaultLockConfiguration:VaultLockConfiguration";
const PLAN = "aws:backup/plan:Plan";
const SELECTION = "aws:backup/selection:Selection";
const NOTIFICATIONS = "aws:backup/vaultNotifications:VaultNotifications";
const TESTING_PLAN = "aws:backup/restoreTestingPlan:RestoreTestingPlan";
const TESTING_SELECTION = "aws:backup/restoreTestingSelection:RestoreTestingSelection";
const TOPIC = "aws:sns/topic:Topic";
const TOPIC_POLICY = "aws:sns/topicPolicy:TopicPolicy";
const ATTACHMENT = "aws:iam/rolePolicyAttachment:RolePolicyAttachment";

function rawConfig(stack: string): Record<string, any> {
    return decodeConfigMap(readStackFiles(PROJECT_ROOT, stack).config);
}

function problemsOf(raw: Record<string, unknown>): ConfigError["problems"] {
    try {
        validateConfig(raw);
    } catch (error) {
        assert.ok(error instanceof ConfigError, `expected ConfigError, got ${error}`);
        return error.problems;
    }
    return [];
}

const settings = (overrides: Partial<BackupConfig> = {}): BackupConfig => ({ ...backupSchema.parse({}), ...overrides });

describe("dr backup: calculations", () => {
    it("copies snapshots to every given vault with the rule's own lifecycle, and none when copies are off", () => {
        const [snapshots] = backupPlanRules(settings({ deleteAfterDays: 120, coldStorageAfterDays: 30 }), "vault", ["arn:a", "arn:b"]);
        assert.deepStrictEqual(snapshots.copyActions, [
            { destinationVaultArn: "arn:a", lifecycle: { deleteAfter: 120, coldStorageAfter: 30 } },
            { destinationVaultArn: "arn:b", lifecycle: { deleteAfter: 120, coldStorageAfter: 30 } },
        ]);
        assert.deepStrictEqual(backupPlanRules(settings({ copyToSecondaryRegions: false }), "vault", ["arn:a"])[0].copyActions, []);
    });

    it("adds a continuous rule only when configured, with no copies and no cold storage (AWS supports neither)", () => {
        assert.strictEqual(backupPlanRules(settings(), "vault", []).length, 1);
        const rules = backupPlanRules(settings({ continuousBackupDays: 14, coldStorageAfterDays: 30, deleteAfterDays: 120 }), "vault", ["arn:a"]);
        const continuous = rules.find((r) => r.enableContinuousBackup === true);
        assert.ok(continuous);
        assert.deepStrictEqual(continuous.lifecycle, { deleteAfter: 14 });
        assert.strictEqual(continuous.copyActions, undefined);
        assert.strictEqual(rules.filter((r) => r.enableContinuousBackup === true).length, 1);
    });

    it("locks in compliance mode only when asked, which is what sets changeableForDays", () => {
        const lock = { mode: "governance" as const, changeableForDays: 3, minRetentionDays: 7 };
        assert.deepStrictEqual(vaultLockArgs(lock), { minRetentionDays: 7 });
        assert.deepStrictEqual(vaultLockArgs({ ...lock, mode: "compliance", maxRetentionDays: 400 }), { minRetentionDays: 7, maxRetentionDays: 400, changeableForDays: 3 });
        assert.strictEqual(vaultLockArgs({ ...lock, mode: "off" }), undefined);
    });

    it("names restore testing resources with letters, digits and underscores only, at most 50", () => {
        assert.strictEqual(restoreTestingName(["platform", "prod-use1", "drill"]), "platform_prod_use1_drill");
        const long = restoreTestingName(["x".repeat(60)]);
        assert.match(long, /^[A-Za-z0-9_]{1,50}$/);
    });

    it("selects only tagged RDS instances of the region and tagged S3 buckets", () => {
        const selection = backupSelection({ environment: "prod", partition: "aws", region: "us-east-1", accountId: "333344445555" });
        assert.deepStrictEqual(selection.resources, ["arn:aws:rds:us-east-1:333344445555:db:*", "arn:aws:s3:::*"]);
        assert.deepStrictEqual(selection.conditions, [{ stringEquals: [{ key: "aws:ResourceTag/backup-plan", value: "prod-platform" }] }]);
    });
});

describe("config: platform:backup", () => {
    it("is optional: dev configures none", () => {
        assert.strictEqual(validateConfig(rawConfig("dev")).backup, undefined);
    });

    it("prod locks in compliance mode; staging in governance mode", () => {
        assert.strictEqual(validateConfig(rawConfig("prod")).backup?.vaultLock.mode, "compliance");
        assert.strictEqual(validateConfig(rawConfig("staging")).backup?.vaultLock.mode, "governance");
    });

    it("defaults the lock to governance, the removable mode", () => {
        assert.strictEqual(backupSchema.parse({}).vaultLock.mode, "governance");
    });

    it("refuses a cold-storage transition less than 90 days before deletion, as AWS does", () => {
        const raw = rawConfig("prod");
        raw.backup = { ...raw.backup, coldStorageAfterDays: 30, deleteAfterDays: 119 };
        const problems = problemsOf(raw);
        assert.deepStrictEqual(
            problems.map((p) => p.key),
            ["platform:backup.deleteAfterDays"],
        );
        assert.match(problems[0].message, /119 is less than 90 days after coldStorageAfterDays 30/);
        raw.backup.deleteAfterDays = 120;
        assert.deepStrictEqual(problemsOf(raw), []);
    });

    it("refuses retentions the vault lock would make AWS Backup fail, one problem per key", () => {
        const raw = rawConfig("prod");
        raw.backup = { ...raw.backup, deleteAfterDays: 500, continuousBackupDays: 3 };
        assert.deepStrictEqual(
            problemsOf(raw)
                .map((p) => p.key)
                .sort(),
            ["platform:backup.continuousBackupDays", "platform:backup.deleteAfterDays"],
        );
    });

    it("names each bad key once: schedule, windows, lock, continuous range, e-mail, copies without a secondary region", () => {
        const raw = rawConfig("staging");
        raw.backup = {
            schedule: "daily",
            startWindowMinutes: 10,
            continuousBackupDays: 36,
            copyToSecondaryRegions: true,
            vaultLock: { mode: "strict" },
            notificationEmails: ["not-an-address"],
        };
        const keys = problemsOf(raw).map((p) => p.key);
        assert.deepStrictEqual([...keys].sort(), [
            "platform:backup.continuousBackupDays",
            "platform:backup.notificationEmails[0]",
            "platform:backup.schedule",
            "platform:backup.startWindowMinutes",
            "platform:backup.vaultLock.mode",
        ]);
        assert.strictEqual(new Set(keys).size, keys.length);
        // Cross-field checks run on a config that parses: staging has no secondary region to copy to.
        const parsed = rawConfig("staging");
        parsed.backup = { ...parsed.backup, copyToSecondaryRegions: true };
        assert.deepStrictEqual(
            problemsOf(parsed).map((p) => p.key),
            ["platform:backup.copyToSecondaryRegions"],
        );
    });

    it("refuses a completion window not longer than the start window", () => {
        const raw = rawConfig("prod");
        raw.backup = { ...raw.backup, startWindowMinutes: 180, completionWindowMinutes: 180 };
        assert.deepStrictEqual(
            problemsOf(raw).map((p) => p.key),
            ["platform:backup.completionWindowMinutes"],
        );
    });
});

function dependsOn(resource: SynthesizedResource, property: string, target: SynthesizedResource): boolean {
    return (resource.propertyDependencies[property] ?? []).includes(target.urn);
}

function vaultIn(result: SynthesisResult, region: string): SynthesizedResource {
    const vaults = ofType(result, VAULT).filter((v) => v.region === region);
    assert.strictEqual(vaults.length, 1, `one vault in ${region}`);
    return vaults[0];
}

describe("dr backup: prod synthesis", () => {
    let prod: SynthesisResult;
    before(async () => {
        prod = await synthesizeStack("prod");
    });

    it("has a protected vault per region under that region's backups key", () => {
        for (const region of ["us-east-1", "us-west-2"]) {
            const vault = vaultIn(prod, region);
            assert.strictEqual(keyBehind(prod, vault, "kmsKeyArn"), `${region}/backups`);
            assert.strictEqual(vault.options.protect, true);
            assert.strictEqual(vault.inputs.forceDestroy, false);
            assert.match(vault.inputs.name, /^[a-zA-Z0-9\-_]{2,50}$/);
        }
    });

    it("locks each vault in compliance mode, in the vault's region", () => {
        for (const region of ["us-east-1", "us-west-2"]) {
            const vault = vaultIn(prod, region);
            const locks = ofType(prod, LOCK).filter((l) => dependsOn(l, "backupVaultName", vault));
            assert.strictEqual(locks.length, 1);
            assert.strictEqual(locks[0].region, region);
            assert.strictEqual(locks[0].inputs.changeableForDays, 3);
        }
    });

    it("backs up in the primary region and copies every snapshot to the secondary region's vault", () => {
        const plan = single(prod, PLAN);
        assert.strictEqual(plan.region, "us-east-1");
        assert.ok(dependsOn(plan, "rules", vaultIn(prod, "us-west-2")), "the copy destination is the us-west-2 vault");
        const snapshots = plan.inputs.rules.find((r: any) => r.enableContinuousBackup !== true);
        assert.strictEqual(snapshots.targetVaultName, vaultIn(prod, "us-east-1").inputs.name);
        assert.deepStrictEqual(
            snapshots.copyActions.map((c: any) => c.destinationVaultArn.split(":")[3]),
            ["us-west-2"],
        );
        assert.ok(plan.inputs.rules.some((r: any) => r.enableContinuousBackup === true && r.lifecycle.deleteAfter === 14));
    });

    it("selects exactly what carries the plan's tag: the primary's Postgres instance and documents bucket", () => {
        const selection = single(prod, SELECTION);
        const [{ key, value }] = selection.inputs.conditions[0].stringEquals;
        const tag = key.replace("aws:ResourceTag/", "");
        const tagged = prod.resources.filter((r) => r.custom && r.inputs.tags?.[tag] === value);
        assert.deepStrictEqual(tagged.map((r) => `${r.type} ${r.region}`).sort(), ["aws:rds/instance:Instance us-east-1", "aws:s3/bucket:Bucket us-east-1"]);
        assert.ok(tagged.find((r) => r.type === "aws:s3/bucket:Bucket")?.name.includes("documents"));
        assert.ok(dependsOn(selection, "planId", single(prod, PLAN)));
    });

    it("runs jobs as a role AWS Backup can assume, with the backup, restore and S3 managed policies", () => {
        const selection = single(prod, SELECTION);
        const role = prod.resources.find((r) => r.type === "aws:iam/role:Role" && dependsOn(selection, "iamRoleArn", r));
        assert.ok(role);
        const trust = JSON.parse(role.inputs.assumeRolePolicy);
        assert.deepStrictEqual(trust.Statement[0].Principal, { Service: "backup.amazonaws.com" });
        const managed = ofType(prod, ATTACHMENT)
            .filter((a) => dependsOn(a, "role", role))
            .map((a) => a.inputs.policyArn.replace(/^.*\//, ""))
            .sort();
        assert.deepStrictEqual(managed, ["AWSBackupServiceRolePolicyForBackup", "AWSBackupServiceRolePolicyForRestores", "AWSBackupServiceRolePolicyForS3Backup", "AWSBackupServiceRolePolicyForS3Restore"]);
    });

    it("drills restores weekly from the primary vault, placing the RDS restore in the database's subnet group and security group", () => {
        const plan = single(prod, TESTING_PLAN);
        assert.strictEqual(plan.inputs.scheduleExpression, "cron(0 6 ? * SAT *)");
        assert.match(plan.inputs.name, /^[A-Za-z0-9_]{1,50}$/);
        assert.ok(dependsOn(plan, "recoveryPointSelection", vaultIn(prod, "us-east-1")));
        const selections = ofType(prod, TESTING_SELECTION);
        assert.deepStrictEqual(selections.map((s) => s.inputs.protectedResourceType).sort(), ["RDS", "S3"]);
        const instance = single(prod, "aws:rds/instance:Instance", "use1-postgres-instance");
        for (const s of selections) {
            assert.strictEqual(s.inputs.restoreTestingPlanName, plan.inputs.name);
            assert.strictEqual(s.inputs.validationWindowHours, 24);
        }
        const rds = selections.find((s) => s.inputs.protectedResourceType === "RDS")!;
        assert.strictEqual(rds.inputs.restoreMetadataOverrides.dbsubnetgroupname, instance.inputs.dbSubnetGroupName);
        assert.deepStrictEqual(JSON.parse(rds.inputs.restoreMetadataOverrides.vpcSecurityGroupIds), instance.inputs.vpcSecurityGroupIds);
    });

    it("sends the vaults' job events to a KMS-encrypted topic in the vault's region that AWS Backup may publish to", () => {
        for (const region of ["us-east-1", "us-west-2"]) {
            const vault = vaultIn(prod, region);
            const notifications = ofType(prod, NOTIFICATIONS).filter((n) => dependsOn(n, "backupVaultName", vault));
            assert.strictEqual(notifications.length, 1);
            assert.ok(notifications[0].inputs.backupVaultEvents.includes("RESTORE_JOB_COMPLETED"));
            assert.ok(notifications[0].inputs.backupVaultEvents.includes("COPY_JOB_FAILED"));
            assert.ok(notifications[0].inputs.backupVaultEvents.includes("CONTINUOUS_BACKUP_INTERRUPTED"), "a stopped point-in-time recording is reported");
            // Only events AWS still sends (the deprecated *_FAILED job events send nothing).
            for (const deprecated of ["BACKUP_JOB_FAILED", "RESTORE_JOB_FAILED", "BACKUP_JOB_SUCCESSFUL", "RESTORE_JOB_SUCCESSFUL", "BACKUP_JOB_EXPIRED"]) {
                assert.ok(!notifications[0].inputs.backupVaultEvents.includes(deprecated), deprecated);
            }
            const topic = ofType(prod, TOPIC).find((t) => dependsOn(notifications[0], "snsTopicArn", t));
            assert.ok(topic && topic.region === region);
            assert.strictEqual(keyBehind(prod, topic, "kmsMasterKeyId"), `${region}/backups`);
            const policy = ofType(prod, TOPIC_POLICY).find((p) => dependsOn(p, "arn", topic));
            assert.ok(policy);
            const publish = JSON.parse(policy.inputs.policy).Statement.find((s: any) => s.Action === "sns:Publish");
            assert.deepStrictEqual(publish.Principal, { Service: "backup.amazonaws.com" });
            // The topic's key must admit the publisher too, or messages are dropped.
            const key = ofType(prod, "aws:kms/key:Key").find((k) => dependsOn(topic, "kmsMasterKeyId", k))!;
            const keyStatements = JSON.parse(key.inputs.policy).Statement;
            assert.ok(keyStatements.some((s: any) => s.Principal?.Service === "backup.amazonaws.com" && [s.Action].flat().includes("kms:GenerateDataKey*")));
        }
    });
});

describe("dr backup: other stacks", () => {
    it("dev, which configures no backup, has no AWS Backup resources and tags nothing for a plan", async () => {
        const dev = await synthesizeStack("dev");
        assert.deepStrictEqual(
            dev.resources.filter((r) => r.type.startsWith("aws:backup/")),
            [],
        );
        assert.deepStrictEqual(
            dev.resources.filter((r) => r.inputs.tags?.["backup-plan"] !== undefined),
            [],
        );
    });

    it("staging locks in governance mode (no changeableForDays) and copies nowhere", async () => {
        const staging = await synthesizeStack("staging");
        const locks = ofType(staging, LOCK);
        assert.strictEqual(locks.length, 1);
        assert.strictEqual(locks[0].inputs.changeableForDays, undefined);
        assert.deepStrictEqual(single(staging, PLAN).inputs.rules[0].copyActions, []);
        assert.deepStrictEqual(ofType(staging, TESTING_PLAN), []);
    });
});
