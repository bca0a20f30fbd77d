import * as aws from "@pulumi/aws";
import { validateResourceOfType } from "@pulumi/policy";
import { PlatformResourcePolicy } from "../../lib/rule";
import { mustBe } from "../../lib/validate";

/** Snapshots without the instance's tags lose their owner, environment and retention labels. */
export const rdsInstanceCopyTagsToSnapshot: PlatformResourcePolicy = {
    name: "rds-instance-copy-tags-to-snapshot",
    description: "RDS instances must copy their tags to snapshots (copyTagsToSnapshot = true; the default is false).",
    enforcementLevel: "mandatory",
    severity: "low",
    theme: "data-loss",
    anchors: ["CKV2_AWS_60", "FSBP RDS.17"],
    remediationSteps: "Set `copyTagsToSnapshot: true` on the aws.rds.Instance.",
    validateResource: validateResourceOfType(aws.rds.Instance, (instance, _args, reportViolation) => {
        if (instance.copyTagsToSnapshot !== true) {
            reportViolation(mustBe("copyTagsToSnapshot", "true", instance.copyTagsToSnapshot));
        }
    }),
};
