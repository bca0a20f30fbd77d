import * as aws from "@pulumi/aws";
import { rdsInstanceDeletionProtection as policy } from "../../../rules/backup/rdsInstanceDeletionProtection";
import { compliantRdsInstance } from "../../fixtures";
import { assertNoResourceViolation, assertResourceViolation, resourceArgs } from "../../helpers";

describe("rds-instance-deletion-protection", () => {
    it("passes deletionProtection true", async () => {
        await assertNoResourceViolation(policy, resourceArgs(aws.rds.Instance, compliantRdsInstance()));
    });

    it("fails deletionProtection false", async () => {
        await assertResourceViolation(policy, resourceArgs(aws.rds.Instance, { ...compliantRdsInstance(), deletionProtection: false }), /deletionProtection must be true \(found: false\)/);
    });

    it("fails deletionProtection left unset", async () => {
        await assertResourceViolation(policy, resourceArgs(aws.rds.Instance, { ...compliantRdsInstance(), deletionProtection: undefined }), /deletionProtection must be true \(found: undefined\)/);
    });
});
