import * as aws from "@pulumi/aws";
import { validateResourceOfType } from "@pulumi/policy";
import { PlatformResourcePolicy } from "../../lib/rule";
import { found, isSet } from "../../lib/validate";

/** Automatic snapshots are deleted with the group; only a final snapshot survives a destroy. */
export const elasticacheFinalSnapshot: PlatformResourcePolicy = {
    name: "elasticache-final-snapshot",
    description: "ElastiCache replication groups must take a final snapshot when deleted (finalSnapshotIdentifier set).",
    enforcementLevel: "mandatory",
    severity: "medium",
    theme: "data-loss",
    anchors: [],
    remediationSteps: "Set `finalSnapshotIdentifier` (e.g. `${name}-final`) on the aws.elasticache.ReplicationGroup.",
    validateResource: validateResourceOfType(aws.elasticache.ReplicationGroup, (group, _args, reportViolation) => {
        if (!isSet(group, "finalSnapshotIdentifier")) {
            reportViolation(`finalSnapshotIdentifier must be set so that deleting the group keeps a snapshot (found: ${found(group.finalSnapshotIdentifier)})`);
        }
    }),
};
