/**
 * atlas-encryption-at-rest-enabled: the project's customer-key configuration must actually be on,
 * name the KMS key, and reach it through an Atlas cloud-provider-access role rather than static keys.
 */
import * as mongodbatlas from "@pulumi/mongodbatlas";
import { validateResourceOfType } from "@pulumi/policy";
import { PlatformResourcePolicy } from "../../lib/rule";
import { found, mustBe } from "../../lib/validate";

function isSet(value: unknown): boolean {
    return typeof value === "string" && value.trim().length > 0;
}

export const atlasEncryptionAtRestEnabled: PlatformResourcePolicy = {
    name: "atlas-encryption-at-rest-enabled",
    description: "mongodbatlas.EncryptionAtRest must enable awsKmsConfig with a customerMasterKeyId and a roleId (no static access keys).",
    enforcementLevel: "mandatory",
    severity: "high",
    theme: "encryption",
    anchors: ["prowler clusters_encryption_at_rest_enabled"],
    remediationSteps:
        "Set `awsKmsConfig: { enabled: true, customerMasterKeyId: <KMS key id>, region, roleId: <mongodbatlas.CloudProviderAccessAuthorization role id> }` and drop accessKeyId/secretAccessKey.",
    validateResource: validateResourceOfType(mongodbatlas.EncryptionAtRest, (encryption, _args, reportViolation) => {
        const kms = encryption.awsKmsConfig;
        if (kms?.enabled !== true) {
            reportViolation(mustBe("awsKmsConfig.enabled", "true", kms?.enabled));
        }
        if (!isSet(kms?.customerMasterKeyId)) {
            reportViolation(mustBe("awsKmsConfig.customerMasterKeyId", "the KMS key id", kms?.customerMasterKeyId));
        }
        if (!isSet(kms?.roleId)) {
            reportViolation(mustBe("awsKmsConfig.roleId", "an Atlas cloud-provider-access role id", kms?.roleId));
        }
        if (kms?.accessKeyId !== undefined || kms?.secretAccessKey !== undefined) {
            reportViolation(`awsKmsConfig.accessKeyId/secretAccessKey must not be used: static keys cannot be rotated by the platform (found: accessKeyId ${found(kms?.accessKeyId)})`);
        }
    }),
};
