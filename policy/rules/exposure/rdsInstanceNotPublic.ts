/**
 * rds-instance-not-public: a database instance must not get a public address. The provider's default
 * (`publiclyAccessible` false) is safe, so only an explicit `true` fails.
 */
import * as aws from "@pulumi/aws";
import { validateResourceOfType } from "@pulumi/policy";
import { PlatformResourcePolicy } from "../../lib/rule";
import { mustBe } from "../../lib/validate";

export const rdsInstanceNotPublic: PlatformResourcePolicy = {
    name: "rds-instance-not-public",
    description: "RDS instances (and Aurora cluster instances) must not be publicly accessible.",
    enforcementLevel: "mandatory",
    severity: "critical",
    theme: "exposure",
    anchors: ["CKV_AWS_17", "AVD-AWS-0180", "FSBP RDS.2", "aws-rds-instance-disallow-public-access"],
    remediationSteps: "Remove `publiclyAccessible: true` (or set it to false) and reach the database from inside the VPC.",
    validateResource: [
        validateResourceOfType(aws.rds.Instance, (instance, _args, reportViolation) => {
            if (instance.publiclyAccessible === true) {
                reportViolation(mustBe("publiclyAccessible", "false or unset", instance.publiclyAccessible));
            }
        }),
        validateResourceOfType(aws.rds.ClusterInstance, (instance, _args, reportViolation) => {
            if (instance.publiclyAccessible === true) {
                reportViolation(mustBe("publiclyAccessible", "false or unset", instance.publiclyAccessible));
            }
        }),
    ],
};
