import * as aws from "@pulumi/aws";
import { validateResourceOfType } from "@pulumi/policy";
import { PlatformResourcePolicy } from "../../lib/rule";
import { isSet, mustBe } from "../../lib/validate";

/** Storage encryption is fixed at creation: an unencrypted instance has to be rebuilt to fix it. */
export const rdsInstanceStorageEncrypted: PlatformResourcePolicy = {
    name: "rds-instance-storage-encrypted",
    description: "RDS instances must encrypt their storage (storageEncrypted = true; the provider default is false).",
    enforcementLevel: "mandatory",
    severity: "high",
    theme: "encryption",
    anchors: ["CKV_AWS_16", "AVD-AWS-0080", "FSBP RDS.3", "AwsGuard rds-storage-encrypted", "aws-rds-instance-disallow-unencrypted-storage"],
    remediationSteps: "Set `storageEncrypted: true` on the aws.rds.Instance (with `kmsKeyId` naming the platform's KMS key). An existing unencrypted instance must be restored from an encrypted snapshot copy.",
    validateResource: validateResourceOfType(aws.rds.Instance, (instance, _args, reportViolation) => {
        // A read replica inherits encryption from its source, which this rule checks.
        if (isSet(instance, "replicateSourceDb")) {
            return;
        }
        if (instance.storageEncrypted !== true) {
            reportViolation(mustBe("storageEncrypted", "true", instance.storageEncrypted));
        }
    }),
};
