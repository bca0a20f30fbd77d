import * as aws from "@pulumi/aws";
import { kmsKeyRotation as policy } from "../../../rules/encryption/kmsKeyRotation";
import { compliantKmsKey } from "../../fixtures";
import { assertNoResourceViolation, assertResourceViolation, resourceArgs } from "../../helpers";

describe("kms-key-rotation", () => {
    it("passes a rotating symmetric key", async () => {
        await assertNoResourceViolation(policy, resourceArgs(aws.kms.Key, compliantKmsKey()));
    });

    it("passes rotation with the default period", async () => {
        await assertNoResourceViolation(policy, resourceArgs(aws.kms.Key, { ...compliantKmsKey(), rotationPeriodInDays: undefined }));
    });

    it("does not apply to asymmetric keys, which KMS cannot rotate", async () => {
        await assertNoResourceViolation(policy, resourceArgs(aws.kms.Key, { ...compliantKmsKey(), customerMasterKeySpec: "RSA_2048", keyUsage: "SIGN_VERIFY", enableKeyRotation: undefined }));
    });

    it("fails enableKeyRotation false", async () => {
        await assertResourceViolation(policy, resourceArgs(aws.kms.Key, { ...compliantKmsKey(), enableKeyRotation: false }), /enableKeyRotation must be true \(found: false\)/);
    });

    it("fails enableKeyRotation left unset", async () => {
        await assertResourceViolation(policy, resourceArgs(aws.kms.Key, { ...compliantKmsKey(), enableKeyRotation: undefined }), /enableKeyRotation must be true \(found: undefined\)/);
    });

    it("fails explicit SYMMETRIC_DEFAULT keys without rotation", async () => {
        await assertResourceViolation(policy, resourceArgs(aws.kms.Key, { ...compliantKmsKey(), customerMasterKeySpec: "SYMMETRIC_DEFAULT", enableKeyRotation: undefined }), /enableKeyRotation must be true/);
    });

    it("fails a rotation period over 365 days", async () => {
        await assertResourceViolation(policy, resourceArgs(aws.kms.Key, { ...compliantKmsKey(), rotationPeriodInDays: 730 }), /rotationPeriodInDays must be between 90 and 365 \(found: 730\)/);
    });

    it("fails a rotation period under 90 days", async () => {
        await assertResourceViolation(policy, resourceArgs(aws.kms.Key, { ...compliantKmsKey(), rotationPeriodInDays: 30 }), /rotationPeriodInDays must be between 90 and 365 \(found: 30\)/);
    });
});
