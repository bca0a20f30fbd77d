import * as aws from "@pulumi/aws";
import { rdsInstanceStorageEncrypted as policy } from "../../../rules/encryption/rdsInstanceStorageEncrypted";
import { assertNoResourceViolation, assertResourceViolation, resourceArgs, UNKNOWN } from "../../helpers";
import { compliantRdsInstance } from "../../fixtures";

describe("rds-instance-storage-encrypted", () => {
    it("passes an instance with storageEncrypted true", async () => {
        await assertNoResourceViolation(policy, resourceArgs(aws.rds.Instance, compliantRdsInstance()));
    });

    it("fails storageEncrypted false", async () => {
        await assertResourceViolation(policy, resourceArgs(aws.rds.Instance, { ...compliantRdsInstance(), storageEncrypted: false }), /storageEncrypted must be true \(found: false\)/);
    });

    it("fails storageEncrypted left unset (the provider default is false)", async () => {
        await assertResourceViolation(policy, resourceArgs(aws.rds.Instance, { ...compliantRdsInstance(), storageEncrypted: undefined }), /storageEncrypted must be true \(found: undefined\)/);
    });

    it("skips a read replica, whose source ARN is unknown during preview", async () => {
        await assertNoResourceViolation(policy, resourceArgs(aws.rds.Instance, { ...compliantRdsInstance(), storageEncrypted: undefined, replicateSourceDb: UNKNOWN }));
    });

    it("ignores other resource types", async () => {
        await assertNoResourceViolation(policy, resourceArgs(aws.rds.Cluster, { storageEncrypted: false }));
    });
});
