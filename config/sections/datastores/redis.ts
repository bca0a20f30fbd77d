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
            .describe("Also run a cache in every secondary region, so its standby services have one of their own (caches are not replicated; a failover starts cold)."),
    })
    .strict();
export type RedisConfig = z.infer<typeof redisSchema>;

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
    return problems;
}
