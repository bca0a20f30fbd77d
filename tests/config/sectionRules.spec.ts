/**
 * The cross-field checks of the config sections (config/sections/**), called directly on a validated prod
 * config with one thing changed: each check fires at the first bad value, stays quiet at the last good one,
 * and names the key to change.
 */
import * as assert from "assert";
import { PlatformConfig, validateConfig } from "../../config";
import { cdnDomain, cdnProblems, isWithinDomain, planIncludes, recordName, setLiteralLength, steeringProblems } from "../../config/sections/cdn";
import { externalSecretsSchema } from "../../config/sections/secrets";
import { cidr } from "../../config/sections/common";
import { atlasProblems, atlasRegionName, atlasSchema, awsRegionName, tierRank } from "../../config/sections/datastores/atlas";
import { bucketLifecycleProblems, bucketsProblems } from "../../config/sections/datastores/buckets";
import { isValidPerformanceInsightsRetention, postgresProblems, postgresSchema } from "../../config/sections/datastores/postgres";
import { engineMajor, redisProblems, versionAtLeast } from "../../config/sections/datastores/redis";
import { dailyWindowOverlapsWeekly, windowOverlapProblem } from "../../config/sections/datastores/windows";
import { serviceQueueProblems } from "../../config/sections/services";
import { rawStack } from "./fixtures";

// Validated on first use inside a test, not at load: code run while specs load counts as static coverage for
// mutation testing, which would make every validate.ts mutant reload the whole suite.
let validated: PlatformConfig | undefined;
const prod = (): PlatformConfig => (validated ??= validateConfig(rawStack("prod")));
const clone = (): PlatformConfig => structuredClone(prod());

type Problem = { path: (string | number)[]; message: string };
const keysOf = (problems: Problem[]) => problems.map((p) => p.path.join("."));
function only(problems: Problem[], key: string, message: RegExp): void {
    assert.deepStrictEqual(keysOf(problems), [key], JSON.stringify(problems));
    assert.match(problems[0].message, message);
}

describe("config sections: buckets", () => {
    const lifecycle = (patch: object) => ({ noncurrentVersionExpirationDays: 90, abortIncompleteMultipartUploadDays: 7, ...patch });

    it("Glacier IR must come at least 30 days after STANDARD_IA", () => {
        assert.deepStrictEqual(bucketLifecycleProblems("documents", lifecycle({ transitionToStandardIaDays: 90, transitionToGlacierIrDays: 120 })), []);
        only(
            bucketLifecycleProblems("documents", lifecycle({ transitionToStandardIaDays: 90, transitionToGlacierIrDays: 119 })),
            "buckets.documents.transitionToGlacierIrDays",
            /^119 is less than 30 days after transitionToStandardIaDays 90/,
        );
        assert.deepStrictEqual(bucketLifecycleProblems("documents", lifecycle({ transitionToGlacierIrDays: 1 })), [], "Glacier alone has no ordering");
    });

    it("expiry must come after the last transition, whichever it is", () => {
        only(bucketLifecycleProblems("assets", lifecycle({ transitionToStandardIaDays: 90, expirationDays: 90 })), "buckets.assets.expirationDays", /^90 is not after the last transition \(day 90\)/);
        assert.deepStrictEqual(bucketLifecycleProblems("assets", lifecycle({ transitionToStandardIaDays: 90, expirationDays: 91 })), []);
        only(bucketLifecycleProblems("assets", lifecycle({ transitionToGlacierIrDays: 200, expirationDays: 200 })), "buckets.assets.expirationDays", /\(day 200\)/);
        only(
            bucketLifecycleProblems("assets", lifecycle({ transitionToStandardIaDays: 30, transitionToGlacierIrDays: 200, expirationDays: 150 })),
            "buckets.assets.expirationDays",
            /\(day 200\)/,
        );
        assert.deepStrictEqual(bucketLifecycleProblems("assets", lifecycle({ expirationDays: 1 })), [], "no transition: any expiry");
    });

    it("noncurrent versions must expire after their STANDARD_IA transition", () => {
        only(
            bucketLifecycleProblems("accessLogs", lifecycle({ noncurrentVersionTransitionToStandardIaDays: 60, noncurrentVersionExpirationDays: 60 })),
            "buckets.accessLogs.noncurrentVersionExpirationDays",
            /^60 is not after noncurrentVersionTransitionToStandardIaDays 60/,
        );
        assert.deepStrictEqual(bucketLifecycleProblems("accessLogs", lifecycle({ noncurrentVersionTransitionToStandardIaDays: 60, noncurrentVersionExpirationDays: 61 })), []);
    });

    it("checks every bucket of the stack, under its own key", () => {
        const config = clone();
        config.buckets.assets = { ...config.buckets.assets, transitionToStandardIaDays: 60, expirationDays: 60 } as any;
        config.buckets.accessLogs = { ...config.buckets.accessLogs, expirationDays: 90 } as any;
        assert.deepStrictEqual(keysOf(bucketsProblems(config)), ["buckets.assets.expirationDays", "buckets.accessLogs.expirationDays"]);
        assert.deepStrictEqual(bucketsProblems(prod()), []);
    });
});

describe("config sections: redis", () => {
    const redis = (patch: object, protect = true) => {
        const config = clone();
        config.redis = { ...config.redis, ...patch };
        config.protectStatefulResources = protect;
        return redisProblems(config);
    };

    it("a global datastore: the committed prod one passes; it needs a secondary member, at most two secondaries, token auth", () => {
        assert.deepStrictEqual(redis({ globalDatastore: true }), []);
        only(redis({ globalDatastore: true, inSecondaryRegions: false }), "redis.globalDatastore", /^true, but there is no secondary member: .*\(found inSecondaryRegions false, 1 secondary regions\)$/);
        only(redis({ globalDatastore: true, authMode: "rbac" }), "redis.authMode", /^rbac with globalDatastore: .* expected token$/);
        const regions = (secondaries: number) => {
            const config = clone();
            config.redis = { ...config.redis, globalDatastore: true };
            const [primary, secondary] = config.regions;
            config.regions = [primary, ...Array.from({ length: secondaries }, () => secondary)];
            return redisProblems(config);
        };
        assert.deepStrictEqual(regions(2), []);
        only(regions(3), "redis.globalDatastore", /^true with 3 secondary regions; a global datastore replicates to at most 2$/);
        only(regions(0), "redis.globalDatastore", /no secondary member: .*0 secondary regions/);
        // Off, nothing is asked of it.
        assert.deepStrictEqual(redis({ globalDatastore: false, inSecondaryRegions: false, authMode: "rbac", nodeType: "cache.t4g.small" }), []);
    });

    it("a global datastore runs on its node families from size large, and on valkey 7.2 / redis 5.0 or later", () => {
        only(redis({ globalDatastore: true, nodeType: "cache.t4g.large" }), "redis.nodeType", /^cache\.t4g\.large: node family t4g cannot join a global datastore; expected one of m5, /);
        only(redis({ globalDatastore: true, nodeType: "cache.r7g.medium" }), "redis.nodeType", /^cache\.r7g\.medium: size medium is below large/);
        assert.deepStrictEqual(redis({ globalDatastore: true, nodeType: "cache.m7g.xlarge" }), []);
        assert.deepStrictEqual(redis({ globalDatastore: true, engineVersion: "7.2" }), []);
        only(redis({ globalDatastore: true, engineVersion: "7.1" }), "redis.engineVersion", /^valkey 7\.1 cannot run a global datastore; expected valkey 7\.2 or later$/);
        assert.strictEqual(versionAtLeast("7.2", [7, 2]), true);
        assert.strictEqual(versionAtLeast("8.0", [7, 2]), true);
        assert.strictEqual(versionAtLeast("7.1", [7, 2]), false);
        assert.strictEqual(versionAtLeast("6.9", [7, 2]), false);
        assert.strictEqual(versionAtLeast("5.0", [5, 0]), true);
    });

    it("failover needs a replica: one node is refused, two are enough", () => {
        only(redis({ automaticFailover: true, numCacheClusters: 1 }), "redis.automaticFailover", /numCacheClusters 1; failover needs a replica/);
        assert.deepStrictEqual(redis({ automaticFailover: true, numCacheClusters: 2 }), []);
        assert.deepStrictEqual(redis({ automaticFailover: false, numCacheClusters: 1 }), []);
    });

    it("TLS-required mode needs major 7: 6.2 is refused, 7.0 accepted", () => {
        only(redis({ engine: "redis", engineVersion: "6.2" }), "redis.engineVersion", /^redis 6\.2 cannot require TLS for every connection; expected redis 7\.x or later/);
        assert.deepStrictEqual(redis({ engine: "redis", engineVersion: "7.0" }), []);
        assert.strictEqual(engineMajor("10.2"), 10);
    });

    it("a protected stack keeps at least one snapshot; an unprotected one may keep none", () => {
        only(redis({ snapshotRetentionDays: 0 }), "redis.snapshotRetentionDays", /0 while protectStatefulResources is true/);
        assert.deepStrictEqual(redis({ snapshotRetentionDays: 1 }), []);
        assert.deepStrictEqual(redis({ snapshotRetentionDays: 0 }, false), []);
    });

    it("the snapshot window must not overlap maintenance", () => {
        only(redis({ snapshotWindow: "06:00-07:00" }), "redis.snapshotWindow", /06:00-07:00 overlaps maintenanceWindow sun:06:30-sun:07:30; ElastiCache requires disjoint windows/);
    });
});

describe("config sections: postgres", () => {
    const postgres = (patch: object, protect = true, regions?: PlatformConfig["regions"]) => {
        const config = clone();
        config.postgres = { ...config.postgres, ...patch };
        config.protectStatefulResources = protect;
        if (regions) {
            config.regions = regions;
        }
        return postgresProblems(config);
    };

    it("storage autoscaling needs a ceiling above the initial size", () => {
        only(postgres({ allocatedStorageGiB: 200, maxAllocatedStorageGiB: 200 }), "postgres.maxAllocatedStorageGiB", /^200 must exceed allocatedStorageGiB 200/);
        assert.deepStrictEqual(postgres({ allocatedStorageGiB: 200, maxAllocatedStorageGiB: 201 }), []);
    });

    it("backup retention may not go below the stack's floor, and says which floor", () => {
        only(postgres({ minimumBackupRetentionDays: 14, backupRetentionDays: 13 }), "postgres.backupRetentionDays", /^13 days is below the floor of 14 \(minimumBackupRetentionDays is 14\)/);
        assert.deepStrictEqual(postgres({ minimumBackupRetentionDays: 14, backupRetentionDays: 14 }), []);
        only(
            postgres({ minimumBackupRetentionDays: 1, backupRetentionDays: 6 }),
            "postgres.backupRetentionDays",
            /^6 days is below the floor of 7 \(protectStatefulResources is true, which keeps at least 7 days\)/,
        );
        assert.deepStrictEqual(postgres({ minimumBackupRetentionDays: 1, backupRetentionDays: 7 }), []);
        assert.deepStrictEqual(postgres({ minimumBackupRetentionDays: 1, backupRetentionDays: 1, deletionProtection: false }, false), []);
        only(postgres({ minimumBackupRetentionDays: 2, backupRetentionDays: 1, deletionProtection: false }, false), "postgres.backupRetentionDays", /floor of 2/);
    });

    it("refuses reserved or guessable master user names", () => {
        const username = postgresSchema.shape.masterUsername;
        for (const name of ["postgres", "rdsadmin", "admin", "root"]) {
            assert.ok(!username.safeParse(name).success, name);
        }
        assert.ok(username.safeParse("platform_admin").success);
    });

    it("cross-region replicas need the stack to own the master password", () => {
        only(postgres({ crossRegionReplica: true, masterUserManagement: "rds" }), "postgres.masterUserManagement", /^"rds" while crossRegionReplica is true: RDS refuses to create a read replica/);
        assert.deepStrictEqual(postgres({ crossRegionReplica: true, masterUserManagement: "stack" }), []);
        assert.deepStrictEqual(postgres({ crossRegionReplica: false, masterUserManagement: "rds" }), []);
    });

    it("a protected stack needs deletion protection", () => {
        only(postgres({ deletionProtection: false }), "postgres.deletionProtection", /false while protectStatefulResources is true/);
    });

    it("the backup window must not overlap maintenance", () => {
        only(postgres({ backupWindow: "04:00-05:00" }), "postgres.backupWindow", /overlaps maintenanceWindow sun:04:30-sun:05:30; RDS requires disjoint windows/);
    });

    it("a cross-region replica needs a secondary region, after the primary", () => {
        only(postgres({}, true, [prod().regions[0]]), "postgres.crossRegionReplica", /no region has role "secondary"/);
        only(postgres({}, true, [prod().regions[1], prod().regions[0]]), "postgres.crossRegionReplica", /list the primary region first in regions \(found us-west-2 as regions\[0\]\)/);
        assert.deepStrictEqual(postgres({ crossRegionReplica: false }, true, [prod().regions[0]]), []);
    });

    it("Performance Insights retention: 7 days, whole months up to 713, or 731", () => {
        for (const days of [7, 31, 62, 713, 731]) {
            assert.ok(isValidPerformanceInsightsRetention(days), String(days));
        }
        for (const days of [0, 6, 8, 30, 32, 744, 732]) {
            assert.ok(!isValidPerformanceInsightsRetention(days), String(days));
        }
    });
});

describe("config sections: common formats", () => {
    it("a CIDR must be canonical, and the message says what was expected", () => {
        assert.ok(cidr.safeParse("10.0.0.0/16").success);
        const result = cidr.safeParse("10.0.0.1/16");
        assert.ok(!result.success);
        assert.match(result.error.issues[0].message, /host bits set; the network address is 10\.0\.0\.0\/16 \(expected an IPv4 CIDR like 10\.0\.0\.0\/16\)$/);
    });
});

describe("config sections: maintenance windows", () => {
    it("windows that touch do not overlap; one shared minute does", () => {
        assert.ok(!dailyWindowOverlapsWeekly("03:00-04:00", "sun:04:00-sun:05:00"));
        assert.ok(!dailyWindowOverlapsWeekly("05:00-06:00", "sun:04:00-sun:05:00"));
        assert.ok(dailyWindowOverlapsWeekly("03:00-04:01", "sun:04:00-sun:05:00"));
        assert.ok(dailyWindowOverlapsWeekly("04:59-06:00", "sun:04:00-sun:05:00"));
    });

    it("a daily window repeats every day, so it meets a maintenance window on any weekday", () => {
        assert.ok(dailyWindowOverlapsWeekly("10:00-11:00", "wed:10:30-wed:11:30"));
        assert.ok(!dailyWindowOverlapsWeekly("10:00-11:00", "wed:11:00-wed:12:00"));
    });

    it("handles windows that wrap past midnight and from Sunday into Monday", () => {
        assert.ok(dailyWindowOverlapsWeekly("23:30-00:30", "mon:00:00-mon:00:15"));
        assert.ok(dailyWindowOverlapsWeekly("00:10-00:20", "sun:23:50-mon:00:30"));
        assert.ok(!dailyWindowOverlapsWeekly("01:00-02:00", "sun:23:50-mon:00:30"));
        assert.ok(!dailyWindowOverlapsWeekly("22:00-23:50", "sun:23:50-mon:00:30"));
    });

    it("reports an overlap under the section's key, and nothing when disjoint", () => {
        assert.deepStrictEqual(windowOverlapProblem("s", "w", { daily: "03:00-04:00", maintenance: "sun:04:00-sun:05:00" }, "X"), undefined);
        assert.deepStrictEqual(windowOverlapProblem("s", "w", { daily: "03:00-04:30", maintenance: "sun:04:00-sun:05:00" }, "X"), {
            path: ["s", "w"],
            message: "03:00-04:30 overlaps maintenanceWindow sun:04:00-sun:05:00; X requires disjoint windows",
        });
    });
});

describe("config sections: atlas", () => {
    const atlas = (patch: object, regions = prod().regions, services = prod().services as any) => {
        const config = clone();
        return atlasProblems({ atlas: { ...config.atlas!, ...patch }, regions, services });
    };
    const backup = (patch: object) => atlas({ backup: { ...prod().atlas!.backup, ...patch } });
    const single = () => [prod().regions[0]];

    it("the committed prod settings pass", () => {
        assert.deepStrictEqual(atlas({}), []);
    });

    it("refuses shared tiers whatever their case, and names that are no Atlas tier", () => {
        const messages = (instanceSize: string) => {
            const result = atlasSchema.safeParse({ orgId: prod().atlas!.orgId, instanceSize });
            return result.success ? [] : result.error.issues.map((i) => i.message);
        };
        assert.match(messages("m0").join(), /^shared tier m0 has no continuous cloud backup/);
        assert.match(messages("FLEX").join(), /^shared tier FLEX/);
        assert.deepStrictEqual(messages("X10"), ["expected a dedicated Atlas tier such as M10, M30, R40 or M40_NVME"]);
        assert.deepStrictEqual(messages("M40_NVME"), []);
    });

    it("access-list CIDRs: never the world, at most a /16, always a CIDR", () => {
        const messages = (accessListCidrs: string[]) => {
            const result = atlasSchema.safeParse({ orgId: prod().atlas!.orgId, instanceSize: "M30", accessListCidrs });
            return result.success ? [] : result.error.issues.map((i) => i.message);
        };
        assert.match(messages(["0.0.0.0/0"]).join(), /^0\.0\.0\.0\/0 would open Atlas to the whole internet/);
        assert.deepStrictEqual(messages(["10.0.0.0/15"]), ["a /15 is too broad for the Atlas access list; expected /16 or narrower"]);
        assert.deepStrictEqual(messages(["10.0.0.0/16", "198.51.100.7/32"]), []);
        assert.match(messages(["10.0.0.1/24"]).join(), /host bits set.*\(expected an IPv4 CIDR like 198\.51\.100\.0\/24\)$/);
    });

    it("names the services that need atlas, the unserved region and the missing secondary", () => {
        const services = { bff: { dataStores: ["atlas"] }, document: { dataStores: ["atlas", "documents"] } };
        assert.deepStrictEqual(atlasProblems({ regions: prod().regions, services }), [
            { path: ["atlas"], message: "required because services bff, document use the atlas data store (found nothing)" },
        ]);
        const regions = [prod().regions[0], { ...prod().regions[1], name: "mx-central-1" }];
        assert.match(atlas({}, regions).find((p) => p.path.join(".") === "regions.1.name")!.message, /^MongoDB Atlas has no AWS region "mx-central-1", so the Atlas cluster cannot be placed/);
        assert.match(atlasProblems({ atlas: { ...clone().atlas!, backup: { ...prod().atlas!.backup, copyToSecondaryRegions: false } }, regions: single(), services: {} })[0].message, /^true but no region has role "secondary"; add one or set it false/);
        assert.throws(() => atlasRegionName("mx-central-1"), /expected one of us-east-1, us-east-2,/);
    });

    it("counts read-only nodes towards a secondary region's presence, not its votes", () => {
        assert.deepStrictEqual(atlas({ electableNodes: 4, secondaryElectableNodes: 1, secondaryReadOnlyNodes: 1 }), []);
    });

    it("is required only when a service uses it", () => {
        only(atlasProblems({ regions: prod().regions, services: { bff: { dataStores: ["atlas"] }, contractor: { dataStores: [] } } }), "atlas", /services bff use the atlas data store/);
        assert.deepStrictEqual(atlasProblems({ regions: prod().regions, services: { bff: { dataStores: ["redis"] } } }), []);
    });

    it("needs exactly one of orgId and projectId, and projectName only with orgId", () => {
        only(atlas({ orgId: undefined }), "atlas.orgId", /\(found neither\)/);
        only(atlas({ projectId: "64b7d1a2e4b0c91f2a3d5e11" }), "atlas.orgId", /\(found both\)/);
        only(atlas({ orgId: undefined, projectId: "64b7d1a2e4b0c91f2a3d5e11", projectName: "x" }), "atlas.projectName", /only applies to a project created in orgId/);
        assert.deepStrictEqual(atlas({ projectName: "x" }), []);
    });

    it("refuses an AWS region Atlas does not serve, on that region", () => {
        const regions = [prod().regions[0], { ...prod().regions[1], name: "mx-central-1" }];
        assert.ok(keysOf(atlas({}, regions)).includes("regions.1.name"));
        assert.throws(() => atlasRegionName("mx-central-1"), /MongoDB Atlas has no AWS region "mx-central-1"/);
        assert.strictEqual(atlasRegionName("ap-southeast-2"), "AP_SOUTHEAST_2");
        assert.strictEqual(awsRegionName("US_GOV_WEST_1"), "us-gov-west-1");
        assert.throws(() => awsRegionName("US_EAST_9"), /not an Atlas AWS region name/);
    });

    it("replicating needs a secondary region and at least one node there", () => {
        only(atlas({ electableNodes: 3, secondaryElectableNodes: 0, secondaryReadOnlyNodes: 0 }), "atlas.secondaryElectableNodes", /found 0 electable and 0 read-only/);
        assert.deepStrictEqual(atlas({ electableNodes: 3, secondaryElectableNodes: 0, secondaryReadOnlyNodes: 1 }), []);
        assert.ok(keysOf(atlas({ backup: { ...prod().atlas!.backup, copyToSecondaryRegions: false } }, single())).includes("atlas.replicateToSecondaryRegions"));
        assert.deepStrictEqual(atlas({ replicateToSecondaryRegions: false, secondaryElectableNodes: 0, backup: { ...prod().atlas!.backup, copyToSecondaryRegions: false } }, single()), []);
    });

    it("copying backups needs a secondary region", () => {
        only(atlas({ replicateToSecondaryRegions: false, backup: { ...prod().atlas!.backup, copyToSecondaryRegions: true } }, single()), "atlas.backup.copyToSecondaryRegions", /no region has role "secondary" to copy backups to/);
    });

    it("needs 3, 5 or 7 electable nodes in total, counting replicated regions", () => {
        only(atlas({ electableNodes: 4, secondaryElectableNodes: 0, secondaryReadOnlyNodes: 1 }), "atlas.electableNodes", /^4 electable nodes in total; Atlas replica sets need 3, 5, 7/);
        only(atlas({ electableNodes: 3, secondaryElectableNodes: 1 }), "atlas.electableNodes", /^4 electable nodes in total/);
        assert.deepStrictEqual(atlas({ electableNodes: 5, replicateToSecondaryRegions: false }), []);
    });

    it("keeps a majority of electable nodes in the primary region", () => {
        only(atlas({ electableNodes: 2, secondaryElectableNodes: 3 }), "atlas.electableNodes", /the primary region holds 2 of 5 electable nodes; expected a majority/);
        only(atlas({ electableNodes: 3, secondaryElectableNodes: 4 }), "atlas.electableNodes", /holds 3 of 7/);
        assert.deepStrictEqual(atlas({ electableNodes: 3, secondaryElectableNodes: 2 }), [], "3 of 5 is a majority");
        assert.deepStrictEqual(atlas({ electableNodes: 4, secondaryElectableNodes: 3 }), [], "4 of 7 is a majority");
    });

    it("orders backup retention: restore window and hourly within daily, daily within weekly", () => {
        only(backup({ restoreWindowDays: 15, dailyRetentionDays: 14 }), "atlas.backup.restoreWindowDays", /^15 days exceeds dailyRetentionDays 14/);
        assert.deepStrictEqual(backup({ restoreWindowDays: 14, dailyRetentionDays: 14 }), []);
        only(backup({ hourlyRetentionDays: 15, dailyRetentionDays: 14 }), "atlas.backup.hourlyRetentionDays", /^15 days exceeds dailyRetentionDays 14/);
        assert.deepStrictEqual(backup({ hourlyRetentionDays: 14, dailyRetentionDays: 14 }), []);
        only(backup({ dailyRetentionDays: 15, weeklyRetentionWeeks: 2 }), "atlas.backup.weeklyRetentionWeeks", /^2 weeks is shorter than dailyRetentionDays 15/);
        assert.deepStrictEqual(backup({ dailyRetentionDays: 14, weeklyRetentionWeeks: 2 }), []);
    });

    it("compute auto-scaling needs a ceiling no smaller than the tier", () => {
        only(atlas({ autoScaling: { computeEnabled: true, diskGbEnabled: true } }), "atlas.autoScaling.computeMaxInstanceSize", /required when computeEnabled is true/);
        assert.deepStrictEqual(atlas({ autoScaling: { computeEnabled: false, diskGbEnabled: true } }), []);
        only(atlas({ autoScaling: { computeEnabled: true, computeMaxInstanceSize: "M20", diskGbEnabled: true } }), "atlas.autoScaling.computeMaxInstanceSize", /^M20 is smaller than instanceSize M30/);
        assert.deepStrictEqual(atlas({ autoScaling: { computeEnabled: true, computeMaxInstanceSize: "M30", diskGbEnabled: true } }), []);
        assert.deepStrictEqual([tierRank("M10"), tierRank("R40"), tierRank("M40_NVME"), tierRank("FLEX")], [10, 40, 40, 0]);
    });
});

describe("config sections: cdn", () => {
    const cdn = (patch: object, regions = prod().regions) => cdnProblems({ cdn: { ...clone().cdn!, ...patch }, regions });

    it("the committed prod settings pass, and no cdn section has nothing to check", () => {
        assert.deepStrictEqual(cdn({}), []);
        assert.deepStrictEqual(cdnProblems({ regions: prod().regions }), []);
    });

    it("needs exactly one of zoneId and zoneName, an account only to create a zone, a domain with zoneId", () => {
        assert.deepStrictEqual(keysOf(cdn({ zoneName: "example.com" })), ["cdn.zoneName", "cdn.accountId"]);
        assert.match(cdn({ zoneName: "example.com" })[0].message, /not both \(found zoneId \w{32} and zoneName example\.com\)/);
        only(cdn({ zoneId: undefined, domain: undefined }), "cdn.zoneId", /^required: set zoneId \(an existing zone\) or accountId and zoneName \(create one\) \(found neither\)$/);
        only(cdn({ zoneId: undefined, zoneName: "example.com" }), "cdn.accountId", /^required to create zone example\.com \(found nothing\)$/);
        only(cdn({ accountId: "a".repeat(32) }), "cdn.accountId", /only applies to a zone created from zoneName/);
        only(cdn({ domain: undefined }), "cdn.domain", /required with zoneId/);
        assert.deepStrictEqual(cdn({ zoneId: undefined, accountId: "a".repeat(32), zoneName: "example.com", domain: undefined }), []);
    });

    it("the domain must be the created zone or inside it", () => {
        const created = { zoneId: undefined, accountId: "a".repeat(32), zoneName: "example.com" };
        assert.deepStrictEqual(cdn({ ...created, domain: "dev.example.com" }), []);
        assert.deepStrictEqual(cdn({ ...created, domain: "example.com" }), []);
        only(cdn({ ...created, domain: "badexample.com" }), "cdn.domain", /^badexample\.com is not inside zone example\.com; expected example\.com or a name ending in \.example\.com/);
        assert.ok(isWithinDomain("api.dev.example.com", "example.com") && !isWithinDomain("example.com", "dev.example.com"));
    });

    it("serving regions only for configured regions and served, not load-balanced, hostnames", () => {
        const [primary, secondary] = prod().regions;
        const plain = { loadBalancing: undefined };
        assert.deepStrictEqual(cdn({ ...plain, servingRegions: { api: secondary.name, app: primary.name } }), []);
        only(cdn({ ...plain, servingRegions: { api: "eu-west-1" } }), "cdn.servingRegions.api", /^eu-west-1 is not a configured region; expected one of us-east-1, us-west-2$/);
        only(cdn({ ...plain, servingRegions: { graphql: primary.name } }), "cdn.servingRegions.graphql", /"graphql" is not one of hostnames \["api","app","assets"\]/);
        only(cdn({ servingRegions: { api: secondary.name } }), "cdn.servingRegions.api", /"api" is served by loadBalancing/);
        // Only the load-balanced hostnames are off limits.
        assert.deepStrictEqual(cdn({ servingRegions: { assets: secondary.name }, loadBalancing: { ...prod().cdn!.loadBalancing!, hostnames: ["api"], steering: {}, sessionAffinity: "none" } }), []);
    });

    it("load balancing: two regions, its hostnames served, disabled regions known and not all of them, a timeout below the interval", () => {
        const [primary, secondary] = prod().regions;
        // prod's steering aside (its checks are steeringProblems'): only the load balancing fields under test.
        const lb = (patch: object) => cdn({ loadBalancing: { ...prod().cdn!.loadBalancing!, steering: {}, sessionAffinity: "none", ...patch } });
        only(cdn({ loadBalancing: { ...prod().cdn!.loadBalancing!, steering: {}, sessionAffinity: "none" } }, [primary]), "cdn.loadBalancing", /^needs two or more regions to fail over between \(found 1: us-east-1\)/);
        // Active-active hostnames are named too: they have no second region to spread over.
        assert.deepStrictEqual(keysOf(cdn({}, [primary])), ["cdn.loadBalancing", "cdn.loadBalancing.steering.app", "cdn.loadBalancing.steering.assets"]);
        only(lb({ hostnames: ["api", "www"] }), "cdn.loadBalancing.hostnames.1", /"www" is not one of hostnames/);
        only(lb({ disabledRegions: ["eu-west-1"] }), "cdn.loadBalancing.disabledRegions.0", /eu-west-1 is not a configured region/);
        assert.deepStrictEqual(lb({ disabledRegions: [primary.name] }), []);
        only(lb({ disabledRegions: [primary.name, secondary.name] }), "cdn.loadBalancing.disabledRegions", /disables every region's pool \(us-east-1, us-west-2\)/);
        const monitor = prod().cdn!.loadBalancing!.monitor;
        only(lb({ monitor: { ...monitor, intervalSeconds: 10, timeoutSeconds: 10 } }), "cdn.loadBalancing.monitor.timeoutSeconds", /10 is not below intervalSeconds 10/);
        assert.deepStrictEqual(lb({ monitor: { ...monitor, intervalSeconds: 10, timeoutSeconds: 9 } }), []);
        // No region at all is the region count's problem, not a pool disabled everywhere.
        const noRegions = keysOf(cdn({}, []));
        assert.ok(noRegions.includes("cdn.loadBalancing") && !noRegions.includes("cdn.loadBalancing.disabledRegions"), JSON.stringify(noRegions));
        assert.match(cdn({}, [])[0].message, /^needs two or more regions to fail over between \(found 0: \); remove it or add a region$/);
    });

    it("steering: only load-balanced hostnames, never active-active for active-passive-only ones, two regions, known locations for geo", () => {
        const lb = prod().cdn!.loadBalancing!;
        const regions = ["us-east-1", "us-west-2"];
        const problems = (patch: object, regionNames = regions, balanced = ["api", "app", "assets"]) => steeringProblems({ ...lb, sessionAffinity: "none", ...patch } as any, balanced, regionNames);
        assert.deepStrictEqual(problems({}), []);
        only(problems({ steering: { www: "geo" } }), "cdn.loadBalancing.steering.www", /^"www" is not a load-balanced hostname; expected one of \["api","app","assets"\]$/);
        only(problems({ steering: { api: "dynamic_latency" }, activePassiveOnly: ["api"] }), "cdn.loadBalancing.steering.api", /^dynamic_latency is active-active, but "api" is in activePassiveOnly; expected "off"/);
        assert.deepStrictEqual(problems({ steering: { api: "off" }, activePassiveOnly: ["api"] }), []);
        only(problems({ steering: { app: "geo" } }, ["us-east-1"]), "cdn.loadBalancing.steering.app", /^geo spreads traffic over regions, but only 1 region serves \(us-east-1\); expected "off" or a second region$/);
        assert.deepStrictEqual(problems({ steering: { app: "off" } }, ["us-east-1"]), []);
        only(problems({ steering: { app: "geo" } }, ["us-east-1", "xx-nowhere-9"]), "cdn.loadBalancing.steering.app", /^geo steering needs each region's location .* xx-nowhere-9 has none/);
        assert.deepStrictEqual(problems({ steering: { app: "dynamic_latency" } }, ["us-east-1", "xx-nowhere-9"]), []);
        only(problems({ steering: {}, activePassiveOnly: ["api", "www"] }), "cdn.loadBalancing.activePassiveOnly.1", /^"www" is not a load-balanced hostname/);
    });

    it("steering: session affinity only with an active-active hostname", () => {
        const lb = prod().cdn!.loadBalancing!;
        const problems = (patch: object) => steeringProblems({ ...lb, ...patch } as any, ["api", "app", "assets"], ["us-east-1", "us-west-2"]);
        assert.deepStrictEqual(problems({ sessionAffinity: "cookie", steering: { app: "geo" } }), []);
        only(problems({ sessionAffinity: "cookie", steering: { app: "off" } }), "cdn.loadBalancing.sessionAffinity", /^cookie applies to active-active hostnames, and steering names none/);
        assert.deepStrictEqual(problems({ sessionAffinity: "none", steering: {} }), []);
    });

    it("a hostname listed twice is refused at the second, naming the first", () => {
        only(cdn({ hostnames: ["api", "app", "assets", "app"] }), "cdn.hostnames.3", /^hostname "app" is listed twice \(also hostnames\[1\]\)$/);
    });

    it("measures a host set as Cloudflare spells it: {\"a\" \"b\"}", () => {
        assert.strictEqual(setLiteralLength([]), "{}".length);
        assert.strictEqual(setLiteralLength(["a"]), '{"a"}'.length);
        assert.strictEqual(setLiteralLength(["a", "bc"]), '{"a" "bc"}'.length);
    });

    it("refuses cache rule expressions over Cloudflare's 4096 characters, naming what to shorten", () => {
        const extensions = Array.from({ length: 600 }, (_, i) => `x${i}`);
        const tooManyExtensions = cdn({ assetCache: { ...prod().cdn!.assetCache, extensions } });
        only(tooManyExtensions, "cdn.assetCache", /^the cache rule expressions would be up to \d+ characters, over Cloudflare's 4096; expected fewer or shorter hostnames or extensions$/);
        // The longer of the two expressions is the one reported.
        assert.ok(Number(/up to (\d+)/.exec(tooManyExtensions[0].message)![1]) > setLiteralLength(extensions));
        const hostnames = Array.from({ length: 70 }, (_, i) => `h${i}-${"x".repeat(50)}`);
        const tooManyHosts = cdn({ hostnames, apiHostnames: hostnames, loadBalancing: undefined });
        only(tooManyHosts, "cdn.hostnames", /^the cache rule expressions would be up to \d+ characters, over Cloudflare's 4096; expected fewer or shorter hostnames$/);
        // Twenty such hostnames, all of them API hosts, still fit.
        assert.deepStrictEqual(cdn({ hostnames: hostnames.slice(0, 20), apiHostnames: hostnames.slice(0, 20), loadBalancing: undefined }), []);
    });

    it("paid features name the plan they need: OWASP and the API rate limit need pro, longer periods business", () => {
        const rateLimit = { requestsPerPeriod: 100, periodSeconds: 60, mitigationTimeoutSeconds: 60, action: "block" };
        only(cdn({ plan: "free", rateLimit: undefined }), "cdn.waf.owaspCoreRuleset", /^the Cloudflare OWASP Core Ruleset needs Cloudflare plan pro or higher \(found plan free\)/);
        only(cdn({ plan: "free", waf: { owaspCoreRuleset: false, owaspAction: "log" }, rateLimit }), "cdn.rateLimit", /needs Cloudflare plan pro or higher \(found plan free\)/);
        assert.deepStrictEqual(cdn({ plan: "free", waf: { owaspCoreRuleset: false, owaspAction: "log" }, rateLimit: undefined }), []);
        assert.deepStrictEqual(cdn({ plan: "pro", rateLimit }), []);
        only(cdn({ plan: "pro", rateLimit: { ...rateLimit, periodSeconds: 120 } }), "cdn.rateLimit.periodSeconds", /^120 exceeds the 60 seconds plan pro allows$/);
        assert.deepStrictEqual(cdn({ plan: "business", rateLimit: { ...rateLimit, periodSeconds: 600 } }), []);
        only(cdn({ plan: "business", rateLimit: { ...rateLimit, periodSeconds: 900 } }), "cdn.rateLimit.periodSeconds", /900 exceeds the 600 seconds plan business/);
        assert.deepStrictEqual(cdn({ plan: "enterprise", rateLimit: { ...rateLimit, periodSeconds: 3600 } }), []);
        only(cdn({ plan: "pro", rateLimit: { ...rateLimit, mitigationTimeoutSeconds: 86400 } }), "cdn.rateLimit.mitigationTimeoutSeconds", /86400 exceeds the 3600 seconds plan pro allows/);
        assert.deepStrictEqual(cdn({ plan: "pro", rateLimit: { ...rateLimit, mitigationTimeoutSeconds: 3600 } }), []);
        assert.deepStrictEqual(cdn({ plan: "business", rateLimit: { ...rateLimit, mitigationTimeoutSeconds: 86400 } }), []);
        only(cdn({ apiHostnames: [], rateLimit }), "cdn.rateLimit", /apiHostnames is empty/);
        assert.deepStrictEqual([planIncludes("pro", "pro"), planIncludes("free", "pro"), planIncludes("enterprise", "business")], [true, false, true]);
    });

    it("record names longer than DNS allows are refused", () => {
        const domain = `${"d".repeat(62)}.${"e".repeat(61)}.${"f".repeat(60)}.com`; // 189 characters
        const fits = "a".repeat(63); // 63 + 1 + 189 = 253, the longest DNS name
        only(cdn({ domain, hostnames: [fits, `${fits}.b`], apiHostnames: [], rateLimit: undefined, loadBalancing: undefined }), "cdn.hostnames.1", /is longer than the 253 characters/);
        assert.deepStrictEqual(cdn({ domain, hostnames: [fits, "bb"], apiHostnames: [], rateLimit: undefined, loadBalancing: undefined }), []);
    });

    it("HSTS preload needs includeSubdomains and a one-year max-age, naming what is missing", () => {
        const hsts = (patch: object) => ({ hsts: { maxAgeSeconds: 31536000, includeSubdomains: true, preload: true, acknowledgeExistingZone: true, ...patch } });
        assert.deepStrictEqual(cdn(hsts({})), []);
        only(cdn(hsts({ maxAgeSeconds: 31535999 })), "cdn.hsts.preload", /^the HSTS preload list requires maxAgeSeconds of at least 31536000 \(found 31535999\)$/);
        only(cdn(hsts({ includeSubdomains: false })), "cdn.hsts.preload", /^the HSTS preload list requires includeSubdomains \(found false\)$/);
        only(cdn(hsts({ includeSubdomains: false, maxAgeSeconds: 15552000 })), "cdn.hsts.preload", /requires includeSubdomains \(found false\) and maxAgeSeconds of at least 31536000 \(found 15552000\)$/);
    });

    it("includeSubDomains on an existing zone needs the acknowledgement, which a created zone must not carry", () => {
        const hsts = (patch: object) => ({ maxAgeSeconds: 31536000, includeSubdomains: false, preload: false, acknowledgeExistingZone: false, ...patch });
        only(cdn({ hsts: hsts({ includeSubdomains: true }) }), "cdn.hsts.includeSubdomains", /already exists and may serve names this stack does not manage/);
        assert.deepStrictEqual(cdn({ hsts: hsts({ includeSubdomains: true, acknowledgeExistingZone: true }) }), []);
        const created = { zoneId: undefined, accountId: "a".repeat(32), zoneName: "example.com" };
        assert.deepStrictEqual(cdn({ ...created, hsts: hsts({ includeSubdomains: true }) }), []);
        only(cdn({ ...created, hsts: hsts({ acknowledgeExistingZone: true }) }), "cdn.hsts.acknowledgeExistingZone", /only applies to an existing zone/);
    });

    it("browsers keep assets no longer than the edge", () => {
        const cache = prod().cdn!.assetCache;
        only(cdn({ assetCache: { ...cache, browserTtlSeconds: 3601, edgeTtlSeconds: 3600 } }), "cdn.assetCache.browserTtlSeconds", /^3601 exceeds edgeTtlSeconds 3600/);
        assert.deepStrictEqual(cdn({ assetCache: { ...cache, browserTtlSeconds: 3600, edgeTtlSeconds: 3600 } }), []);
    });

    it("names records under the domain, @ being the domain itself", () => {
        assert.strictEqual(recordName("api", "dev.example.com"), "api.dev.example.com");
        assert.strictEqual(recordName("@", "dev.example.com"), "dev.example.com");
        assert.strictEqual(cdnDomain({ ...prod().cdn!, domain: undefined, zoneName: "z.example.com" }), "z.example.com");
        assert.throws(() => cdnDomain({ ...prod().cdn!, domain: undefined, zoneName: undefined }), /needs domain \(or zoneName\)/);
    });
});

describe("config sections: external secrets", () => {
    const parse = (value: object) => externalSecretsSchema.safeParse(value);

    it("pins an exact chart version of 0.17 or later", () => {
        for (const chartVersion of ["0.17.0", "1.0.0", "2.10.0"]) {
            assert.ok(parse({ chartVersion }).success, chartVersion);
        }
        for (const chartVersion of ["0.16.2", "2.10", "^2.10.0", "v2.10.0"]) {
            assert.ok(!parse({ chartVersion }).success, chartVersion);
        }
    });

    it("says why a chart before 0.17 is refused", () => {
        const result = parse({ chartVersion: "0.16.2" });
        assert.ok(!result.success && result.error.issues.some((i) => /charts before 0\.17 still serve v1beta1/.test(i.message)));
    });

    it("refreshes on a positive duration in seconds, minutes or hours", () => {
        assert.ok(parse({ refreshInterval: "15m" }).success);
        assert.ok(!parse({ refreshInterval: "0m" }).success);
        assert.ok(!parse({ refreshInterval: "15d" }).success);
    });
});

describe("config sections: service queues", () => {
    const queue = (messageRetentionSeconds: number, deadLetterRetentionSeconds: number) => ({
        visibilityTimeoutSeconds: 30,
        messageRetentionSeconds,
        maxReceiveCount: 5,
        deadLetterRetentionSeconds,
        kmsDataKeyReusePeriodSeconds: 300,
    });

    it("the dead-letter queue must keep messages longer than the queue: one second more passes, equal fails", () => {
        assert.deepStrictEqual(serviceQueueProblems("document", queue(345_600, 345_601)), []);
        assert.deepStrictEqual(serviceQueueProblems("document", undefined), []);
        only(serviceQueueProblems("document", queue(345_600, 345_600)), "services.document.queue.deadLetterRetentionSeconds", /^345600 is not longer than messageRetentionSeconds 345600; expected a longer dead-letter retention/);
        only(serviceQueueProblems("notification", queue(3_600, 60)), "services.notification.queue.deadLetterRetentionSeconds", /^60 is not longer than messageRetentionSeconds 3600/);
    });
});
