import * as aws from "@pulumi/aws";
import { validateResourceOfType } from "@pulumi/policy";
import { PlatformResourcePolicy } from "../../lib/rule";
import { mustBe } from "../../lib/validate";

const MODERN_CAS = ["rds-ca-rsa2048-g1", "rds-ca-rsa4096-g1", "rds-ca-ecc384-g1"];

/**
 * Clients verify the server against the CA bundle; pinning a current CA keeps verify-full working.
 * Unset takes the account's default CA override, which is not visible in the program.
 */
export const rdsInstanceModernCa: PlatformResourcePolicy = {
    name: "rds-instance-modern-ca",
    description: `RDS instances must pin a current server certificate authority (caCertIdentifier one of ${MODERN_CAS.join(", ")}).`,
    enforcementLevel: "mandatory",
    severity: "medium",
    theme: "tls",
    anchors: ["CKV_AWS_211"],
    remediationSteps: "Set `caCertIdentifier: \"rds-ca-rsa2048-g1\"` (or rsa4096/ecc384) on the aws.rds.Instance and ship the matching CA bundle to clients.",
    validateResource: validateResourceOfType(aws.rds.Instance, (instance, _args, reportViolation) => {
        const ca = instance.caCertIdentifier;
        if (typeof ca !== "string" || !MODERN_CAS.includes(ca)) {
            reportViolation(mustBe("caCertIdentifier", `one of ${MODERN_CAS.join(", ")}`, ca));
        }
    }),
};
