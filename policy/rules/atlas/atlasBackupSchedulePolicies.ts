/**
 * atlas-backup-schedule-policies: a backup schedule must take hourly and daily snapshots and keep a
 * point-in-time restore window, so a restore can land both recently and days back.
 */
import * as mongodbatlas from "@pulumi/mongodbatlas";
import { validateResourceOfType } from "@pulumi/policy";
import { PlatformResourcePolicy } from "../../lib/rule";
import { found } from "../../lib/validate";

interface Config {
    minimumRestoreWindowDays: number;
}

export const atlasBackupSchedulePolicies: PlatformResourcePolicy = {
    name: "atlas-backup-schedule-policies",
    description: "MongoDB Atlas cloud backup schedules must define hourly and daily policy items and a restore window of at least minimumRestoreWindowDays (default 7).",
    enforcementLevel: "mandatory",
    severity: "medium",
    theme: "data-loss",
    anchors: [],
    remediationSteps: "Give the mongodbatlas.CloudBackupSchedule `policyItemHourly`, `policyItemDaily` and `restoreWindowDays` (>= the configured minimum).",
    configSchema: {
        properties: {
            minimumRestoreWindowDays: { type: "integer", minimum: 1, default: 7, description: "Smallest acceptable point-in-time restore window, in days." },
        },
    },
    validateResource: validateResourceOfType(mongodbatlas.CloudBackupSchedule, (schedule, args, reportViolation) => {
        for (const item of ["policyItemHourly", "policyItemDaily"] as const) {
            if (schedule[item] === undefined || schedule[item] === null) {
                reportViolation(`${item} must be set (found: ${found(schedule[item])})`);
            }
        }
        const { minimumRestoreWindowDays } = args.getConfig<Config>();
        const window = schedule.restoreWindowDays;
        if (typeof window !== "number" || window < minimumRestoreWindowDays) {
            reportViolation(`restoreWindowDays must be at least ${minimumRestoreWindowDays} (found: ${found(window)})`);
        }
    }),
};
