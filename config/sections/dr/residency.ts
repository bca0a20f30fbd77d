/**
 * `platform:residency`: per data classification, the AWS regions where data of that classification may be
 * stored. Pure: the schema, where the configuration puts each classification (`dataPlacements`) and the
 * cross-field check, so every rule is unit-tested without Pulumi.
 *
 * The same map reaches the policy pack as the config of `stack-data-residency` (policy/config.<env>.json,
 * written by `npm run docs` from the stack file), which checks what the program actually registers; this
 * check refuses a configuration that would put data outside its regions before anything is registered.
 */
import { z } from "zod";
import type { DataClassification } from "../../../lib/tags";
import { awsRegionName, distinctList } from "../common";

/** A problem found by a section's cross-field check: the key path below `platform:` and what is wrong. */
export interface SectionProblem {
    path: Array<string | number>;
    message: string;
}

export const DATA_CLASSIFICATIONS: readonly DataClassification[] = ["public", "internal", "confidential", "pii"];

const regionList = distinctList(awsRegionName, 32, "a bound for review").min(1, "expected at least one region; omit the classification to leave it unrestricted");

export const residencySchema = z
    .object({
        allowedRegions: z
            .object({
                pii: regionList.optional().describe("Regions that may hold personal data (documents bucket, Postgres and its replica, Atlas nodes and backup copies)."),
                confidential: regionList.optional().describe("Regions that may hold confidential data (Redis, the Postgres master secret and its replicas, per-service credentials)."),
                internal: regionList.optional().describe("Regions that may hold internal data (every other AWS resource: its provider's default tag)."),
                public: regionList.optional().describe("Regions that may hold public data (the assets bucket)."),
            })
            .strict()
            .prefault({})
            .describe("Per classification, the regions where it may be stored; a classification not listed is unrestricted."),
    })
    .strict();

export type ResidencyConfig = z.infer<typeof residencySchema>;
export type AllowedRegions = ResidencyConfig["allowedRegions"];

/** Where one classification of data is put, and the config key that puts it there. */
export interface DataPlacement {
    classification: DataClassification;
    region: string;
    /** What is stored, e.g. "the Postgres read replica". */
    what: string;
    /** The key that causes this placement, below `platform:`. */
    path: Array<string | number>;
}

/** The parts of the configuration that decide where data lands. */
export interface PlacementConfig {
    regions: ReadonlyArray<{ name: string; role: string }>;
    postgres: { crossRegionReplica: boolean; masterUserManagement: string };
    redis: { inSecondaryRegions: boolean };
    atlas?: { replicateToSecondaryRegions: boolean; backup: { copyToSecondaryRegions: boolean } };
    drReplication?: { buckets: readonly string[]; postgresAutomatedBackupsRetentionDays?: number };
    backup?: { copyToSecondaryRegions: boolean };
}

/** The classification of each bucket purpose drReplication can replicate (components/datastores/buckets.ts tags). */
const REPLICATED_BUCKET_CLASSIFICATION: Record<string, DataClassification> = { documents: "pii", assets: "public" };

/**
 * Each data store's classification and region, as components/datastores places and tags them (the
 * classification is the store's `data-classification` tag; policy/rules/stack/stackDataResidency.ts checks
 * the tags themselves): every region gets the buckets (documents: pii, assets: public, access logs:
 * confidential); the primary gets Postgres (pii), Redis (confidential) and the Atlas primary nodes (pii);
 * the secondaries get the replicas of the platform's secrets (confidential), the Postgres replica (pii) and the
 * replicated master secret (confidential), Redis,
 * Atlas nodes and Atlas backup copies (pii) only when configured, and `drReplication`'s copies: replicated
 * buckets keep their bucket's classification, replicated Postgres automated backups are pii, and so are AWS
 * Backup's copies (`backup.copyToSecondaryRegions`).
 */
export function dataPlacements(config: PlacementConfig): DataPlacement[] {
    const placements: DataPlacement[] = [];
    const put = (classification: DataClassification, region: string, what: string, path: Array<string | number>) => placements.push({ classification, region, what, path });
    config.regions.forEach((region, i) => {
        const at: Array<string | number> = ["regions", i, "name"];
        put("pii", region.name, "the documents bucket", at);
        put("public", region.name, "the assets bucket", at);
        put("confidential", region.name, "the access-log bucket", at);
        put("internal", region.name, "the region's network, cluster and keys", at);
        if (region.role === "primary") {
            put("pii", region.name, "Postgres", at);
            put("confidential", region.name, "Redis", at);
            if (config.atlas) {
                put("pii", region.name, "the Atlas cluster's primary nodes", at);
            }
            return;
        }
        // components/secrets/secretReplicas.ts: every platform secret (the Redis credentials) has a replica in each secondary.
        put("confidential", region.name, "replicas of the platform's secrets (Redis credentials)", at);
        if (config.postgres.crossRegionReplica) {
            put("pii", region.name, "the Postgres read replica", ["postgres", "crossRegionReplica"]);
            if (config.postgres.masterUserManagement === "stack") {
                put("confidential", region.name, "the replicated Postgres master secret", ["postgres", "crossRegionReplica"]);
            }
        }
        if (config.redis.inSecondaryRegions) {
            put("confidential", region.name, "Redis", ["redis", "inSecondaryRegions"]);
        }
        if (config.atlas?.replicateToSecondaryRegions) {
            put("pii", region.name, "Atlas nodes", ["atlas", "replicateToSecondaryRegions"]);
        }
        if (config.atlas?.backup.copyToSecondaryRegions) {
            put("pii", region.name, "Atlas backup copies", ["atlas", "backup", "copyToSecondaryRegions"]);
        }
        config.drReplication?.buckets.forEach((bucket, b) => {
            put(REPLICATED_BUCKET_CLASSIFICATION[bucket] ?? "internal", region.name, `the ${bucket} bucket's replica`, ["drReplication", "buckets", b]);
        });
        // AWS Backup's plan selects the primary's Postgres and documents bucket (components/dr/backup.ts): pii.
        if (config.backup?.copyToSecondaryRegions) {
            put("pii", region.name, "AWS Backup copies of Postgres and the documents bucket", ["backup", "copyToSecondaryRegions"]);
        }
        if (config.drReplication?.postgresAutomatedBackupsRetentionDays !== undefined) {
            put("pii", region.name, "replicated Postgres automated backups", ["drReplication", "postgresAutomatedBackupsRetentionDays"]);
        }
    });
    return placements;
}

/** The placements `allowed` forbids, one problem per placement, naming the key that causes it. */
export function residencyProblems(config: PlacementConfig & { residency?: ResidencyConfig }): SectionProblem[] {
    const allowed = config.residency?.allowedRegions;
    if (allowed === undefined) {
        return [];
    }
    return dataPlacements(config)
        .filter((p) => allowed[p.classification] !== undefined && !allowed[p.classification]!.includes(p.region))
        .map((p) => ({
            path: p.path,
            message: `puts ${p.what} (${p.classification}) in ${p.region}; residency.allowedRegions.${p.classification} allows only ${allowed[p.classification]!.join(", ")}`,
        }));
}
