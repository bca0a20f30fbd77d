import * as aws from "@pulumi/aws";
import { rdsInstanceMultiAz as policy } from "../../../rules/backup/rdsInstanceMultiAz";
import { compliantRdsInstance } from "../../fixtures";
import { assertNoResourceViolation, assertResourceViolation, resourceArgs } from "../../helpers";

describe("rds-instance-multi-az", () => {
    it("passes multiAz true", async () => {
        await assertNoResourceViolation(policy, resourceArgs(aws.rds.Instance, compliantRdsInstance()));
    });

    it("fails multiAz false", async () => {
        await assertResourceViolation(policy, resourceArgs(aws.rds.Instance, { ...compliantRdsInstance(), multiAz: false }), /multiAz must be true \(found: false\)/);
    });

    it("fails multiAz left unset", async () => {
        await assertResourceViolation(policy, resourceArgs(aws.rds.Instance, { ...compliantRdsInstance(), multiAz: undefined }), /multiAz must be true \(found: undefined\)/);
    });
});
