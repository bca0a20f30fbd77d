/**
 * atlas-cluster-pit-enabled: continuous cloud backup (point-in-time restore) is what meets the
 * platform's 15-minute RPO; snapshots alone lose up to a snapshot interval.
 */
import * as mongodbatlas from "@pulumi/mongodbatlas";
import { validateResourceOfType } from "@pulumi/policy";
import { PlatformResourcePolicy } from "../../lib/rule";
import { mustBe } from "../../lib/validate";

export const atlasClusterPitEnabled: PlatformResourcePolicy = {
    name: "atlas-cluster-pit-enabled",
    description: "MongoDB Atlas clusters must enable continuous cloud backup (pitEnabled true) for point-in-time restore.",
    enforcementLevel: "mandatory",
    severity: "high",
    theme: "data-loss",
    anchors: [],
    remediationSteps: "Set `pitEnabled: true` (with `backupEnabled: true`) on the mongodbatlas.AdvancedCluster.",
    validateResource: validateResourceOfType(mongodbatlas.AdvancedCluster, (cluster, _args, reportViolation) => {
        if (cluster.pitEnabled !== true) {
            reportViolation(mustBe("pitEnabled", "true", cluster.pitEnabled));
        }
    }),
};
