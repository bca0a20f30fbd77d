import * as aws from "@pulumi/aws";
import { kmsKeyDeletionWindow as policy } from "../../../rules/encryption/kmsKeyDeletionWindow";
import { compliantKmsKey } from "../../fixtures";
import { assertNoResourceViolation, assertResourceViolation, resourceArgs } from "../../helpers";

describe("kms-key-deletion-window", () => {
    it("passes 30 days", async () => {
        await assertNoResourceViolation(policy, resourceArgs(aws.kms.Key, compliantKmsKey()));
    });

    it("passes deletionWindowInDays left unset (30 days)", async () => {
        await assertNoResourceViolation(policy, resourceArgs(aws.kms.Key, { ...compliantKmsKey(), deletionWindowInDays: undefined }));
    });

    it("fails 7 days against the default minimum of 14", async () => {
        await assertResourceViolation(policy, resourceArgs(aws.kms.Key, { ...compliantKmsKey(), deletionWindowInDays: 7 }), /deletionWindowInDays must be at least 14 \(found: 7\)/);
    });

    it("reads minimumDays from the policy config", async () => {
        await assertResourceViolation(
            policy,
            resourceArgs(aws.kms.Key, { ...compliantKmsKey(), deletionWindowInDays: 20 }, { config: { minimumDays: 30 } }),
            /deletionWindowInDays must be at least 30 \(found: 20\)/,
        );
    });
});
