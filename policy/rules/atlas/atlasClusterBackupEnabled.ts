/**
 * atlas-cluster-backup-enabled: Cloud Backup is off unless asked for (`backupEnabled` defaults to false).
 */
import * as mongodbatlas from "@pulumi/mongodbatlas";
import { validateResourceOfType } from "@pulumi/policy";
import { PlatformResourcePolicy } from "../../lib/rule";
import { mustBe } from "../../lib/validate";

export const atlasClusterBackupEnabled: PlatformResourcePolicy = {
    name: "atlas-cluster-backup-enabled",
    description: "MongoDB Atlas clusters must enable Cloud Backup (backupEnabled true).",
    enforcementLevel: "mandatory",
    severity: "high",
    theme: "data-loss",
    anchors: ["prowler clusters_backup_enabled"],
    remediationSteps: "Set `backupEnabled: true` on the mongodbatlas.AdvancedCluster and give it a mongodbatlas.CloudBackupSchedule.",
    validateResource: validateResourceOfType(mongodbatlas.AdvancedCluster, (cluster, _args, reportViolation) => {
        if (cluster.backupEnabled !== true) {
            reportViolation(mustBe("backupEnabled", "true", cluster.backupEnabled));
        }
    }),
};
