import * as aws from "@pulumi/aws";
import { validateResourceOfType } from "@pulumi/policy";
import { PlatformResourcePolicy } from "../../lib/rule";
import { found } from "../../lib/validate";

/** A group without a replica has nothing to fail over to: losing the node loses the data since the last snapshot. */
export const elasticacheReplicas: PlatformResourcePolicy = {
    name: "elasticache-replicas",
    description: "ElastiCache replication groups must run at least one replica (numCacheClusters >= 2, or replicasPerNodeGroup >= 1 in cluster mode; the default is a single node).",
    enforcementLevel: "mandatory",
    severity: "medium",
    theme: "data-loss",
    anchors: ["CKV2_AWS_50", "FSBP ElastiCache.3"],
    remediationSteps: "Set `numCacheClusters: 2` or more (or `replicasPerNodeGroup: 1` or more with cluster mode) on the aws.elasticache.ReplicationGroup.",
    validateResource: validateResourceOfType(aws.elasticache.ReplicationGroup, (group, _args, reportViolation) => {
        const clusters = group.numCacheClusters;
        const replicasPerNodeGroup = group.replicasPerNodeGroup;
        if ((typeof clusters === "number" && clusters >= 2) || (typeof replicasPerNodeGroup === "number" && replicasPerNodeGroup >= 1)) {
            return;
        }
        reportViolation(`numCacheClusters must be at least 2 (or replicasPerNodeGroup at least 1) (found: numCacheClusters ${found(clusters)}, replicasPerNodeGroup ${found(replicasPerNodeGroup)})`);
    }),
};
