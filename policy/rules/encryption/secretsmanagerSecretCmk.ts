import * as aws from "@pulumi/aws";
import { validateResourceOfType } from "@pulumi/policy";
import { PlatformResourcePolicy } from "../../lib/rule";
import { found, isSet, listOf } from "../../lib/validate";

/** With the AWS-managed aws/secretsmanager key, access cannot be scoped by key policy or shared cross-account. */
export const secretsmanagerSecretCmk: PlatformResourcePolicy = {
    name: "secretsmanager-secret-cmk",
    description: "Secrets Manager secrets must be encrypted with a customer-managed KMS key (kmsKeyId), in every region they are replicated to.",
    enforcementLevel: "mandatory",
    severity: "low",
    theme: "encryption",
    anchors: ["CKV_AWS_149", "aws-secretsmanager-secret-configure-customer-managed-key"],
    remediationSteps: "Set `kmsKeyId: key.arn` on the aws.secretsmanager.Secret, and a `kmsKeyId` of that region's key on each of its `replicas`.",
    validateResource: validateResourceOfType(aws.secretsmanager.Secret, (secret, _args, reportViolation) => {
        if (!isSet(secret, "kmsKeyId")) {
            reportViolation(`kmsKeyId must name a customer-managed KMS key (found: ${found(secret.kmsKeyId)})`);
        }
        // Without one, Secrets Manager encrypts the replica with the region's aws/secretsmanager key.
        listOf(secret.replicas).forEach((replica, i) => {
            if (!isSet(replica, "kmsKeyId")) {
                reportViolation(`replicas[${i}].kmsKeyId must name a customer-managed KMS key in ${found(replica.region)} (found: ${found(replica.kmsKeyId)})`);
            }
        });
    }),
};
