import * as aws from "@pulumi/aws";
import { validateResourceOfType } from "@pulumi/policy";
import { PlatformResourcePolicy } from "../../lib/rule";
import { found, isSet } from "../../lib/validate";

/** With the AWS-managed aws/secretsmanager key, access cannot be scoped by key policy or shared cross-account. */
export const secretsmanagerSecretCmk: PlatformResourcePolicy = {
    name: "secretsmanager-secret-cmk",
    description: "Secrets Manager secrets must be encrypted with a customer-managed KMS key (kmsKeyId).",
    enforcementLevel: "mandatory",
    severity: "low",
    theme: "encryption",
    anchors: ["CKV_AWS_149", "aws-secretsmanager-secret-configure-customer-managed-key"],
    remediationSteps: "Set `kmsKeyId: key.arn` on the aws.secretsmanager.Secret.",
    validateResource: validateResourceOfType(aws.secretsmanager.Secret, (secret, _args, reportViolation) => {
        if (!isSet(secret, "kmsKeyId")) {
            reportViolation(`kmsKeyId must name a customer-managed KMS key (found: ${found(secret.kmsKeyId)})`);
        }
    }),
};
