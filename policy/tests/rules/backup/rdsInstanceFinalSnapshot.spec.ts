import * as aws from "@pulumi/aws";
import { rdsInstanceFinalSnapshot as policy } from "../../../rules/backup/rdsInstanceFinalSnapshot";
import { compliantRdsInstance } from "../../fixtures";
import { assertNoResourceViolation, assertResourceViolation, resourceArgs, UNKNOWN } from "../../helpers";

describe("rds-instance-final-snapshot", () => {
    it("passes a final snapshot identifier with skipFinalSnapshot false", async () => {
        await assertNoResourceViolation(policy, resourceArgs(aws.rds.Instance, compliantRdsInstance()));
    });

    it("passes skipFinalSnapshot left unset (false)", async () => {
        await assertNoResourceViolation(policy, resourceArgs(aws.rds.Instance, { ...compliantRdsInstance(), skipFinalSnapshot: undefined }));
    });

    it("fails skipFinalSnapshot true", async () => {
        await assertResourceViolation(policy, resourceArgs(aws.rds.Instance, { ...compliantRdsInstance(), skipFinalSnapshot: true }), /skipFinalSnapshot must be false or unset \(found: true\)/);
    });

    it("fails finalSnapshotIdentifier left unset", async () => {
        await assertResourceViolation(
            policy,
            resourceArgs(aws.rds.Instance, { ...compliantRdsInstance(), finalSnapshotIdentifier: undefined }),
            /finalSnapshotIdentifier must be set so that deleting the instance keeps a snapshot \(found: undefined\)/,
        );
    });

    it("skips read replicas", async () => {
        await assertNoResourceViolation(policy, resourceArgs(aws.rds.Instance, { ...compliantRdsInstance(), skipFinalSnapshot: true, finalSnapshotIdentifier: undefined, replicateSourceDb: UNKNOWN }));
    });
});
