/**
 * AWS Backup for disaster recovery: a vault per region under that region's `backups` key (Vault Lock by
 * config), a plan in the primary region that selects the Postgres instance and the documents bucket by
 * their `backup-plan` tag and copies snapshots to every secondary region's vault, optional continuous
 * backup (point-in-time restore), scheduled restore drills, and a KMS-encrypted SNS topic per region that
 * receives the vaults' job notifications. The topic is the DR module's own until observability exists.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { BackupConfig } from "../../config/sections/dr/backup";
import { partitionOf } from "../../config/sections/common";
import { policyDocument, PolicyStatement, serviceTrustPolicy } from "../../lib/iam";
import { physicalName } from "../../lib/naming";

/** The tag key AWS Backup selects resources by. */
export const BACKUP_PLAN_TAG_KEY = "backup-plan";

/** The tag a resource carries to be backed up by the environment's plan (components/datastores set it). */
export function backupSelectionTags(environment: string): Record<string, string> {
    return { [BACKUP_PLAN_TAG_KEY]: `${environment}-platform` };
}

/**
 * Vault events sent to the DR topic, all in the supported list of PutBackupVaultNotifications (AWS Backup API
 * reference: BACKUP_JOB_STARTED | BACKUP_JOB_COMPLETED, COPY_JOB_STARTED | COPY_JOB_SUCCESSFUL | COPY_JOB_FAILED,
 * RESTORE_JOB_STARTED | RESTORE_JOB_COMPLETED | RECOVERY_POINT_MODIFIED, S3_BACKUP_OBJECT_FAILED |
 * S3_RESTORE_OBJECT_FAILED, CONTINUOUS_BACKUP_INTERRUPTED, ...). BACKUP_JOB_COMPLETED and RESTORE_JOB_COMPLETED carry
 * the job's state (failed ones included); AWS lists BACKUP_JOB_FAILED and RESTORE_JOB_FAILED as deprecated, sending
 * nothing. CONTINUOUS_BACKUP_INTERRUPTED: point-in-time restore stopped recording (continuousBackupDays), which
 * loses the in-region RPO until it resumes (whether its message carries the `State` attribute the subscribers'
 * filter policy reads is not documented: unverified).
 */
export const VAULT_EVENTS = [
    "BACKUP_JOB_COMPLETED",
    "RESTORE_JOB_COMPLETED",
    "COPY_JOB_FAILED",
    "S3_BACKUP_OBJECT_FAILED",
    "S3_RESTORE_OBJECT_FAILED",
    "CONTINUOUS_BACKUP_INTERRUPTED",
] as const;

/** Subscribers hear only about jobs that did not complete (the `State` message attribute AWS Backup sets). */
export const FAILED_JOBS_FILTER_POLICY = { State: [{ "anything-but": "COMPLETED" }] };

/** AWS managed policies the backup service role needs: backup and restore in general, and S3's own pair. */
export function backupServicePolicyArns(partition: string): string[] {
    return [
        `arn:${partition}:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForBackup`,
        `arn:${partition}:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForRestores`,
        `arn:${partition}:iam::aws:policy/AWSBackupServiceRolePolicyForS3Backup`,
        `arn:${partition}:iam::aws:policy/AWSBackupServiceRolePolicyForS3Restore`,
    ];
}

/**
 * The selection's condition: only resources carrying the plan tag. The resource list narrows it to the
 * types the plan is for (RDS instances in the region, S3 buckets), so a stray tag elsewhere selects nothing.
 */
export function backupSelection(args: { environment: string; partition: string; region: string; accountId: string }): {
    resources: string[];
    conditions: aws.types.input.backup.SelectionCondition[];
} {
    const [key, value] = Object.entries(backupSelectionTags(args.environment))[0];
    return {
        resources: [`arn:${args.partition}:rds:${args.region}:${args.accountId}:db:*`, `arn:${args.partition}:s3:::*`],
        conditions: [{ stringEquals: [{ key: `aws:ResourceTag/${key}`, value }] }],
    };
}

/**
 * The plan's rules: a scheduled snapshot rule (cold storage and copies by config) and, with
 * `continuousBackupDays`, a continuous rule. Continuous points cannot be copied or moved to cold storage,
 * so that rule has neither.
 */
export function backupPlanRules(settings: BackupConfig, targetVaultName: pulumi.Input<string>, copyVaultArns: pulumi.Input<string>[]): aws.types.input.backup.PlanRule[] {
    const lifecycle = { deleteAfter: settings.deleteAfterDays, ...(settings.coldStorageAfterDays !== undefined ? { coldStorageAfter: settings.coldStorageAfterDays } : {}) };
    const rules: aws.types.input.backup.PlanRule[] = [
        {
            ruleName: "snapshots",
            targetVaultName,
            schedule: settings.schedule,
            startWindow: settings.startWindowMinutes,
            completionWindow: settings.completionWindowMinutes,
            lifecycle,
            copyActions: settings.copyToSecondaryRegions ? copyVaultArns.map((destinationVaultArn) => ({ destinationVaultArn, lifecycle })) : [],
        },
    ];
    if (settings.continuousBackupDays !== undefined) {
        rules.push({
            ruleName: "continuous",
            targetVaultName,
            schedule: settings.schedule,
            startWindow: settings.startWindowMinutes,
            completionWindow: settings.completionWindowMinutes,
            enableContinuousBackup: true,
            lifecycle: { deleteAfter: settings.continuousBackupDays },
        });
    }
    return rules;
}

/** Vault Lock arguments by mode: governance has no `changeableForDays`; compliance sets it, which makes the lock permanent after it. */
export function vaultLockArgs(lock: BackupConfig["vaultLock"]): Omit<aws.backup.VaultLockConfigurationArgs, "backupVaultName"> | undefined {
    if (lock.mode === "off") {
        return undefined;
    }
    return {
        minRetentionDays: lock.minRetentionDays,
        ...(lock.maxRetentionDays !== undefined ? { maxRetentionDays: lock.maxRetentionDays } : {}),
        ...(lock.mode === "compliance" ? { changeableForDays: lock.changeableForDays } : {}),
    };
}

/** Restore testing names allow only letters, digits and underscores (at most 50). */
export function restoreTestingName(parts: string[]): string {
    return parts
        .join("_")
        .replace(/[^A-Za-z0-9_]+/g, "_")
        .slice(0, 50);
}

export interface BackupRegion {
    /** `prod-use1`. */
    prefix: string;
    name: string;
    role: "primary" | "secondary";
    provider: aws.Provider;
    /** The region's `backups` CMK: vault and topic encryption. */
    backupsKeyArn: pulumi.Input<string>;
}

export interface BackupArgs {
    environment: string;
    accountId: string;
    settings: BackupConfig;
    /** Every region of the stack; the plan and drills run in the primary, copies go to the secondaries. */
    regions: BackupRegion[];
    /** The primary's Postgres, for the restore drill's placement (restores otherwise go to the default VPC). */
    postgres?: { dbSubnetGroupName: pulumi.Input<string>; securityGroupId: pulumi.Input<string> };
    /** Whether the primary's documents bucket carries the plan tag (the drill then restores it too). */
    documentsBucket: boolean;
    /** Protect the vaults (pulumi protect, retainOnDelete) and refuse forceDestroy. */
    protect: boolean;
}

export class Backup extends pulumi.ComponentResource {
    readonly vaultArns: Record<string, pulumi.Output<string>> = {};
    readonly topicArns: Record<string, pulumi.Output<string>> = {};
    readonly planId?: pulumi.Output<string>;

    constructor(name: string, args: BackupArgs, opts?: pulumi.ComponentResourceOptions) {
        super("platform:dr:Backup", name, {}, opts);
        const primary = args.regions.find((r) => r.role === "primary");
        if (primary === undefined) {
            throw new Error(`${name}: needs the primary region`);
        }
        const partition = partitionOf(primary.name) ?? "aws";

        // IAM is global: one service role for every region's jobs and drills.
        const role = new aws.iam.Role(`${name}-role`, { assumeRolePolicy: JSON.stringify(serviceTrustPolicy("backup.amazonaws.com", args.accountId)) }, { parent: this });
        const attachments = backupServicePolicyArns(partition).map(
            (policyArn, i) => new aws.iam.RolePolicyAttachment(`${name}-role-policy-${i}`, { role: role.name, policyArn }, { parent: this }),
        );
        // The backups keys' policy leaves use to IAM; the role may use them only through AWS Backup.
        const keyPolicy = new aws.iam.RolePolicy(
            `${name}-role-backups-keys`,
            {
                role: role.name,
                policy: pulumi.all(args.regions.map((r) => r.backupsKeyArn)).apply((keyArns) =>
                    JSON.stringify(
                        policyDocument(
                            args.regions.flatMap((r, i): PolicyStatement[] => [
                                {
                                    Sid: `UseBackupsKey${i}`,
                                    Effect: "Allow",
                                    Action: ["kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:DescribeKey"],
                                    Resource: keyArns[i],
                                    Condition: { StringEquals: { "kms:ViaService": `backup.${r.name}.amazonaws.com` } },
                                },
                                {
                                    Sid: `GrantBackupsKey${i}`,
                                    Effect: "Allow",
                                    Action: "kms:CreateGrant",
                                    Resource: keyArns[i],
                                    Condition: { StringEquals: { "kms:ViaService": `backup.${r.name}.amazonaws.com` }, Bool: { "kms:GrantIsForAWSResource": "true" } },
                                },
                            ]),
                        ),
                    ),
                ),
            },
            { parent: this },
        );

        const lock = vaultLockArgs(args.settings.vaultLock);
        const vaults: Record<string, aws.backup.Vault> = {};
        for (const region of args.regions) {
            const child = `${name}-${region.prefix}`;
            const options = { parent: this, provider: region.provider };
            const vault = new aws.backup.Vault(
                `${child}-vault`,
                { name: physicalName(["platform", region.prefix], 50), kmsKeyArn: region.backupsKeyArn, forceDestroy: !args.protect },
                { ...options, protect: args.protect, retainOnDelete: args.protect },
            );
            if (lock) {
                new aws.backup.VaultLockConfiguration(`${child}-vault-lock`, { backupVaultName: vault.name, ...lock }, options);
            }
            const topic = new aws.sns.Topic(`${child}-dr-notifications`, { kmsMasterKeyId: region.backupsKeyArn }, options);
            const topicPolicy = new aws.sns.TopicPolicy(
                `${child}-dr-notifications-policy`,
                {
                    arn: topic.arn,
                    policy: topic.arn.apply((arn) =>
                        JSON.stringify(
                            policyDocument([
                                {
                                    Sid: "BackupPublishes",
                                    Effect: "Allow",
                                    Principal: { Service: "backup.amazonaws.com" },
                                    Action: "sns:Publish",
                                    Resource: arn,
                                    Condition: { StringEquals: { "aws:SourceAccount": args.accountId } },
                                },
                            ]),
                        ),
                    ),
                },
                options,
            );
            args.settings.notificationEmails.forEach((endpoint, i) => {
                new aws.sns.TopicSubscription(
                    `${child}-dr-notifications-email-${i}`,
                    { topic: topic.arn, protocol: "email", endpoint, filterPolicyScope: "MessageAttributes", filterPolicy: JSON.stringify(FAILED_JOBS_FILTER_POLICY) },
                    options,
                );
            });
            new aws.backup.VaultNotifications(
                `${child}-vault-notifications`,
                { backupVaultName: vault.name, snsTopicArn: topic.arn, backupVaultEvents: [...VAULT_EVENTS] },
                { ...options, dependsOn: [topicPolicy] },
            );
            vaults[region.name] = vault;
            this.vaultArns[region.name] = vault.arn;
            this.topicArns[region.name] = topic.arn;
        }

        const primaryVault = vaults[primary.name];
        const primaryOptions = { parent: this, provider: primary.provider };
        const copyVaultArns = args.regions.filter((r) => r.role === "secondary").map((r) => vaults[r.name].arn);
        const plan = new aws.backup.Plan(
            `${name}-plan`,
            { name: physicalName(["platform", primary.prefix], 50), rules: backupPlanRules(args.settings, primaryVault.name, copyVaultArns) },
            primaryOptions,
        );
        const selection = backupSelection({ environment: args.environment, partition, region: primary.name, accountId: args.accountId });
        new aws.backup.Selection(
            `${name}-selection`,
            { name: physicalName(["platform", primary.prefix, "tagged"], 50), planId: plan.id, iamRoleArn: role.arn, ...selection },
            { ...primaryOptions, dependsOn: [...attachments, keyPolicy] },
        );
        this.planId = plan.id;

        const drills = args.settings.restoreTesting;
        if (drills) {
            const testingPlan = new aws.backup.RestoreTestingPlan(
                `${name}-restore-testing`,
                {
                    name: restoreTestingName(["platform", primary.prefix, "drill"]),
                    scheduleExpression: drills.schedule,
                    startWindowHours: drills.startWindowHours,
                    recoveryPointSelection: {
                        algorithm: "LATEST_WITHIN_WINDOW",
                        includeVaults: [primaryVault.arn],
                        recoveryPointTypes: ["SNAPSHOT"],
                        selectionWindowDays: drills.selectionWindowDays,
                    },
                },
                primaryOptions,
            );
            const [key, value] = Object.entries(backupSelectionTags(args.environment))[0];
            const tagged = { stringEquals: [{ key: `aws:ResourceTag/${key}`, value }] };
            const targets: { type: string; overrides?: pulumi.Input<Record<string, pulumi.Input<string>>> }[] = [];
            if (args.postgres) {
                // Without these the restore goes to the default VPC, and fails where there is none.
                const pg = args.postgres;
                targets.push({
                    type: "RDS",
                    overrides: pulumi.all([pg.dbSubnetGroupName, pg.securityGroupId]).apply(([group, sg]) => ({ dbsubnetgroupname: group, vpcSecurityGroupIds: JSON.stringify([sg]) })),
                });
            }
            if (args.documentsBucket) {
                targets.push({ type: "S3" });
            }
            for (const target of targets) {
                new aws.backup.RestoreTestingSelection(
                    `${name}-restore-testing-${target.type.toLowerCase()}`,
                    {
                        name: restoreTestingName([target.type.toLowerCase(), "tagged"]),
                        restoreTestingPlanName: testingPlan.name,
                        iamRoleArn: role.arn,
                        protectedResourceType: target.type,
                        protectedResourceArns: ["*"],
                        protectedResourceConditions: tagged,
                        validationWindowHours: drills.validationWindowHours,
                        ...(target.overrides ? { restoreMetadataOverrides: target.overrides } : {}),
                    },
                    { ...primaryOptions, dependsOn: [...attachments, keyPolicy] },
                );
            }
        }
        this.registerOutputs({ vaultArns: this.vaultArns, topicArns: this.topicArns, planId: this.planId });
    }
}
