/**
 * `platform:postgres`: the RDS PostgreSQL instance of the primary region (and its optional cross-region replica).
 * Schema with documented defaults, plus the checks that need more than one field.
 */
import { z } from "zod";
import type { PlatformConfig } from "../../schema";
import { dailyWindow, SectionProblem, weeklyWindow, windowOverlapProblem } from "./windows";

/** Engines this component can run. Anything else (mysql, aurora-postgresql, ...) is rejected with the key named. */
export const POSTGRES_ENGINES = ["postgres"] as const;

/** Server CAs whose certificates are current (rds-ca-2019 expired in 2024). */
export const RDS_CURRENT_CAS = ["rds-ca-rsa2048-g1", "rds-ca-rsa4096-g1", "rds-ca-ecc384-g1"] as const;

/**
 * Who owns the master password: `rds` lets RDS generate, store and rotate it (manageMasterUserPassword);
 * `stack` has the stack generate it and keep it in a Secrets Manager secret of its own, replicated to the
 * replica regions and rotated by the single-user PostgreSQL rotation function. RDS refuses to create a read
 * replica of a source whose password it manages, so replicas need `stack`.
 */
export const MASTER_USER_MANAGEMENT_MODES = ["rds", "stack"] as const;
export type MasterUserManagement = (typeof MASTER_USER_MANAGEMENT_MODES)[number];

/**
 * Semantic version of AWS's SecretsManagerRDSPostgreSQLRotationSingleUser application (Serverless Application
 * Repository) the stack deploys: the version aws-cdk-lib pins for the aws partition.
 */
export const DEFAULT_ROTATION_FUNCTION_VERSION = "1.1.671";

/** Enhanced Monitoring granularities RDS accepts (0, which turns it off, is deliberately not offered). */
export const MONITORING_INTERVALS = [1, 5, 10, 15, 30, 60] as const;

/**
 * A floor no stack can lower: with protectStatefulResources on, automated backups (and so point-in-time
 * recovery) reach back at least this many days, whatever `minimumBackupRetentionDays` says.
 */
export const PROTECTED_MINIMUM_BACKUP_RETENTION_DAYS = 7;

/** Performance Insights keeps 7 days free, or whole months (31-day multiples) up to 2 years (731 days). */
export function isValidPerformanceInsightsRetention(days: number): boolean {
    return days === 7 || days === 731 || (days % 31 === 0 && days >= 31 && days <= 713);
}

export const postgresSchema = z
    .object({
        engine: z.enum(POSTGRES_ENGINES).default("postgres").describe("RDS engine; only postgres (RDS for PostgreSQL) is supported."),
        engineVersion: z
            .string()
            .regex(/^(1[4-9]|[2-9]\d)(\.\d+)?$/, "expected a PostgreSQL version 14 or later, major or major.minor, like 17 or 17.5")
            .describe("PostgreSQL version. A major version alone (17) lets auto minor version upgrade pick the minor; the parameter group family follows the major."),
        instanceClass: z.string().regex(/^db\.[a-z0-9]+\.[a-z0-9]+$/, "expected an RDS instance class like db.m7g.large").describe("RDS instance class."),
        allocatedStorageGiB: z.int().min(20).max(65536).default(20).describe("Initial gp3 storage in GiB (20-65536)."),
        maxAllocatedStorageGiB: z.int().min(21).max(65536).default(100).describe("Storage autoscaling ceiling in GiB; must exceed allocatedStorageGiB."),
        multiAz: z.boolean().describe("Synchronous standby in a second AZ with automatic failover."),
        backupRetentionDays: z.int().min(1).max(35).describe("Automated backup retention (1-35 days); also how far back point-in-time recovery reaches."),
        minimumBackupRetentionDays: z
            .int()
            .min(1)
            .max(35)
            .default(1)
            .describe(`Floor backupRetentionDays may not go below (prod: 14). Stacks with protectStatefulResources also keep at least ${PROTECTED_MINIMUM_BACKUP_RETENTION_DAYS}.`),
        backupWindow: dailyWindow.default("03:00-04:00").describe("Daily automated backup window (UTC); must not overlap the maintenance window."),
        maintenanceWindow: weeklyWindow.default("sun:04:30-sun:05:30").describe("Weekly maintenance window (UTC) for minor upgrades and patches."),
        deletionProtection: z.boolean().describe("RDS deletion protection; required when protectStatefulResources is true."),
        performanceInsightsRetentionDays: z
            .int()
            .min(7)
            .max(731)
            .refine(isValidPerformanceInsightsRetention, "expected 7, a multiple of 31 up to 713, or 731")
            .default(7)
            .describe("Performance Insights retention: 7 (free tier), 31 x months, or 731 days."),
        monitoringIntervalSeconds: z.literal(MONITORING_INTERVALS).default(60).describe("Enhanced Monitoring granularity in seconds (1, 5, 10, 15, 30 or 60)."),
        databaseName: z
            .string()
            .regex(/^[a-z][a-z0-9_]{0,62}$/, "expected a lower-case PostgreSQL identifier like platform")
            .default("platform")
            .describe("Database created at launch."),
        masterUsername: z
            .string()
            .regex(/^[a-z][a-z0-9_]{0,15}$/, "expected a lower-case identifier of at most 16 characters")
            .refine((name) => !["postgres", "rdsadmin", "admin", "root"].includes(name), "postgres, rdsadmin, admin and root are reserved or too guessable")
            .default("platform_admin")
            .describe("Master user; its password lives in Secrets Manager and is rotated (see masterUserManagement)."),
        masterUserManagement: z
            .enum(MASTER_USER_MANAGEMENT_MODES)
            .default("rds")
            .describe(
                "rds: RDS generates, stores and rotates the master password. stack: the stack generates it, stores it in its own CMK-encrypted secret (replicated to replica regions) and rotates it with AWS's single-user rotation function; required with crossRegionReplica.",
            ),
        masterRotationDays: z.int().min(1).max(365).default(30).describe("With masterUserManagement stack: days between automatic rotations of the master password (1-365)."),
        rotationFunctionVersion: z
            .string()
            .regex(/^\d+\.\d+\.\d+$/, "expected a semantic version like 1.1.671")
            .default(DEFAULT_ROTATION_FUNCTION_VERSION)
            .describe("With masterUserManagement stack: pinned version of the SecretsManagerRDSPostgreSQLRotationSingleUser application (Serverless Application Repository)."),
        caCertIdentifier: z.enum(RDS_CURRENT_CAS).default("rds-ca-rsa2048-g1").describe("Server certificate authority clients verify against."),
        logMinDurationStatementMs: z.int().min(-1).default(1000).describe("Log statements slower than this (ms); -1 turns it off."),
        crossRegionReplica: z
            .boolean()
            .default(false)
            .describe("Run an encrypted cross-region read replica in each secondary region (DR: promote it). The primary region must be listed first."),
    })
    .strict();
export type PostgresConfig = z.infer<typeof postgresSchema>;

/** Checks across postgres fields and against the stack's capability flags. */
export function postgresProblems(config: PlatformConfig): SectionProblem[] {
    const postgres = config.postgres;
    const problems: SectionProblem[] = [];
    if (postgres.maxAllocatedStorageGiB <= postgres.allocatedStorageGiB) {
        problems.push({
            path: ["postgres", "maxAllocatedStorageGiB"],
            message: `${postgres.maxAllocatedStorageGiB} must exceed allocatedStorageGiB ${postgres.allocatedStorageGiB} so storage can autoscale`,
        });
    }
    const floor = Math.max(postgres.minimumBackupRetentionDays, config.protectStatefulResources ? PROTECTED_MINIMUM_BACKUP_RETENTION_DAYS : 1);
    if (postgres.backupRetentionDays < floor) {
        const why =
            postgres.minimumBackupRetentionDays >= floor
                ? `minimumBackupRetentionDays is ${postgres.minimumBackupRetentionDays}`
                : `protectStatefulResources is true, which keeps at least ${PROTECTED_MINIMUM_BACKUP_RETENTION_DAYS} days`;
        problems.push({
            path: ["postgres", "backupRetentionDays"],
            message: `${postgres.backupRetentionDays} days is below the floor of ${floor} (${why}); raise backupRetentionDays`,
        });
    }
    if (config.protectStatefulResources && !postgres.deletionProtection) {
        problems.push({
            path: ["postgres", "deletionProtection"],
            message: "false while protectStatefulResources is true; expected true so the database cannot be deleted by accident",
        });
    }
    const overlap = windowOverlapProblem("postgres", "backupWindow", { daily: postgres.backupWindow, maintenance: postgres.maintenanceWindow }, "RDS");
    if (overlap) {
        problems.push(overlap);
    }
    if (postgres.crossRegionReplica && postgres.masterUserManagement === "rds") {
        problems.push({
            path: ["postgres", "masterUserManagement"],
            message:
                '"rds" while crossRegionReplica is true: RDS refuses to create a read replica of a source whose master password it manages (ManageMasterUserPassword); expected "stack"',
        });
    }
    if (postgres.crossRegionReplica) {
        const secondaries = config.regions.filter((r) => r.role === "secondary");
        if (secondaries.length === 0) {
            problems.push({ path: ["postgres", "crossRegionReplica"], message: "true but no region has role \"secondary\" to hold the replica" });
        } else if (config.regions[0]?.role !== "primary") {
            problems.push({
                path: ["postgres", "crossRegionReplica"],
                message: `the replica needs its source first: list the primary region first in regions (found ${config.regions[0]?.name} as regions[0])`,
            });
        }
    }
    return problems;
}
