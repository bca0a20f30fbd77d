import * as aws from "@pulumi/aws";
import { secretsmanagerSecretCmk as policy } from "../../../rules/encryption/secretsmanagerSecretCmk";
import { KEY_ARN } from "../../fixtures";
import { assertNoResourceViolation, assertResourceViolation, resourceArgs } from "../../helpers";

const secret = { name: "platform/api", kmsKeyId: KEY_ARN, recoveryWindowInDays: 30 };

describe("secretsmanager-secret-cmk", () => {
    it("passes a secret with a KMS key", async () => {
        await assertNoResourceViolation(policy, resourceArgs(aws.secretsmanager.Secret, secret));
    });

    it("passes a secret replicated under a KMS key in each region (the generated Postgres master secret)", async () => {
        await assertNoResourceViolation(policy, resourceArgs(aws.secretsmanager.Secret, { ...secret, replicas: [{ region: "us-west-2", kmsKeyId: KEY_ARN }] }));
    });

    it("fails a replica whose kmsKeyId is left unset (that region's aws/secretsmanager)", async () => {
        await assertResourceViolation(
            policy,
            resourceArgs(aws.secretsmanager.Secret, { ...secret, replicas: [{ region: "us-west-2", kmsKeyId: KEY_ARN }, { region: "eu-west-1" }] }),
            /replicas\[1\]\.kmsKeyId must name a customer-managed KMS key in "eu-west-1" \(found: undefined\)/,
        );
    });

    it("fails kmsKeyId left unset (aws/secretsmanager)", async () => {
        await assertResourceViolation(policy, resourceArgs(aws.secretsmanager.Secret, { ...secret, kmsKeyId: undefined }), /kmsKeyId must name a customer-managed KMS key \(found: undefined\)/);
    });
});
