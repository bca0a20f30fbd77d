import * as aws from "@pulumi/aws";
import { validateResourceOfType } from "@pulumi/policy";
import { PlatformResourcePolicy } from "../../lib/rule";
import { mustBe } from "../../lib/validate";

/** A synchronous standby in another AZ survives an AZ or storage failure without restoring from backup. */
export const rdsInstanceMultiAz: PlatformResourcePolicy = {
    name: "rds-instance-multi-az",
    description: "RDS instances must run Multi-AZ (multiAz = true; the default is false).",
    enforcementLevel: "mandatory",
    severity: "medium",
    theme: "data-loss",
    anchors: ["CKV_AWS_157", "FSBP RDS.5", "AwsGuard rds-instance-multi-az-enabled"],
    remediationSteps: "Set `multiAz: true` on the aws.rds.Instance.",
    validateResource: validateResourceOfType(aws.rds.Instance, (instance, _args, reportViolation) => {
        if (instance.multiAz !== true) {
            reportViolation(mustBe("multiAz", "true", instance.multiAz));
        }
    }),
};
