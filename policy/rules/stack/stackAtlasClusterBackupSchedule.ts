/**
 * stack-atlas-cluster-backup-schedule: without a CloudBackupSchedule a backed-up Atlas cluster keeps
 * Atlas's default policy, which atlas-backup-schedule-policies never sees. Each cluster needs one
 * whose clusterName comes from it.
 */
import { StackValidationPolicy } from "@pulumi/policy";
import { companionsOf } from "../../lib/joins";
import { PlatformStackPolicy } from "../../lib/rule";
import { describeResource } from "./lib/describe";

const CLUSTER = "mongodbatlas:index/advancedCluster:AdvancedCluster";
const SCHEDULE = "mongodbatlas:index/cloudBackupSchedule:CloudBackupSchedule";

const validateStack: StackValidationPolicy["validateStack"] = (args, reportViolation) => {
    for (const cluster of args.resources.filter((r) => r.type === CLUSTER)) {
        if (companionsOf(cluster, args.resources, [SCHEDULE], "clusterName", "name").length === 0) {
            reportViolation(`${describeResource(cluster)} must have a ${SCHEDULE} whose clusterName is this cluster (found: none)`, cluster.urn);
        }
    }
};

export const stackAtlasClusterBackupSchedule: PlatformStackPolicy = {
    name: "stack-atlas-cluster-backup-schedule",
    description: "Every MongoDB Atlas AdvancedCluster must have a CloudBackupSchedule whose clusterName is that cluster.",
    enforcementLevel: "mandatory",
    severity: "medium",
    theme: "data-loss",
    anchors: [],
    remediationSteps: "Declare `new mongodbatlas.CloudBackupSchedule(..., { projectId, clusterName: cluster.name, ... })` for each cluster.",
    validateStack,
};
