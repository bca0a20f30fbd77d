import * as assert from "assert";
import { primaryMemberGaps, stackElasticacheGlobalDatastoreSecured as policy } from "../../../rules/stack/stackElasticacheGlobalDatastoreSecured";
import { compliantReplicationGroup } from "../../fixtures";
import { assertNoStackViolation, assertStackViolation, stackArgs, StackFixtureResource, stackViolationsOf, UNKNOWN } from "../../helpers";

const GROUP = "aws:elasticache/replicationGroup:ReplicationGroup";
const GLOBAL = "aws:elasticache/globalReplicationGroup:GlobalReplicationGroup";

const primary = (overrides: Record<string, unknown> = {}): StackFixtureResource => ({
    type: GROUP,
    name: "use1-redis-group",
    props: { ...compliantReplicationGroup(), replicationGroupId: "platform-prod-use1-redis", ...overrides },
});
const global = (props: Record<string, unknown> = { primaryReplicationGroupId: "platform-prod-use1-redis", globalReplicationGroupIdSuffix: "platform-prod-redis" }, deps = ["use1-redis-group"]): StackFixtureResource => ({
    type: GLOBAL,
    name: "use1-redis-global",
    props,
    propertyDependencies: { primaryReplicationGroupId: deps },
});
/** A secondary member as the platform declares it: none of the inherited fields, joined by the global datastore's output. */
const secondary = (deps: string[] = ["use1-redis-global"], id: unknown = UNKNOWN): StackFixtureResource => ({
    type: GROUP,
    name: "usw2-redis-group",
    props: { replicationGroupId: "platform-prod-usw2-redis", description: "standby", numCacheClusters: 3, kmsKeyId: "arn:aws:kms:us-west-2:1:key/w", globalReplicationGroupId: id },
    propertyDependencies: { globalReplicationGroupId: deps },
});

describe("stack-elasticache-global-datastore-secured", () => {
    it("passes a global datastore made from a secured primary, joined by a secondary through its output", async () => {
        await assertNoStackViolation(policy, stackArgs([primary(), global(), secondary()]));
    });

    it("passes stacks without a global datastore (regional caches only)", async () => {
        await assertNoStackViolation(policy, stackArgs([primary()]));
        await assertNoStackViolation(policy, stackArgs([]));
    });

    it("joins by value when no dependency is recorded (a literal primary id)", async () => {
        await assertNoStackViolation(policy, stackArgs([primary(), global(undefined, [])]));
        await assertStackViolation(
            policy,
            stackArgs([primary(), global({ primaryReplicationGroupId: "someone-elses-group", globalReplicationGroupIdSuffix: "x" }, [])]),
            /primaryReplicationGroupId must be a replication group of this stack.*\(found: "someone-elses-group"\)/,
        );
    });

    it("fails a global datastore whose primary is missing or unset", async () => {
        await assertStackViolation(policy, stackArgs([global({ globalReplicationGroupIdSuffix: "x" }, [])]), /primaryReplicationGroupId must be a replication group of this stack.*\(found: undefined\)/);
        await assertStackViolation(policy, stackArgs([global()].map((g) => ({ ...g, propertyDependencies: { primaryReplicationGroupId: [] } }))), /found: "platform-prod-use1-redis"/);
    });

    for (const [property, value, expected] of [
        ["atRestEncryptionEnabled", false, /atRestEncryptionEnabled true \(found: false\)/],
        ["atRestEncryptionEnabled", undefined, /atRestEncryptionEnabled true \(found: undefined\)/],
        ["kmsKeyId", undefined, /kmsKeyId a customer-managed key \(found: undefined\)/],
        ["transitEncryptionEnabled", false, /transitEncryptionEnabled true \(found: false\)/],
        ["transitEncryptionEnabled", undefined, /transitEncryptionEnabled true \(found: undefined\)/],
        ["transitEncryptionMode", "preferred", /transitEncryptionMode "required" or unset \(found: "preferred"\)/],
        ["authToken", undefined, /authToken \(or authTokenWo\) set \(found: neither\)/],
    ] as const) {
        it(`fails a primary member with ${property} ${String(value)}`, async () => {
            await assertStackViolation(policy, stackArgs([primary({ [property]: value }), global(), secondary()]), new RegExp(`the primary member of .*GlobalReplicationGroup "use1-redis-global", must have .*${expected.source}`));
        });
    }

    it("names every gap of the primary in one message and never echoes the token", async () => {
        const messages = await stackViolationsOf(policy, stackArgs([primary({ atRestEncryptionEnabled: false, transitEncryptionEnabled: false, authToken: undefined }), global()]));
        assert.strictEqual(messages.length, 1);
        assert.match(messages[0].message, /atRestEncryptionEnabled true \(found: false\); transitEncryptionEnabled true \(found: false\); authToken/);
        const withToken = await stackViolationsOf(policy, stackArgs([primary({ transitEncryptionEnabled: false }), global()]));
        assert.ok(!withToken[0].message.includes("a-long-random-auth-token"), withToken[0].message);
    });

    it("accepts valkey's default at-rest encryption, unknown keys and tokens (preview), and authTokenWo", () => {
        assert.deepStrictEqual(primaryMemberGaps({ ...compliantReplicationGroup(), engine: "valkey", atRestEncryptionEnabled: undefined }), []);
        assert.deepStrictEqual(primaryMemberGaps({ ...compliantReplicationGroup(), kmsKeyId: UNKNOWN, authToken: UNKNOWN }), []);
        assert.deepStrictEqual(primaryMemberGaps({ ...compliantReplicationGroup(), authToken: undefined, authTokenWo: "t" }), []);
        assert.deepStrictEqual(primaryMemberGaps({ ...compliantReplicationGroup(), transitEncryptionMode: undefined }), []);
        // RBAC user groups are not an AUTH token: global datastores share the primary's token.
        assert.deepStrictEqual(primaryMemberGaps({ ...compliantReplicationGroup(), authToken: undefined, userGroupIds: ["g"] }), ["authToken (or authTokenWo) set (found: neither)"]);
        assert.deepStrictEqual(primaryMemberGaps({ ...compliantReplicationGroup(), engine: "redis", atRestEncryptionEnabled: undefined }), ["atRestEncryptionEnabled true (found: undefined)"]);
    });

    it("fails a secondary member joining a global datastore the stack does not declare", async () => {
        await assertStackViolation(
            policy,
            stackArgs([primary(), secondary([], "ldgnf-elsewhere")]),
            /ReplicationGroup "usw2-redis-group" joins a global datastore this stack does not declare.*\(found: globalReplicationGroupId "ldgnf-elsewhere"/,
        );
        await assertStackViolation(policy, stackArgs([primary(), global(), secondary(["use1-redis-group"])]), /"usw2-redis-group" joins a global datastore this stack does not declare/);
    });

    it("treats a group without globalReplicationGroupId (unset or empty) as no member", async () => {
        const regional = { ...secondary([]), props: { ...primary().props, replicationGroupId: "b" } };
        await assertNoStackViolation(policy, stackArgs([primary(), { ...regional, name: "b" }]));
        await assertNoStackViolation(policy, stackArgs([primary(), { ...regional, name: "c", props: { ...regional.props, globalReplicationGroupId: "" } }]));
    });
});
