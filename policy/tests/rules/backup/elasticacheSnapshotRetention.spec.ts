import * as aws from "@pulumi/aws";
import { elasticacheSnapshotRetention as policy } from "../../../rules/backup/elasticacheSnapshotRetention";
import { compliantReplicationGroup } from "../../fixtures";
import { assertNoResourceViolation, assertResourceViolation, resourceArgs } from "../../helpers";

const RG = aws.elasticache.ReplicationGroup;

describe("elasticache-snapshot-retention", () => {
    it("passes 7 days against the default minimum of 1", async () => {
        await assertNoResourceViolation(policy, resourceArgs(RG, compliantReplicationGroup()));
    });

    it("fails 0 (snapshots disabled)", async () => {
        await assertResourceViolation(policy, resourceArgs(RG, { ...compliantReplicationGroup(), snapshotRetentionLimit: 0 }), /snapshotRetentionLimit must be at least 1 \(found: 0\)/);
    });

    it("fails snapshotRetentionLimit left unset", async () => {
        await assertResourceViolation(policy, resourceArgs(RG, { ...compliantReplicationGroup(), snapshotRetentionLimit: undefined }), /snapshotRetentionLimit must be at least 1 \(found: undefined\)/);
    });

    it("fails retention below a configured minimum", async () => {
        await assertResourceViolation(
            policy,
            resourceArgs(RG, { ...compliantReplicationGroup(), snapshotRetentionLimit: 3 }, { config: { minimumDays: 7 } }),
            /snapshotRetentionLimit must be at least 7 \(found: 3\)/,
        );
    });

    it("passes exactly the minimum, default or configured", async () => {
        await assertNoResourceViolation(policy, resourceArgs(RG, { ...compliantReplicationGroup(), snapshotRetentionLimit: 1 }));
        await assertNoResourceViolation(policy, resourceArgs(RG, { ...compliantReplicationGroup(), snapshotRetentionLimit: 5 }, { config: { minimumDays: 5 } }));
    });
});
