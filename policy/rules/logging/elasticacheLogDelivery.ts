import * as aws from "@pulumi/aws";
import { validateResourceOfType } from "@pulumi/policy";
import { PlatformResourcePolicy } from "../../lib/rule";
import { found, listOf } from "../../lib/validate";

const LOG_TYPES = ["slow-log", "engine-log"];

/** Slow and engine logs are otherwise kept in a small in-memory buffer on the node and lost with it. */
export const elasticacheLogDelivery: PlatformResourcePolicy = {
    name: "elasticache-log-delivery",
    description: "ElastiCache replication groups must deliver both the slow-log and the engine-log (logDeliveryConfigurations).",
    enforcementLevel: "mandatory",
    severity: "low",
    theme: "logging",
    anchors: [],
    remediationSteps: "Add `logDeliveryConfigurations` entries with `logType: \"slow-log\"` and `logType: \"engine-log\"` (destinationType cloudwatch-logs, logFormat json) to the aws.elasticache.ReplicationGroup.",
    validateResource: validateResourceOfType(aws.elasticache.ReplicationGroup, (group, _args, reportViolation) => {
        const delivered = listOf(group.logDeliveryConfigurations).map((c) => c.logType);
        const missing = LOG_TYPES.filter((t) => !delivered.includes(t));
        if (missing.length > 0) {
            reportViolation(`logDeliveryConfigurations must deliver slow-log and engine-log (found: ${found(delivered)}; missing: ${missing.join(", ")})`);
        }
    }),
};
