import * as aws from "@pulumi/aws";
import { validateResourceOfType } from "@pulumi/policy";
import { PlatformResourcePolicy } from "../../lib/rule";
import { mustBe } from "../../lib/validate";

/** recoveryWindowInDays = 0 deletes the secret at once, with no way to restore it. */
export const secretsmanagerSecretRecoveryWindow: PlatformResourcePolicy = {
    name: "secretsmanager-secret-recovery-window",
    description: "Secrets Manager secrets must keep a recovery window of at least `minimumDays` days (recoveryWindowInDays; unset means 30, 0 forces immediate deletion).",
    enforcementLevel: "mandatory",
    severity: "medium",
    theme: "data-loss",
    anchors: [],
    remediationSteps: "Leave `recoveryWindowInDays` unset (30 days) or set it to at least the configured minimum on the aws.secretsmanager.Secret.",
    configSchema: {
        properties: {
            minimumDays: { type: "integer", minimum: 7, maximum: 30, default: 7 },
        },
    },
    validateResource: validateResourceOfType(aws.secretsmanager.Secret, (secret, args, reportViolation) => {
        const { minimumDays } = args.getConfig<{ minimumDays: number }>();
        const days = secret.recoveryWindowInDays;
        if (days !== undefined && days < minimumDays) {
            reportViolation(mustBe("recoveryWindowInDays", `at least ${minimumDays}`, days));
        }
    }),
};
