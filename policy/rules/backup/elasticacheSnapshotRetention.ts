import * as aws from "@pulumi/aws";
import { validateResourceOfType } from "@pulumi/policy";
import { PlatformResourcePolicy } from "../../lib/rule";
import { mustBe } from "../../lib/validate";

/** Without automatic snapshots (the default) a failed or deleted cache comes back empty. */
export const elasticacheSnapshotRetention: PlatformResourcePolicy = {
    name: "elasticache-snapshot-retention",
    description: "ElastiCache replication groups must keep automatic snapshots for at least `minimumDays` days (snapshotRetentionLimit; unset means 0, no snapshots).",
    enforcementLevel: "mandatory",
    severity: "high",
    theme: "data-loss",
    anchors: ["FSBP ElastiCache.1", "CKV_AWS_134", "AVD-AWS-0050"],
    remediationSteps: "Set `snapshotRetentionLimit` (days) and a `snapshotWindow` on the aws.elasticache.ReplicationGroup.",
    configSchema: {
        properties: {
            minimumDays: { type: "integer", minimum: 1, maximum: 35, default: 1 },
        },
    },
    validateResource: validateResourceOfType(aws.elasticache.ReplicationGroup, (group, args, reportViolation) => {
        const { minimumDays } = args.getConfig<{ minimumDays: number }>();
        const days = group.snapshotRetentionLimit;
        if (typeof days !== "number" || days < minimumDays) {
            reportViolation(mustBe("snapshotRetentionLimit", `at least ${minimumDays}`, days));
        }
    }),
};
