import * as aws from "@pulumi/aws";
import { validateResourceOfType } from "@pulumi/policy";
import { PlatformResourcePolicy } from "../../lib/rule";
import { mustBe } from "../../lib/validate";

/** Replicas only help if ElastiCache promotes one automatically, in another AZ, when the primary fails. */
export const elasticacheAutomaticFailover: PlatformResourcePolicy = {
    name: "elasticache-automatic-failover",
    description: "ElastiCache replication groups with replicas must enable automatic failover and Multi-AZ (automaticFailoverEnabled and multiAzEnabled true; both default to false).",
    enforcementLevel: "mandatory",
    severity: "medium",
    theme: "data-loss",
    anchors: ["CKV2_AWS_50", "FSBP ElastiCache.3"],
    remediationSteps: "Set `automaticFailoverEnabled: true` and `multiAzEnabled: true` on the aws.elasticache.ReplicationGroup (with numCacheClusters >= 2).",
    validateResource: validateResourceOfType(aws.elasticache.ReplicationGroup, (group, _args, reportViolation) => {
        const clusters = group.numCacheClusters;
        const replicasPerNodeGroup = group.replicasPerNodeGroup;
        const hasReplicas = (typeof clusters === "number" && clusters > 1) || (typeof replicasPerNodeGroup === "number" && replicasPerNodeGroup > 0);
        if (!hasReplicas) {
            return; // Nothing to fail over to; elasticache-replicas asks for replicas.
        }
        if (group.automaticFailoverEnabled !== true) {
            reportViolation(mustBe("automaticFailoverEnabled", "true", group.automaticFailoverEnabled));
        }
        if (group.multiAzEnabled !== true) {
            reportViolation(mustBe("multiAzEnabled", "true", group.multiAzEnabled));
        }
    }),
};
