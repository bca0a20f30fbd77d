import * as aws from "@pulumi/aws";
import { rdsInstanceCustomerManagedKey as policy } from "../../../rules/encryption/rdsInstanceCustomerManagedKey";
import { compliantRdsInstance } from "../../fixtures";
import { assertNoResourceViolation, assertResourceViolation, resourceArgs, UNKNOWN } from "../../helpers";

describe("rds-instance-customer-managed-key", () => {
    it("passes an instance naming a KMS key", async () => {
        await assertNoResourceViolation(policy, resourceArgs(aws.rds.Instance, compliantRdsInstance()));
    });

    it("passes a key ARN that is unknown during preview", async () => {
        await assertNoResourceViolation(policy, resourceArgs(aws.rds.Instance, { ...compliantRdsInstance(), kmsKeyId: UNKNOWN }));
    });

    it("fails kmsKeyId left unset (AWS-managed key)", async () => {
        await assertResourceViolation(policy, resourceArgs(aws.rds.Instance, { ...compliantRdsInstance(), kmsKeyId: undefined }), /kmsKeyId must name a customer-managed KMS key \(found: undefined\)/);
    });

    it("fails an empty kmsKeyId", async () => {
        await assertResourceViolation(policy, resourceArgs(aws.rds.Instance, { ...compliantRdsInstance(), kmsKeyId: "" }), /kmsKeyId must name a customer-managed KMS key \(found: ""\)/);
    });
});
