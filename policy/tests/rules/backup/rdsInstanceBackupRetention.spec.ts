import * as aws from "@pulumi/aws";
import { rdsInstanceBackupRetention as policy } from "../../../rules/backup/rdsInstanceBackupRetention";
import { compliantRdsInstance } from "../../fixtures";
import { assertNoResourceViolation, assertResourceViolation, resourceArgs } from "../../helpers";

describe("rds-instance-backup-retention", () => {
    it("passes 14 days against the default minimum of 7", async () => {
        await assertNoResourceViolation(policy, resourceArgs(aws.rds.Instance, compliantRdsInstance()));
    });

    it("passes exactly the configured minimum", async () => {
        await assertNoResourceViolation(policy, resourceArgs(aws.rds.Instance, { ...compliantRdsInstance(), backupRetentionPeriod: 14 }, { config: { minimumDays: 14 } }));
    });

    it("fails retention below the default minimum", async () => {
        await assertResourceViolation(policy, resourceArgs(aws.rds.Instance, { ...compliantRdsInstance(), backupRetentionPeriod: 3 }), /backupRetentionPeriod must be at least 7 \(found: 3\)/);
    });

    it("fails retention below a configured minimum", async () => {
        await assertResourceViolation(
            policy,
            resourceArgs(aws.rds.Instance, { ...compliantRdsInstance(), backupRetentionPeriod: 7 }, { config: { minimumDays: 14 } }),
            /backupRetentionPeriod must be at least 14 \(found: 7\)/,
        );
    });

    it("fails 0 (backups disabled)", async () => {
        await assertResourceViolation(policy, resourceArgs(aws.rds.Instance, { ...compliantRdsInstance(), backupRetentionPeriod: 0 }), /backupRetentionPeriod must be at least 7 \(found: 0\)/);
    });

    it("fails backupRetentionPeriod left unset", async () => {
        await assertResourceViolation(policy, resourceArgs(aws.rds.Instance, { ...compliantRdsInstance(), backupRetentionPeriod: undefined }), /backupRetentionPeriod must be at least 7 \(found: undefined\)/);
    });
});
