import * as aws from "@pulumi/aws";
import { secretsmanagerSecretRecoveryWindow as policy } from "../../../rules/backup/secretsmanagerSecretRecoveryWindow";
import { assertNoResourceViolation, assertResourceViolation, resourceArgs } from "../../helpers";

const secret = { name: "platform/api", recoveryWindowInDays: 30 };

describe("secretsmanager-secret-recovery-window", () => {
    it("passes 30 days", async () => {
        await assertNoResourceViolation(policy, resourceArgs(aws.secretsmanager.Secret, secret));
    });

    it("passes recoveryWindowInDays left unset (30 days)", async () => {
        await assertNoResourceViolation(policy, resourceArgs(aws.secretsmanager.Secret, { ...secret, recoveryWindowInDays: undefined }));
    });

    it("fails 0 (immediate deletion)", async () => {
        await assertResourceViolation(policy, resourceArgs(aws.secretsmanager.Secret, { ...secret, recoveryWindowInDays: 0 }), /recoveryWindowInDays must be at least 7 \(found: 0\)/);
    });

    it("fails a window below a configured minimum", async () => {
        await assertResourceViolation(
            policy,
            resourceArgs(aws.secretsmanager.Secret, { ...secret, recoveryWindowInDays: 10 }, { config: { minimumDays: 14 } }),
            /recoveryWindowInDays must be at least 14 \(found: 10\)/,
        );
    });

    it("passes exactly the minimum, default or configured", async () => {
        await assertNoResourceViolation(policy, resourceArgs(aws.secretsmanager.Secret, { ...secret, recoveryWindowInDays: 7 }));
        await assertNoResourceViolation(policy, resourceArgs(aws.secretsmanager.Secret, { ...secret, recoveryWindowInDays: 14 }, { config: { minimumDays: 14 } }));
    });
});
