import * as aws from "@pulumi/aws";
import { strict as assert } from "assert";
import { rdsInstanceMasterSecretCmk as policy } from "../../../rules/encryption/rdsInstanceMasterSecretCmk";
import { compliantRdsInstance } from "../../fixtures";
import { assertNoResourceViolation, assertResourceViolation, resourceArgs, UNKNOWN, violationsOf } from "../../helpers";

describe("rds-instance-master-secret-cmk", () => {
    it("passes a master password managed by RDS under a KMS key", async () => {
        await assertNoResourceViolation(policy, resourceArgs(aws.rds.Instance, compliantRdsInstance()));
    });

    it("fails manageMasterUserPassword false", async () => {
        await assertResourceViolation(
            policy,
            resourceArgs(aws.rds.Instance, { ...compliantRdsInstance(), manageMasterUserPassword: false }),
            /manageMasterUserPassword must be true \(found: false\)/,
        );
    });

    it("fails manageMasterUserPassword left unset", async () => {
        await assertResourceViolation(
            policy,
            resourceArgs(aws.rds.Instance, { ...compliantRdsInstance(), manageMasterUserPassword: undefined }),
            /manageMasterUserPassword must be true \(found: undefined\)/,
        );
    });

    it("fails masterUserSecretKmsKeyId left unset", async () => {
        await assertResourceViolation(
            policy,
            resourceArgs(aws.rds.Instance, { ...compliantRdsInstance(), masterUserSecretKmsKeyId: undefined }),
            /masterUserSecretKmsKeyId must name a customer-managed KMS key when manageMasterUserPassword is true \(found: undefined\)/,
        );
    });

    it("fails a password input next to an RDS-managed password (or with it left unset), without echoing it", async () => {
        for (const manageMasterUserPassword of [true, undefined]) {
            const messages = await violationsOf(policy, resourceArgs(aws.rds.Instance, { ...compliantRdsInstance(), manageMasterUserPassword, password: "hunter2-secret" }));
            assert.ok(messages.some((m) => /^password must not be set unless manageMasterUserPassword is false \(found: a password input\)$/.test(m)), JSON.stringify(messages));
            assert.ok(messages.every((m) => !m.includes("hunter2-secret")), "the password must not appear in a message");
        }
    });

    it("leaves a generated password (manageMasterUserPassword false) to stack-rds-generated-master-secret", async () => {
        await assertNoResourceViolation(
            policy,
            resourceArgs(aws.rds.Instance, { ...compliantRdsInstance(), manageMasterUserPassword: false, masterUserSecretKmsKeyId: undefined, password: UNKNOWN }),
        );
    });

    it("fails a write-only passwordWo input even when unknown, in either mode", async () => {
        await assertResourceViolation(policy, resourceArgs(aws.rds.Instance, { ...compliantRdsInstance(), passwordWo: UNKNOWN }), /passwordWo must not be set/);
        await assertResourceViolation(
            policy,
            resourceArgs(aws.rds.Instance, { ...compliantRdsInstance(), manageMasterUserPassword: false, password: UNKNOWN, passwordWo: UNKNOWN }),
            /passwordWo must not be set/,
        );
    });

    it("skips a read replica, which takes its credentials from the source", async () => {
        await assertNoResourceViolation(
            policy,
            resourceArgs(aws.rds.Instance, { ...compliantRdsInstance(), manageMasterUserPassword: undefined, masterUserSecretKmsKeyId: undefined, replicateSourceDb: UNKNOWN }),
        );
    });
});
