import * as aws from "@pulumi/aws";
import { validateResourceOfType } from "@pulumi/policy";
import { PlatformResourcePolicy } from "../../lib/rule";
import { found, isSet, mustBe } from "../../lib/validate";

const INTERVALS = [1, 5, 10, 15, 30, 60];

/** Enhanced Monitoring gives OS-level metrics (processes, memory, I/O) that CloudWatch's hypervisor view lacks. */
export const rdsInstanceEnhancedMonitoring: PlatformResourcePolicy = {
    name: "rds-instance-enhanced-monitoring",
    description: `RDS instances must enable Enhanced Monitoring: monitoringInterval one of ${INTERVALS.join(", ")} seconds (the default 0 is off) with a monitoringRoleArn.`,
    enforcementLevel: "mandatory",
    severity: "low",
    theme: "logging",
    anchors: ["CKV_AWS_118", "FSBP RDS.6"],
    remediationSteps: "Set `monitoringInterval: 60` (or lower) and `monitoringRoleArn` to a role with the AmazonRDSEnhancedMonitoringRole managed policy on the aws.rds.Instance.",
    validateResource: validateResourceOfType(aws.rds.Instance, (instance, _args, reportViolation) => {
        const interval = instance.monitoringInterval;
        if (typeof interval !== "number" || !INTERVALS.includes(interval)) {
            reportViolation(mustBe("monitoringInterval", `one of ${INTERVALS.join(", ")}`, interval));
            return;
        }
        if (!isSet(instance, "monitoringRoleArn")) {
            reportViolation(`monitoringRoleArn must name the enhanced-monitoring role when monitoringInterval is set (found: ${found(instance.monitoringRoleArn)})`);
        }
    }),
};
