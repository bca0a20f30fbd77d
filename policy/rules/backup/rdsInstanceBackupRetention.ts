import * as aws from "@pulumi/aws";
import { validateResourceOfType } from "@pulumi/policy";
import { PlatformResourcePolicy } from "../../lib/rule";
import { mustBe } from "../../lib/validate";

/** Automated backups are what point-in-time recovery restores from; the retention is the recovery horizon. */
export const rdsInstanceBackupRetention: PlatformResourcePolicy = {
    name: "rds-instance-backup-retention",
    description: "RDS instances must keep automated backups (point-in-time recovery) for at least `minimumDays` days, set explicitly (backupRetentionPeriod).",
    enforcementLevel: "mandatory",
    severity: "high",
    theme: "data-loss",
    anchors: ["CKV_AWS_133", "AVD-AWS-0077", "FSBP RDS.11", "AwsGuard rds-instance-backup-enabled", "aws-rds-instance-configure-backup-retention"],
    remediationSteps: "Set `backupRetentionPeriod` on the aws.rds.Instance to at least the configured minimum (up to 35 days), with a `backupWindow` outside peak hours.",
    configSchema: {
        properties: {
            minimumDays: { type: "integer", minimum: 1, maximum: 35, default: 7 },
        },
    },
    validateResource: validateResourceOfType(aws.rds.Instance, (instance, args, reportViolation) => {
        const { minimumDays } = args.getConfig<{ minimumDays: number }>();
        const days = instance.backupRetentionPeriod;
        if (typeof days !== "number" || days < minimumDays) {
            reportViolation(mustBe("backupRetentionPeriod", `at least ${minimumDays}`, days));
        }
    }),
};
