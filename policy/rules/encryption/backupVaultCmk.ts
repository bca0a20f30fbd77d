import * as aws from "@pulumi/aws";
import { validateResourceOfType } from "@pulumi/policy";
import { PlatformResourcePolicy } from "../../lib/rule";
import { found, isSet } from "../../lib/validate";

/**
 * Without kmsKeyArn AWS Backup encrypts fully managed types (S3, EFS...) with the AWS-managed aws/backup key,
 * whose policy the platform cannot scope, and a cross-region copy cannot be kept under the platform's own key.
 */
export const backupVaultCmk: PlatformResourcePolicy = {
    name: "backup-vault-cmk",
    description: "AWS Backup vaults must be encrypted with a customer-managed KMS key (kmsKeyArn), not the AWS-managed aws/backup key.",
    enforcementLevel: "mandatory",
    severity: "high",
    theme: "encryption",
    anchors: ["CKV_AWS_166"],
    remediationSteps: "Set `kmsKeyArn` on the aws.backup.Vault to the region's `backups` key ARN. The key cannot be changed on an existing vault: create a new vault and move the plans to it.",
    validateResource: validateResourceOfType(aws.backup.Vault, (vault, _args, reportViolation) => {
        if (!isSet(vault, "kmsKeyArn")) {
            reportViolation(`kmsKeyArn must name a customer-managed KMS key (found: ${found(vault.kmsKeyArn)})`);
        }
    }),
};
