/**
 * `platform:redis`: the ElastiCache replication group (Redis OSS or Valkey) of the primary region, and by
 * choice of each secondary region.
 * Schema with documented defaults, plus the checks that need more than one field.
 */
import { z } from "zod";
import type { PlatformConfig } from "../../schema";
import { dailyWindow, SectionProblem, weeklyWindow, windowOverlapProblem } from "./windows";

/** ElastiCache engines with TLS-required mode and RBAC. Memcached has neither, so it is rejected. */
export const REDIS_ENGINES = ["redis", "valkey"] as const;
export type RedisEngine = (typeof REDIS_ENGINES)[number];

/** transitEncryptionMode "required" needs Redis OSS 7.0.5+ or Valkey 7.2+: the lowest major each engine may run. */
export const MINIMUM_ENGINE_MAJOR: Record<RedisEngine, number> = { redis: 7, valkey: 7 };

/** Eviction policies; volatile-* evict only keys with a TTL, so sessions without one survive memory pressure. */
export const MAXMEMORY_POLICIES = ["volatile-lru", "volatile-lfu", "volatile-ttl", "volatile-random", "allkeys-lru", "allkeys-lfu", "allkeys-random", "noeviction"] as const;

export const redisSchema = z
    .object({
        engine: z.enum(REDIS_ENGINES).describe("redis (Redis OSS) or valkey."),
        engineVersion: z.string().regex(/^\d+\.\d+$/, "expected a major.minor version like 7.1 (redis) or 8.0 (valkey)").describe("Engine version; the parameter group family follows the major."),
        nodeType: z.string().regex(/^cache\.[a-z0-9]+\.[a-z0-9]+$/, "expected an ElastiCache node type like cache.t4g.small").describe("Node type of every node."),
        numCacheClusters: z.int().min(1).max(6).describe("Nodes: one primary plus read replicas (1-6)."),
        automaticFailover: z
            .boolean()
            .describe("Multi-AZ with automatic failover to a replica in another AZ; needs numCacheClusters >= 2."),
        authMode: z
            .enum(["token", "rbac"])
            .default("token")
            .describe("token: one AUTH token (generated, in Secrets Manager). rbac: an application user with a generated password in a user group, default user disabled."),
        snapshotRetentionDays: z.int().min(0).max(35).describe("Daily snapshots kept (0 turns snapshots off; protected stacks need at least 1)."),
        snapshotWindow: dailyWindow.default("05:00-06:00").describe("Daily snapshot window (UTC); must not overlap the maintenance window."),
        maintenanceWindow: weeklyWindow.default("sun:06:30-sun:07:30").describe("Weekly maintenance window (UTC)."),
        maxmemoryPolicy: z.enum(MAXMEMORY_POLICIES).default("volatile-lru").describe("Eviction policy when memory is full."),
        inSecondaryRegions: z
            .boolean()
            .default(false)
            .describe("Also run a cache in every secondary region, so its standby services have one of their own (without globalDatastore they are not replicated: a failover starts cold)."),
        globalDatastore: z
            .boolean()
            .default(false)
            .describe(
                "ElastiCache global datastore (default false): the primary region's group is its primary member and each secondary region's group (needs inSecondaryRegions) a read-only " +
                    "secondary member replicated asynchronously (typically under a second), promoted by the regional failover runbook. Needs engine redis 5.0.6+ or valkey 7.2+, a node type of " +
                    "M5/M6g/M7g/R5/R6g/R6gd/R7g/C7gn in size large or bigger, authMode token (members share the primary's AUTH token) and at most two secondary regions.",
            ),
    })
    .strict();
export type RedisConfig = z.infer<typeof redisSchema>;

/**
 * Global datastore limits (docs.aws.amazon.com/AmazonElastiCache/latest/dg/Redis-Global-Datastores-Getting-Started.html):
 * the node families it runs on, in size large and above, and the lowest engine versions (valkey 7.2+, redis OSS 5.0.6+;
 * the TLS-required floor above already keeps redis at 7 or later).
 */
export const GLOBAL_DATASTORE_NODE_FAMILIES = ["m5", "m6g", "m7g", "r5", "r6g", "r6gd", "r7g", "c7gn"] as const;
export const GLOBAL_DATASTORE_TOO_SMALL_SIZES = ["nano", "micro", "small", "medium"] as const;
export const GLOBAL_DATASTORE_MINIMUM_VERSION: Record<RedisEngine, [number, number]> = { redis: [5, 0], valkey: [7, 2] };
/** A global datastore replicates to at most two other regions. */
export const GLOBAL_DATASTORE_MAX_SECONDARIES = 2;

/** Why a node type cannot join a global datastore (`cache.t4g.small`: family t4g), or undefined when it can. */
export function globalDatastoreNodeTypeProblem(nodeType: string): string | undefined {
    const [, family, size] = nodeType.split(".");
    if (!(GLOBAL_DATASTORE_NODE_FAMILIES as readonly string[]).includes(family)) {
        return `node family ${family} cannot join a global datastore; expected one of ${GLOBAL_DATASTORE_NODE_FAMILIES.join(", ")}`;
    }
    if ((GLOBAL_DATASTORE_TOO_SMALL_SIZES as readonly string[]).includes(size)) {
        return `size ${size} is below large, the smallest a global datastore runs on`;
    }
    return undefined;
}

/** Whether `major.minor` is at least `minimum`. */
export function versionAtLeast(version: string, minimum: [number, number]): boolean {
    const [major, minor] = version.split(".").map((n) => parseInt(n, 10));
    return major > minimum[0] || (major === minimum[0] && minor >= minimum[1]);
}

/** Checks of `redis.globalDatastore` against what ElastiCache global datastores accept. */
export function globalDatastoreProblems(redis: RedisConfig, secondaryRegions: number): SectionProblem[] {
    if (!redis.globalDatastore) {
        return [];
    }
    const problems: SectionProblem[] = [];
    const path = ["redis", "globalDatastore"];
    if (secondaryRegions === 0 || !redis.inSecondaryRegions) {
        problems.push({
            path,
            message: `true, but there is no secondary member: expected inSecondaryRegions true and at least one secondary region (found inSecondaryRegions ${redis.inSecondaryRegions}, ${secondaryRegions} secondary regions)`,
        });
    }
    if (secondaryRegions > GLOBAL_DATASTORE_MAX_SECONDARIES) {
        problems.push({ path, message: `true with ${secondaryRegions} secondary regions; a global datastore replicates to at most ${GLOBAL_DATASTORE_MAX_SECONDARIES}` });
    }
    const minimum = GLOBAL_DATASTORE_MINIMUM_VERSION[redis.engine];
    if (!versionAtLeast(redis.engineVersion, minimum)) {
        problems.push({ path: ["redis", "engineVersion"], message: `${redis.engine} ${redis.engineVersion} cannot run a global datastore; expected ${redis.engine} ${minimum.join(".")} or later` });
    }
    const nodeProblem = globalDatastoreNodeTypeProblem(redis.nodeType);
    if (nodeProblem) {
        problems.push({ path: ["redis", "nodeType"], message: `${redis.nodeType}: ${nodeProblem} (globalDatastore is true)` });
    }
    if (redis.authMode !== "token") {
        problems.push({
            path: ["redis", "authMode"],
            message: `${redis.authMode} with globalDatastore: a global datastore supports AUTH (one token shared by its members), not per-region RBAC user groups; expected token`,
        });
    }
    return problems;
}

/** `7.1` -> 7. */
export function engineMajor(version: string): number {
    return parseInt(version.split(".")[0], 10);
}

/** Checks across redis fields and against the stack's capability flags. */
export function redisProblems(config: PlatformConfig): SectionProblem[] {
    const redis = config.redis;
    const problems: SectionProblem[] = [];
    if (redis.automaticFailover && redis.numCacheClusters < 2) {
        problems.push({
            path: ["redis", "automaticFailover"],
            message: `true with numCacheClusters ${redis.numCacheClusters}; failover needs a replica to promote, expected numCacheClusters >= 2`,
        });
    }
    const minimumMajor = MINIMUM_ENGINE_MAJOR[redis.engine];
    if (engineMajor(redis.engineVersion) < minimumMajor) {
        problems.push({
            path: ["redis", "engineVersion"],
            message: `${redis.engine} ${redis.engineVersion} cannot require TLS for every connection; expected ${redis.engine} ${minimumMajor}.x or later`,
        });
    }
    if (config.protectStatefulResources && redis.snapshotRetentionDays < 1) {
        problems.push({
            path: ["redis", "snapshotRetentionDays"],
            message: "0 while protectStatefulResources is true; expected at least 1 so the cache can be restored",
        });
    }
    const overlap = windowOverlapProblem("redis", "snapshotWindow", { daily: redis.snapshotWindow, maintenance: redis.maintenanceWindow }, "ElastiCache");
    if (overlap) {
        problems.push(overlap);
    }
    problems.push(...globalDatastoreProblems(redis, config.regions.filter((r) => r.role !== "primary").length));
    return problems;
}
