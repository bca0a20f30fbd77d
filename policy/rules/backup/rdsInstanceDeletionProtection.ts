import * as aws from "@pulumi/aws";
import { validateResourceOfType } from "@pulumi/policy";
import { PlatformResourcePolicy } from "../../lib/rule";
import { mustBe } from "../../lib/validate";

/** Deletion protection stops a mistaken delete or replace from dropping the database. */
export const rdsInstanceDeletionProtection: PlatformResourcePolicy = {
    name: "rds-instance-deletion-protection",
    description: "RDS instances must enable deletion protection (deletionProtection = true; the default is false).",
    enforcementLevel: "mandatory",
    severity: "medium",
    theme: "data-loss",
    anchors: ["CKV_AWS_293", "AVD-AWS-0177", "FSBP RDS.8"],
    remediationSteps: "Set `deletionProtection: true` on the aws.rds.Instance (and `protect: true` in its resource options).",
    validateResource: validateResourceOfType(aws.rds.Instance, (instance, _args, reportViolation) => {
        if (instance.deletionProtection !== true) {
            reportViolation(mustBe("deletionProtection", "true", instance.deletionProtection));
        }
    }),
};
