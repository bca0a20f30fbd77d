import * as aws from "@pulumi/aws";
import { validateResourceOfType } from "@pulumi/policy";
import { PlatformResourcePolicy } from "../../lib/rule";
import { mustBe, isGlobalSecondaryMember } from "../../lib/validate";

/** "preferred" accepts plaintext clients too; it is a migration step, not a steady state. */
export const elasticacheTransitEncryptionRequired: PlatformResourcePolicy = {
    name: "elasticache-transit-encryption-required",
    description: "ElastiCache replication groups must require TLS: transitEncryptionEnabled = true and transitEncryptionMode not \"preferred\".",
    enforcementLevel: "mandatory",
    severity: "high",
    theme: "tls",
    anchors: ["CKV_AWS_30", "AVD-AWS-0051", "FSBP ElastiCache.5"],
    remediationSteps: "Set `transitEncryptionEnabled: true` and leave `transitEncryptionMode` unset or \"required\" on the aws.elasticache.ReplicationGroup; clients connect with TLS (rediss://).",
    validateResource: validateResourceOfType(aws.elasticache.ReplicationGroup, (group, _args, reportViolation) => {
        if (isGlobalSecondaryMember(group)) {
            return; // Inherited from the global datastore\'s primary member (stack-elasticache-global-datastore-secured).
        }
        if (group.transitEncryptionEnabled !== true) {
            reportViolation(mustBe("transitEncryptionEnabled", "true", group.transitEncryptionEnabled));
        }
        const mode = group.transitEncryptionMode;
        if (mode !== undefined && mode !== "required") {
            reportViolation(mustBe("transitEncryptionMode", "\"required\" or unset", mode));
        }
    }),
};
