/**
 * `platform:backup`: AWS Backup of the primary region's Postgres and documents bucket, copies to the secondary
 * regions' vaults, vault lock, restore drills and the DR notification topic. Omit the key and the stack
 * manages no AWS Backup resources.
 */
import { z } from "zod";
import type { PlatformConfig } from "../../schema";
import type { SectionProblem } from "../datastores/windows";

/** AWS Backup refuses a cold-storage transition less than 90 days before deletion (a recovery point stays in cold storage at least 90 days). */
export const COLD_STORAGE_MINIMUM_DAYS = 90;
/** Continuous backups (point-in-time restore) are kept 1-35 days. */
export const CONTINUOUS_BACKUP_MAXIMUM_DAYS = 35;

/** An AWS Backup schedule: `cron(minutes hours day-of-month month day-of-week year)`, six fields, UTC by default. */
export const backupCron = z
    .string()
    .regex(/^cron\(\S+( \S+){5}\)$/, "expected an AWS cron expression with six fields, like cron(0 5 ? * * *)");

export const vaultLockSchema = z
    .object({
        mode: z
            .enum(["off", "governance", "compliance"])
            .default("governance")
            .describe(
                "Vault Lock on every backup vault. governance: retention enforced, but the lock can be removed by anyone with backup:DeleteBackupVaultLockConfiguration. compliance: after changeableForDays nobody (root or AWS included) can change or delete the lock, and the vault cannot be deleted while it holds recovery points: irreversible, meant for prod. off: no lock.",
            ),
        changeableForDays: z
            .int()
            .min(3)
            .max(36500)
            .default(3)
            .describe("compliance only: grace period (days, >= 3) during which the lock can still be removed; after it the lock is permanent."),
        minRetentionDays: z.int().min(1).max(36500).default(7).describe("Recovery points must be kept at least this long; backup and copy jobs with a shorter lifecycle fail."),
        maxRetentionDays: z.int().min(1).max(36500).optional().describe("Recovery points may be kept at most this long; unset sets no maximum."),
    })
    .strict();

export const restoreTestingSchema = z
    .object({
        schedule: backupCron.default("cron(0 6 ? * SAT *)").describe("When restore drills run (AWS cron, UTC), e.g. weekly."),
        startWindowHours: z.int().min(1).max(168).default(24).describe("Hours after the scheduled time within which a drill must start (1-168)."),
        selectionWindowDays: z.int().min(1).max(365).default(7).describe("A drill restores the latest recovery point created within this many days (1-365)."),
        validationWindowHours: z
            .int()
            .min(1)
            .max(168)
            .default(24)
            .describe("Hours a restored resource is kept for validation before AWS Backup deletes it (1-168); restores and temporary resources are billed."),
    })
    .strict();

export const backupSchema = z
    .object({
        schedule: backupCron.default("cron(0 5 ? * * *)").describe("When the snapshot rule runs (AWS cron, UTC)."),
        startWindowMinutes: z.int().min(60).max(43200).default(60).describe("Minutes after the scheduled time within which a backup job must start (>= 60)."),
        completionWindowMinutes: z.int().min(120).max(43200).default(480).describe("Minutes after the start within which a backup job must finish, or AWS Backup cancels it; more than startWindowMinutes."),
        deleteAfterDays: z.int().min(1).max(36500).default(35).describe("Days a snapshot recovery point (and its cross-region copy) is kept."),
        coldStorageAfterDays: z
            .int()
            .min(1)
            .optional()
            .describe("Move snapshot recovery points of types that support it to cold storage after this many days; at least 90 days before deleteAfterDays. Unset keeps them warm."),
        continuousBackupDays: z
            .int()
            .min(1)
            .max(CONTINUOUS_BACKUP_MAXIMUM_DAYS)
            .optional()
            .describe("Continuous backup (point-in-time restore) of RDS and S3 kept this many days (1-35), in the region's own vault; unset adds no continuous rule."),
        copyToSecondaryRegions: z.boolean().default(true).describe("Copy every snapshot recovery point to each secondary region's vault (continuous points cannot be copied)."),
        vaultLock: vaultLockSchema.prefault({}).describe("Vault Lock of every vault. Structured: see the backup.vaultLock fields below."),
        restoreTesting: restoreTestingSchema
            .optional()
            .describe("Scheduled restore drills (AWS Backup restore testing) of the primary region's Postgres and documents bucket; unset runs none. Structured: see the backup.restoreTesting fields below."),
        notificationEmails: z
            .array(z.email())
            .max(20, "expected at most 20 addresses (a bound for review)")
            .default([])
            .describe("E-mail addresses subscribed to the DR notification topic (failed backup, copy and restore jobs); each must confirm. May be empty."),
    })
    .strict();
export type BackupConfig = z.infer<typeof backupSchema>;

/** Checks AWS makes at `pulumi up` (lifecycle arithmetic, lock bounds), made here so a bad stack file registers nothing. */
export function backupProblems(config: Pick<PlatformConfig, "backup" | "regions">): SectionProblem[] {
    const backup = config.backup;
    if (backup === undefined) {
        return [];
    }
    const problems: SectionProblem[] = [];
    const key = (...path: string[]) => ["backup", ...path];
    if (backup.coldStorageAfterDays !== undefined && backup.deleteAfterDays < backup.coldStorageAfterDays + COLD_STORAGE_MINIMUM_DAYS) {
        problems.push({
            path: key("deleteAfterDays"),
            message: `${backup.deleteAfterDays} is less than 90 days after coldStorageAfterDays ${backup.coldStorageAfterDays}; AWS Backup keeps cold recovery points at least 90 days`,
        });
    }
    if (backup.completionWindowMinutes <= backup.startWindowMinutes) {
        problems.push({ path: key("completionWindowMinutes"), message: `${backup.completionWindowMinutes} is not more than startWindowMinutes ${backup.startWindowMinutes}` });
    }
    const lock = backup.vaultLock;
    if (lock.mode !== "off") {
        if (lock.maxRetentionDays !== undefined && lock.maxRetentionDays < lock.minRetentionDays) {
            problems.push({ path: key("vaultLock", "maxRetentionDays"), message: `${lock.maxRetentionDays} is less than minRetentionDays ${lock.minRetentionDays}` });
        }
        for (const [field, days] of retentionsKeptInVaults(backup)) {
            if (days < lock.minRetentionDays || (lock.maxRetentionDays !== undefined && days > lock.maxRetentionDays)) {
                problems.push({
                    path: key(field),
                    message: `${days} is outside the vault lock's retention (${lock.minRetentionDays}-${lock.maxRetentionDays ?? "unbounded"} days); AWS Backup fails such jobs`,
                });
            }
        }
    }
    if (backup.copyToSecondaryRegions && !config.regions.some((r) => r.role === "secondary")) {
        problems.push({ path: key("copyToSecondaryRegions"), message: 'true but no region has role "secondary" to copy to' });
    }
    return problems;
}

/** The retentions that land in a locked vault: snapshots and their copies, and continuous points. */
function retentionsKeptInVaults(backup: BackupConfig): [string, number][] {
    const kept: [string, number][] = [["deleteAfterDays", backup.deleteAfterDays]];
    // Stryker disable next-line ConditionalExpression: equivalent, an unset retention compares false with both lock bounds and is never reported
    if (backup.continuousBackupDays !== undefined) {
        kept.push(["continuousBackupDays", backup.continuousBackupDays]);
    }
    return kept;
}
