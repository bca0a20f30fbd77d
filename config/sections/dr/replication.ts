/**
 * `platform:drReplication`: the data the primary region copies to each secondary region, so a standby region
 * has it during an outage (components/dr/dataReplication.ts). Omit it (dev, staging) and nothing is replicated.
 */
import { z } from "zod";
import type { PlatformConfig } from "../../schema";
import { distinctList } from "../common";
import { SectionProblem } from "../datastores/windows";

/** Buckets that can replicate: the access-log bucket is excluded (SSE-S3, and each region logs its own requests). */
export const REPLICABLE_BUCKETS = ["documents", "assets"] as const;

export const drReplicationSchema = z
    .object({
        buckets: distinctList(z.enum(REPLICABLE_BUCKETS), REPLICABLE_BUCKETS.length, "the replicable buckets")
            .min(1)
            .describe("Primary-region buckets replicated (S3 Cross-Region Replication, SSE-KMS with the destination region's S3 key, delete markers included) to the same-purpose bucket of each secondary region."),
        replicationTimeControl: z
            .boolean()
            .default(true)
            .describe("S3 Replication Time Control: replicate 99.99% of objects within 15 minutes, with replication metrics (billed extra). Off uses best-effort replication, which the policy rule s3-bucket-replication-time-control refuses where data-loss rules are mandatory (staging, prod)."),
        postgresAutomatedBackupsRetentionDays: z
            .int()
            .min(1)
            .max(35)
            .optional()
            .describe("Replicate the primary Postgres instance's automated backups (snapshots and transaction logs, so point-in-time restore) to the secondary region, kept this many days (1-35), encrypted with that region's data key; unset replicates none."),
    })
    .strict();
export type DrReplicationConfig = z.infer<typeof drReplicationSchema>;

/** Replication needs a region to replicate to, and RDS replicates one instance's automated backups to one region only. */
export function drReplicationProblems(config: PlatformConfig): SectionProblem[] {
    const dr = config.drReplication;
    if (!dr) {
        return [];
    }
    const problems: SectionProblem[] = [];
    const secondaries = config.regions.filter((r) => r.role !== "primary");
    if (secondaries.length === 0) {
        problems.push({ path: ["drReplication"], message: "set but the stack has no secondary region to replicate to; expected a secondary region in platform:regions or no drReplication" });
    }
    if (dr.postgresAutomatedBackupsRetentionDays !== undefined && secondaries.length > 1) {
        problems.push({
            path: ["drReplication", "postgresAutomatedBackupsRetentionDays"],
            message: `set with ${secondaries.length} secondary regions; RDS replicates an instance's automated backups to one region only`,
        });
    }
    return problems;
}
