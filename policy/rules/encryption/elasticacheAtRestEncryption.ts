import * as aws from "@pulumi/aws";
import { validateResourceOfType } from "@pulumi/policy";
import { PlatformResourcePolicy } from "../../lib/rule";
import { mustBe, isGlobalSecondaryMember } from "../../lib/validate";

/** At-rest encryption is fixed at creation; the default is off for the redis engine (on for valkey). */
export const elasticacheAtRestEncryption: PlatformResourcePolicy = {
    name: "elasticache-at-rest-encryption",
    description: "ElastiCache replication groups must encrypt data at rest (atRestEncryptionEnabled = true; unset is accepted only for valkey, whose default is true).",
    enforcementLevel: "mandatory",
    severity: "high",
    theme: "encryption",
    anchors: ["CKV_AWS_29", "AVD-AWS-0045", "FSBP ElastiCache.4"],
    remediationSteps: "Set `atRestEncryptionEnabled: true` on the aws.elasticache.ReplicationGroup. An existing unencrypted group must be recreated (e.g. from a snapshot).",
    validateResource: validateResourceOfType(aws.elasticache.ReplicationGroup, (group, _args, reportViolation) => {
        if (isGlobalSecondaryMember(group)) {
            return; // Inherited from the global datastore\'s primary member (stack-elasticache-global-datastore-secured).
        }
        const enabled = group.atRestEncryptionEnabled;
        if (enabled === true || (enabled === undefined && group.engine === "valkey")) {
            return;
        }
        reportViolation(mustBe("atRestEncryptionEnabled", "true", enabled));
    }),
};
