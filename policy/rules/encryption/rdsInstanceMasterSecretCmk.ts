import * as aws from "@pulumi/aws";
import { validateResourceOfType } from "@pulumi/policy";
import { PlatformResourcePolicy } from "../../lib/rule";
import { found, isSet, mustBe } from "../../lib/validate";

/**
 * The master password belongs in Secrets Manager, managed and rotated by RDS and encrypted with the
 * platform's key. The one alternative is a password the stack generates for a source of cross-region
 * replicas (RDS refuses replicas of a source whose password it manages): `manageMasterUserPassword: false`
 * with a `password` input, which stack-rds-generated-master-secret holds to the same standard (generated,
 * CMK-encrypted secret, automatic rotation, replicated). A write-only `passwordWo` is never accepted.
 */
export const rdsInstanceMasterSecretCmk: PlatformResourcePolicy = {
    name: "rds-instance-master-secret-cmk",
    description:
        "RDS instances must let RDS manage the master password in Secrets Manager (manageMasterUserPassword) under a customer-managed KMS key (masterUserSecretKmsKeyId), or explicitly supply a generated one (manageMasterUserPassword false with a password, checked by stack-rds-generated-master-secret); never both, never passwordWo.",
    enforcementLevel: "mandatory",
    severity: "high",
    theme: "encryption",
    anchors: [],
    remediationSteps:
        "Set `manageMasterUserPassword: true` and `masterUserSecretKmsKeyId` to the platform's KMS key ARN and remove `password`/`passwordWo`; or, for a source of cross-region replicas, set `manageMasterUserPassword: false` with a generated, rotated `password` (see stack-rds-generated-master-secret).",
    validateResource: validateResourceOfType(aws.rds.Instance, (instance, _args, reportViolation) => {
        // A read replica takes its credentials from the source and cannot manage a master password.
        if (isSet(instance, "replicateSourceDb")) {
            return;
        }
        // Never echo a password value in a message.
        if (isSet(instance, "passwordWo")) {
            reportViolation("passwordWo must not be set: the master password must be managed by RDS or generated and rotated by the stack (found: a passwordWo input)");
        }
        const supplied = isSet(instance, "password");
        if (supplied && instance.manageMasterUserPassword === false) {
            return; // the generated-password mode: stack-rds-generated-master-secret checks where it comes from and goes
        }
        if (supplied) {
            reportViolation("password must not be set unless manageMasterUserPassword is false (found: a password input)");
        }
        if (instance.manageMasterUserPassword !== true) {
            reportViolation(mustBe("manageMasterUserPassword", "true", instance.manageMasterUserPassword));
        } else if (!isSet(instance, "masterUserSecretKmsKeyId")) {
            reportViolation(`masterUserSecretKmsKeyId must name a customer-managed KMS key when manageMasterUserPassword is true (found: ${found(instance.masterUserSecretKmsKeyId)})`);
        }
    }),
};
