import * as aws from "@pulumi/aws";
import { validateResourceOfType } from "@pulumi/policy";
import { PlatformResourcePolicy } from "../../lib/rule";
import { mustBe } from "../../lib/validate";

/** Deleting a key destroys every byte encrypted under it; the waiting period is the only undo. */
export const kmsKeyDeletionWindow: PlatformResourcePolicy = {
    name: "kms-key-deletion-window",
    description: "KMS keys must keep a deletion waiting period of at least `minimumDays` days (deletionWindowInDays; unset means 30).",
    enforcementLevel: "mandatory",
    severity: "medium",
    theme: "data-loss",
    anchors: [],
    remediationSteps: "Leave `deletionWindowInDays` unset (30 days) or set it to at least the configured minimum on the aws.kms.Key.",
    configSchema: {
        properties: {
            minimumDays: { type: "integer", minimum: 7, maximum: 30, default: 14 },
        },
    },
    validateResource: validateResourceOfType(aws.kms.Key, (key, args, reportViolation) => {
        const { minimumDays } = args.getConfig<{ minimumDays: number }>();
        const days = key.deletionWindowInDays;
        if (days !== undefined && days < minimumDays) {
            reportViolation(mustBe("deletionWindowInDays", `at least ${minimumDays}`, days));
        }
    }),
};
