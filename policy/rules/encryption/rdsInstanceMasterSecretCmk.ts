import * as aws from "@pulumi/aws";
import { validateResourceOfType } from "@pulumi/policy";
import { PlatformResourcePolicy } from "../../lib/rule";
import { found, isSet, mustBe } from "../../lib/validate";

/**
 * The master password belongs in Secrets Manager, managed and rotated by RDS and encrypted with the
 * platform's key; a `password` input ends up in the Pulumi state and in the program's config.
 */
export const rdsInstanceMasterSecretCmk: PlatformResourcePolicy = {
    name: "rds-instance-master-secret-cmk",
    description: "RDS instances must let RDS manage the master password in Secrets Manager (manageMasterUserPassword) under a customer-managed KMS key (masterUserSecretKmsKeyId), with no plaintext password input.",
    enforcementLevel: "mandatory",
    severity: "high",
    theme: "encryption",
    anchors: [],
    remediationSteps: "Set `manageMasterUserPassword: true` and `masterUserSecretKmsKeyId` to the platform's KMS key ARN, and remove `password`/`passwordWo`; applications read the credentials from the managed secret.",
    validateResource: validateResourceOfType(aws.rds.Instance, (instance, _args, reportViolation) => {
        // A read replica takes its credentials from the source and cannot manage a master password.
        if (isSet(instance, "replicateSourceDb")) {
            return;
        }
        if (instance.manageMasterUserPassword !== true) {
            reportViolation(mustBe("manageMasterUserPassword", "true", instance.manageMasterUserPassword));
        } else if (!isSet(instance, "masterUserSecretKmsKeyId")) {
            reportViolation(`masterUserSecretKmsKeyId must name a customer-managed KMS key when manageMasterUserPassword is true (found: ${found(instance.masterUserSecretKmsKeyId)})`);
        }
        for (const property of ["password", "passwordWo"] as const) {
            if (isSet(instance, property)) {
                // Never echo the value: it is the password.
                reportViolation(`${property} must not be set: the master password must be managed by RDS in Secrets Manager (found: a ${property} input)`);
            }
        }
    }),
};
