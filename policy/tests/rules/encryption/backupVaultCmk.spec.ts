import * as aws from "@pulumi/aws";
import { backupVaultCmk as policy } from "../../../rules/encryption/backupVaultCmk";
import { assertNoResourceViolation, assertResourceViolation, resourceArgs, UNKNOWN } from "../../helpers";

const KEY = "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";

describe("backup-vault-cmk", () => {
    it("passes a vault under a customer-managed key", async () => {
        await assertNoResourceViolation(policy, resourceArgs(aws.backup.Vault, { name: "platform-prod-use1", kmsKeyArn: KEY }));
    });

    it("passes a key ARN not known until apply", async () => {
        await assertNoResourceViolation(policy, resourceArgs(aws.backup.Vault, { name: "platform-prod-use1", kmsKeyArn: UNKNOWN }));
    });

    it("fails kmsKeyArn left unset (the AWS-managed aws/backup key)", async () => {
        await assertResourceViolation(policy, resourceArgs(aws.backup.Vault, { name: "platform-prod-use1" }), /kmsKeyArn must name a customer-managed KMS key \(found: undefined\)/);
    });

    it("fails an empty kmsKeyArn", async () => {
        await assertResourceViolation(policy, resourceArgs(aws.backup.Vault, { name: "platform-prod-use1", kmsKeyArn: "" }), /kmsKeyArn must name a customer-managed KMS key \(found: ""\)/);
    });
});
