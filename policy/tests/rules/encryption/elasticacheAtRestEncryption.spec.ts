import * as aws from "@pulumi/aws";
import { elasticacheAtRestEncryption as policy } from "../../../rules/encryption/elasticacheAtRestEncryption";
import { compliantReplicationGroup } from "../../fixtures";
import { assertNoResourceViolation, assertResourceViolation, resourceArgs } from "../../helpers";

describe("elasticache-at-rest-encryption", () => {
    it("leaves a global datastore's secondary member (globalReplicationGroupId set, atRestEncryptionEnabled inherited) to stack-elasticache-global-datastore-secured", async () => {
        const member = { ...compliantReplicationGroup(), engine: undefined, atRestEncryptionEnabled: undefined, transitEncryptionEnabled: undefined, transitEncryptionMode: undefined, authToken: undefined };
        await assertNoResourceViolation(policy, resourceArgs(aws.elasticache.ReplicationGroup, { ...member, globalReplicationGroupId: "ldgnf-platform-prod-redis" }));
        // Unset or empty is no membership: the same group is judged and fails.
        await assertResourceViolation(policy, resourceArgs(aws.elasticache.ReplicationGroup, member), /atRestEncryptionEnabled must be true \(found: undefined\)/);
        await assertResourceViolation(policy, resourceArgs(aws.elasticache.ReplicationGroup, { ...member, globalReplicationGroupId: "" }), /atRestEncryptionEnabled must be true \(found: undefined\)/);
    });

    it("passes atRestEncryptionEnabled true", async () => {
        await assertNoResourceViolation(policy, resourceArgs(aws.elasticache.ReplicationGroup, compliantReplicationGroup()));
    });

    it("passes valkey with the setting left unset (valkey defaults to true)", async () => {
        await assertNoResourceViolation(policy, resourceArgs(aws.elasticache.ReplicationGroup, { ...compliantReplicationGroup(), engine: "valkey", atRestEncryptionEnabled: undefined }));
    });

    it("fails atRestEncryptionEnabled false", async () => {
        await assertResourceViolation(
            policy,
            resourceArgs(aws.elasticache.ReplicationGroup, { ...compliantReplicationGroup(), atRestEncryptionEnabled: false }),
            /atRestEncryptionEnabled must be true \(found: false\)/,
        );
    });

    it("fails redis with the setting left unset (redis defaults to false)", async () => {
        await assertResourceViolation(
            policy,
            resourceArgs(aws.elasticache.ReplicationGroup, { ...compliantReplicationGroup(), atRestEncryptionEnabled: undefined }),
            /atRestEncryptionEnabled must be true \(found: undefined\)/,
        );
    });

    it("fails the engine left unset (redis) with the setting unset", async () => {
        await assertResourceViolation(
            policy,
            resourceArgs(aws.elasticache.ReplicationGroup, { ...compliantReplicationGroup(), engine: undefined, atRestEncryptionEnabled: undefined }),
            /atRestEncryptionEnabled must be true \(found: undefined\)/,
        );
    });
});
