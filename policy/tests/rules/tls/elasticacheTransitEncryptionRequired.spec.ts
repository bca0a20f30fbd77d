import * as aws from "@pulumi/aws";
import { elasticacheTransitEncryptionRequired as policy } from "../../../rules/tls/elasticacheTransitEncryptionRequired";
import { compliantReplicationGroup } from "../../fixtures";
import { assertNoResourceViolation, assertResourceViolation, resourceArgs } from "../../helpers";

const RG = aws.elasticache.ReplicationGroup;

describe("elasticache-transit-encryption-required", () => {
    it("leaves a global datastore's secondary member (globalReplicationGroupId set, transitEncryptionEnabled inherited) to stack-elasticache-global-datastore-secured", async () => {
        const member = { ...compliantReplicationGroup(), engine: undefined, atRestEncryptionEnabled: undefined, transitEncryptionEnabled: undefined, transitEncryptionMode: undefined, authToken: undefined };
        await assertNoResourceViolation(policy, resourceArgs(aws.elasticache.ReplicationGroup, { ...member, globalReplicationGroupId: "ldgnf-platform-prod-redis" }));
        // Unset or empty is no membership: the same group is judged and fails.
        await assertResourceViolation(policy, resourceArgs(aws.elasticache.ReplicationGroup, member), /transitEncryptionEnabled must be true \(found: undefined\)/);
        await assertResourceViolation(policy, resourceArgs(aws.elasticache.ReplicationGroup, { ...member, globalReplicationGroupId: "" }), /transitEncryptionEnabled must be true \(found: undefined\)/);
    });

    it("passes transit encryption in required mode", async () => {
        await assertNoResourceViolation(policy, resourceArgs(RG, compliantReplicationGroup()));
    });

    it("passes transitEncryptionMode left unset (required when enabled at creation)", async () => {
        await assertNoResourceViolation(policy, resourceArgs(RG, { ...compliantReplicationGroup(), transitEncryptionMode: undefined }));
    });

    it("fails transitEncryptionEnabled false", async () => {
        await assertResourceViolation(policy, resourceArgs(RG, { ...compliantReplicationGroup(), transitEncryptionEnabled: false }), /transitEncryptionEnabled must be true \(found: false\)/);
    });

    it("fails transitEncryptionEnabled left unset", async () => {
        await assertResourceViolation(policy, resourceArgs(RG, { ...compliantReplicationGroup(), transitEncryptionEnabled: undefined }), /transitEncryptionEnabled must be true \(found: undefined\)/);
    });

    it("fails transitEncryptionMode preferred", async () => {
        await assertResourceViolation(
            policy,
            resourceArgs(RG, { ...compliantReplicationGroup(), transitEncryptionMode: "preferred" }),
            /transitEncryptionMode must be "required" or unset \(found: "preferred"\)/,
        );
    });
});
