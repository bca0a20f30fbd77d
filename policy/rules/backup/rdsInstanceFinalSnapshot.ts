import * as aws from "@pulumi/aws";
import { validateResourceOfType } from "@pulumi/policy";
import { PlatformResourcePolicy } from "../../lib/rule";
import { found, isSet, mustBe } from "../../lib/validate";

/** Automated backups go with the instance; the final snapshot is what survives a destroy. */
export const rdsInstanceFinalSnapshot: PlatformResourcePolicy = {
    name: "rds-instance-final-snapshot",
    description: "RDS instances must take a final snapshot when deleted: skipFinalSnapshot not true and finalSnapshotIdentifier set.",
    enforcementLevel: "mandatory",
    severity: "high",
    theme: "data-loss",
    anchors: [],
    remediationSteps: "Leave `skipFinalSnapshot` false and set `finalSnapshotIdentifier` (e.g. `${name}-final`) on the aws.rds.Instance.",
    validateResource: validateResourceOfType(aws.rds.Instance, (instance, _args, reportViolation) => {
        // Read replicas cannot take a final snapshot; their source does.
        if (isSet(instance, "replicateSourceDb")) {
            return;
        }
        if (instance.skipFinalSnapshot === true) {
            reportViolation(mustBe("skipFinalSnapshot", "false or unset", instance.skipFinalSnapshot));
        }
        if (!isSet(instance, "finalSnapshotIdentifier")) {
            reportViolation(`finalSnapshotIdentifier must be set so that deleting the instance keeps a snapshot (found: ${found(instance.finalSnapshotIdentifier)})`);
        }
    }),
};
