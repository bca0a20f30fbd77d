import * as aws from "@pulumi/aws";
import { validateResourceOfType } from "@pulumi/policy";
import { PlatformResourcePolicy } from "../../lib/rule";
import { found, isSet } from "../../lib/validate";

/** Without kmsKeyId the cache and its snapshots use the service-owned key, outside the platform's control. */
export const elasticacheCustomerManagedKey: PlatformResourcePolicy = {
    name: "elasticache-customer-managed-key",
    description: "ElastiCache replication groups must encrypt at rest with a customer-managed KMS key (kmsKeyId).",
    enforcementLevel: "mandatory",
    severity: "medium",
    theme: "encryption",
    anchors: ["CKV_AWS_191"],
    remediationSteps: "Set `kmsKeyId` on the aws.elasticache.ReplicationGroup to the platform's KMS key ARN (requires atRestEncryptionEnabled).",
    validateResource: validateResourceOfType(aws.elasticache.ReplicationGroup, (group, _args, reportViolation) => {
        if (!isSet(group, "kmsKeyId")) {
            reportViolation(`kmsKeyId must name a customer-managed KMS key (found: ${found(group.kmsKeyId)})`);
        }
    }),
};
