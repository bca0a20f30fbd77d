import * as aws from "@pulumi/aws";
import { secretsmanagerSecretCmk as policy } from "../../../rules/encryption/secretsmanagerSecretCmk";
import { KEY_ARN } from "../../fixtures";
import { assertNoResourceViolation, assertResourceViolation, resourceArgs } from "../../helpers";

const secret = { name: "platform/api", kmsKeyId: KEY_ARN, recoveryWindowInDays: 30 };

describe("secretsmanager-secret-cmk", () => {
    it("passes a secret with a KMS key", async () => {
        await assertNoResourceViolation(policy, resourceArgs(aws.secretsmanager.Secret, secret));
    });

    it("fails kmsKeyId left unset (aws/secretsmanager)", async () => {
        await assertResourceViolation(policy, resourceArgs(aws.secretsmanager.Secret, { ...secret, kmsKeyId: undefined }), /kmsKeyId must name a customer-managed KMS key \(found: undefined\)/);
    });
});
