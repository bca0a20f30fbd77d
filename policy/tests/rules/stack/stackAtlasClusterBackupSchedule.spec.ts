import { stackAtlasClusterBackupSchedule } from "../../../rules/stack/stackAtlasClusterBackupSchedule";
import { assertNoStackViolation, assertStackViolation, stackArgs } from "../../helpers";

const CLUSTER = "mongodbatlas:index/advancedCluster:AdvancedCluster";
const SCHEDULE = "mongodbatlas:index/cloudBackupSchedule:CloudBackupSchedule";

describe("stack-atlas-cluster-backup-schedule", () => {
    it("passes a cluster with a schedule depending on it", async () => {
        const args = stackArgs([
            { type: CLUSTER, name: "core", props: { name: "core", projectId: "p1" } },
            { type: SCHEDULE, name: "core-backup", props: { projectId: "p1", clusterName: "core" }, propertyDependencies: { clusterName: ["core"] } },
        ]);
        await assertNoStackViolation(stackAtlasClusterBackupSchedule, args);
    });

    it("passes a schedule naming the cluster literally", async () => {
        const args = stackArgs([
            { type: CLUSTER, name: "core", props: { name: "core-prod" } },
            { type: SCHEDULE, name: "core-backup", props: { clusterName: "core-prod" } },
        ]);
        await assertNoStackViolation(stackAtlasClusterBackupSchedule, args);
    });

    it("fails a cluster without a schedule", async () => {
        await assertStackViolation(
            stackAtlasClusterBackupSchedule,
            stackArgs([{ type: CLUSTER, name: "core", props: { name: "core" } }]),
            /^mongodbatlas:index\/advancedCluster:AdvancedCluster "core" must have a mongodbatlas:index\/cloudBackupSchedule:CloudBackupSchedule whose clusterName is this cluster \(found: none\)$/,
        );
    });

    it("fails a cluster whose schedule names another cluster", async () => {
        const args = stackArgs([
            { type: CLUSTER, name: "core", props: { name: "core" } },
            { type: SCHEDULE, name: "other-backup", props: { clusterName: "other" } },
        ]);
        await assertStackViolation(stackAtlasClusterBackupSchedule, args, /"core" must have a/);
    });
});
