import * as aws from "@pulumi/aws";
import { rdsInstanceKeepAutomatedBackups as policy } from "../../../rules/backup/rdsInstanceKeepAutomatedBackups";
import { compliantRdsInstance } from "../../fixtures";
import { assertNoResourceViolation, assertResourceViolation, resourceArgs } from "../../helpers";

describe("rds-instance-keep-automated-backups", () => {
    it("passes deleteAutomatedBackups false", async () => {
        await assertNoResourceViolation(policy, resourceArgs(aws.rds.Instance, compliantRdsInstance()));
    });

    it("fails deleteAutomatedBackups true", async () => {
        await assertResourceViolation(policy, resourceArgs(aws.rds.Instance, { ...compliantRdsInstance(), deleteAutomatedBackups: true }), /deleteAutomatedBackups must be false \(found: true\)/);
    });

    it("fails deleteAutomatedBackups left unset", async () => {
        await assertResourceViolation(policy, resourceArgs(aws.rds.Instance, { ...compliantRdsInstance(), deleteAutomatedBackups: undefined }), /deleteAutomatedBackups must be false \(found: undefined\)/);
    });
});
