import * as aws from "@pulumi/aws";
import { validateResourceOfType } from "@pulumi/policy";
import { PlatformResourcePolicy } from "../../lib/rule";
import { found, isSet } from "../../lib/validate";

/** Without kmsKeyId RDS uses the AWS-managed key, whose policy the platform cannot scope or audit. */
export const rdsInstanceCustomerManagedKey: PlatformResourcePolicy = {
    name: "rds-instance-customer-managed-key",
    description: "Encrypted RDS instances must use a customer-managed KMS key (kmsKeyId), not the AWS-managed aws/rds key.",
    enforcementLevel: "mandatory",
    severity: "medium",
    theme: "encryption",
    anchors: ["CKV_AWS_327", "aws-rds-instance-configure-customer-managed-key"],
    remediationSteps: "Set `kmsKeyId` on the aws.rds.Instance to the ARN of the platform's KMS key. The key cannot be changed in place: restore from a snapshot copied with the new key.",
    validateResource: validateResourceOfType(aws.rds.Instance, (instance, _args, reportViolation) => {
        if (!isSet(instance, "kmsKeyId")) {
            reportViolation(`kmsKeyId must name a customer-managed KMS key (found: ${found(instance.kmsKeyId)})`);
        }
    }),
};
