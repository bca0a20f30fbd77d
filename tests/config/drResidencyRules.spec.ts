/**
 * `platform:residency`: where each configuration key puts each classification of data (`dataPlacements`) and
 * the check that refuses a placement outside `residency.allowedRegions`, on plain configs (no stack file, no
 * synthesis): every option off, then one switched on at a time.
 */
import * as assert from "assert";
import { DataPlacement, dataPlacements, PlacementConfig, residencyProblems } from "../../config/sections/dr/residency";

/** A primary and a secondary region, every cross-region option off, no Atlas, no DR sections. */
const BARE: PlacementConfig = {
    regions: [
        { name: "us-east-1", role: "primary" },
        { name: "us-west-2", role: "secondary" },
    ],
    postgres: { crossRegionReplica: false, masterUserManagement: "rds" },
    redis: { inSecondaryRegions: false },
};
const ATLAS_OFF = { replicateToSecondaryRegions: false, backup: { copyToSecondaryRegions: false } };

const describePlacement = (p: DataPlacement) => `${p.region} ${p.classification} ${p.what} @${p.path.join(".")}`;
const placements = (config: PlacementConfig) => dataPlacements(config).map(describePlacement);
/** What `patch` adds to the bare configuration's placements. */
const added = (patch: Partial<PlacementConfig>) => {
    const before = new Set(placements(BARE));
    return placements({ ...BARE, ...patch }).filter((p) => !before.has(p));
};

describe("config sections: residency placements", () => {
    it("every region holds the three buckets and its own infrastructure; the primary alone Postgres and Redis", () => {
        assert.deepStrictEqual(placements(BARE), [
            "us-east-1 pii the documents bucket @regions.0.name",
            "us-east-1 public the assets bucket @regions.0.name",
            "us-east-1 confidential the access-log bucket @regions.0.name",
            "us-east-1 internal the region's network, cluster and keys @regions.0.name",
            "us-east-1 pii Postgres @regions.0.name",
            "us-east-1 confidential Redis @regions.0.name",
            "us-west-2 pii the documents bucket @regions.1.name",
            "us-west-2 public the assets bucket @regions.1.name",
            "us-west-2 confidential the access-log bucket @regions.1.name",
            "us-west-2 internal the region's network, cluster and keys @regions.1.name",
            "us-west-2 confidential replicas of the platform's secrets (Redis credentials) @regions.1.name",
        ]);
        // Atlas switched on but not replicated: its primary nodes only, in the primary region.
        assert.deepStrictEqual(added({ atlas: ATLAS_OFF }), ["us-east-1 pii the Atlas cluster's primary nodes @regions.0.name"]);
    });

    it("the Postgres replica puts pii in each secondary, and the replicated master secret only when the stack manages it", () => {
        assert.deepStrictEqual(added({ postgres: { crossRegionReplica: true, masterUserManagement: "rds" } }), ["us-west-2 pii the Postgres read replica @postgres.crossRegionReplica"]);
        assert.deepStrictEqual(added({ postgres: { crossRegionReplica: true, masterUserManagement: "stack" } }), [
            "us-west-2 pii the Postgres read replica @postgres.crossRegionReplica",
            "us-west-2 confidential the replicated Postgres master secret @postgres.crossRegionReplica",
        ]);
        // A stack-managed secret without a replica stays in the primary.
        assert.deepStrictEqual(added({ postgres: { crossRegionReplica: false, masterUserManagement: "stack" } }), []);
    });

    it("Redis, Atlas nodes and Atlas backup copies reach the secondary each by its own switch", () => {
        assert.deepStrictEqual(added({ redis: { inSecondaryRegions: true } }), ["us-west-2 confidential Redis @redis.inSecondaryRegions"]);
        assert.deepStrictEqual(added({ atlas: { ...ATLAS_OFF, replicateToSecondaryRegions: true } }), [
            "us-east-1 pii the Atlas cluster's primary nodes @regions.0.name",
            "us-west-2 pii Atlas nodes @atlas.replicateToSecondaryRegions",
        ]);
        assert.deepStrictEqual(added({ atlas: { ...ATLAS_OFF, backup: { copyToSecondaryRegions: true } } }), [
            "us-east-1 pii the Atlas cluster's primary nodes @regions.0.name",
            "us-west-2 pii Atlas backup copies @atlas.backup.copyToSecondaryRegions",
        ]);
    });

    it("replicated buckets keep their bucket's classification (an unknown purpose counts as internal), each at its list index", () => {
        assert.deepStrictEqual(added({ drReplication: { buckets: ["assets", "documents", "logs"] } }), [
            "us-west-2 public the assets bucket's replica @drReplication.buckets.0",
            "us-west-2 pii the documents bucket's replica @drReplication.buckets.1",
            "us-west-2 internal the logs bucket's replica @drReplication.buckets.2",
        ]);
        assert.deepStrictEqual(added({ drReplication: { buckets: [] } }), []);
    });

    it("replicated automated backups and AWS Backup copies are pii in the secondary, only when configured", () => {
        assert.deepStrictEqual(added({ drReplication: { buckets: [], postgresAutomatedBackupsRetentionDays: 7 } }), [
            "us-west-2 pii replicated Postgres automated backups @drReplication.postgresAutomatedBackupsRetentionDays",
        ]);
        assert.deepStrictEqual(added({ backup: { copyToSecondaryRegions: true } }), ["us-west-2 pii AWS Backup copies of Postgres and the documents bucket @backup.copyToSecondaryRegions"]);
        assert.deepStrictEqual(added({ backup: { copyToSecondaryRegions: false } }), []);
    });

    it("a region whose role is not primary counts as a secondary, wherever it is listed", () => {
        const config: PlacementConfig = { ...BARE, regions: [{ name: "eu-west-1", role: "secondary" }, { name: "eu-central-1", role: "primary" }], redis: { inSecondaryRegions: true } };
        const redis = dataPlacements(config).filter((p) => p.what === "Redis").map((p) => `${p.region} @${p.path.join(".")}`);
        assert.deepStrictEqual(redis, ["eu-west-1 @redis.inSecondaryRegions", "eu-central-1 @regions.1.name"]);
    });
});

describe("config sections: residency check", () => {
    const replicated: PlacementConfig = { ...BARE, postgres: { crossRegionReplica: true, masterUserManagement: "rds" } };
    const check = (config: PlacementConfig, allowedRegions: Record<string, string[]> | undefined) =>
        residencyProblems({ ...config, residency: allowedRegions === undefined ? undefined : { allowedRegions } });

    it("no residency section, or no classification listed: nothing is restricted", () => {
        assert.deepStrictEqual(check(replicated, undefined), []);
        assert.deepStrictEqual(check(replicated, {}), []);
    });

    it("pii allowed in the primary only: each secondary placement is refused at its key, naming what, where and what is allowed", () => {
        const problems = check(replicated, { pii: ["us-east-1"] });
        assert.deepStrictEqual(
            problems.map((p) => p.path.join(".")),
            ["regions.1.name", "postgres.crossRegionReplica"],
        );
        assert.equal(problems[1].message, "puts the Postgres read replica (pii) in us-west-2; residency.allowedRegions.pii allows only us-east-1");
        assert.equal(problems[0].message, "puts the documents bucket (pii) in us-west-2; residency.allowedRegions.pii allows only us-east-1");
    });

    it("every allowed region is listed in the message; a classification allowed everywhere it lands passes", () => {
        assert.deepStrictEqual(check(replicated, { pii: ["us-east-1", "us-west-2"], public: ["us-west-2", "us-east-1"] }), []);
        const problems = check(replicated, { public: ["eu-west-1", "us-west-2"] });
        assert.deepStrictEqual(problems.map((p) => p.message), ["puts the assets bucket (public) in us-east-1; residency.allowedRegions.public allows only eu-west-1, us-west-2"]);
        // A restriction on one classification says nothing about the others.
        assert.deepStrictEqual(check(replicated, { internal: ["us-east-1", "us-west-2"] }), []);
    });
});
