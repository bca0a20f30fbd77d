import * as aws from "@pulumi/aws";
import { validateResourceOfType } from "@pulumi/policy";
import { PlatformResourcePolicy } from "../../lib/rule";
import { isSet, mustBe } from "../../lib/validate";

const MIN_ROTATION_DAYS = 90;
const MAX_ROTATION_DAYS = 365;

/** Automatic rotation is free and transparent; the default (off) keeps one key material forever. */
export const kmsKeyRotation: PlatformResourcePolicy = {
    name: "kms-key-rotation",
    description: `Symmetric KMS keys must rotate automatically (enableKeyRotation = true), at most every ${MAX_ROTATION_DAYS} days when rotationPeriodInDays is set.`,
    enforcementLevel: "mandatory",
    severity: "medium",
    theme: "encryption",
    anchors: ["CKV_AWS_7", "AVD-AWS-0065", "FSBP KMS.4", "AwsGuard cmk-backing-key-rotation-enabled", "aws-kms-key-enable-key-rotation"],
    remediationSteps: `Set \`enableKeyRotation: true\` on the aws.kms.Key, with \`rotationPeriodInDays\` between ${MIN_ROTATION_DAYS} and ${MAX_ROTATION_DAYS} or unset (365).`,
    validateResource: validateResourceOfType(aws.kms.Key, (key, _args, reportViolation) => {
        // KMS rotates only symmetric keys in its own key store.
        const spec = key.customerMasterKeySpec;
        if ((spec !== undefined && spec !== "SYMMETRIC_DEFAULT") || isSet(key, "customKeyStoreId") || isSet(key, "xksKeyId")) {
            return;
        }
        if (key.enableKeyRotation !== true) {
            reportViolation(mustBe("enableKeyRotation", "true", key.enableKeyRotation));
        }
        const period = key.rotationPeriodInDays;
        if (period !== undefined && (period < MIN_ROTATION_DAYS || period > MAX_ROTATION_DAYS)) {
            reportViolation(mustBe("rotationPeriodInDays", `between ${MIN_ROTATION_DAYS} and ${MAX_ROTATION_DAYS}`, period));
        }
    }),
};
