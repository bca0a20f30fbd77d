import * as aws from "@pulumi/aws";
import { elasticacheFinalSnapshot as policy } from "../../../rules/backup/elasticacheFinalSnapshot";
import { compliantReplicationGroup } from "../../fixtures";
import { assertNoResourceViolation, assertResourceViolation, resourceArgs } from "../../helpers";

describe("elasticache-final-snapshot", () => {
    it("passes a final snapshot identifier", async () => {
        await assertNoResourceViolation(policy, resourceArgs(aws.elasticache.ReplicationGroup, compliantReplicationGroup()));
    });

    it("fails finalSnapshotIdentifier left unset", async () => {
        await assertResourceViolation(
            policy,
            resourceArgs(aws.elasticache.ReplicationGroup, { ...compliantReplicationGroup(), finalSnapshotIdentifier: undefined }),
            /finalSnapshotIdentifier must be set so that deleting the group keeps a snapshot \(found: undefined\)/,
        );
    });
});
