import * as aws from "@pulumi/aws";
import { strict as assert } from "assert";
import { elasticacheAuth as policy } from "../../../rules/tls/elasticacheAuth";
import { compliantReplicationGroup } from "../../fixtures";
import { assertNoResourceViolation, assertResourceViolation, resourceArgs, UNKNOWN, violationsOf } from "../../helpers";

const RG = aws.elasticache.ReplicationGroup;

describe("elasticache-auth", () => {
    it("leaves a global datastore's secondary member (globalReplicationGroupId set, authToken inherited) to stack-elasticache-global-datastore-secured", async () => {
        const member = { ...compliantReplicationGroup(), engine: undefined, atRestEncryptionEnabled: undefined, transitEncryptionEnabled: undefined, transitEncryptionMode: undefined, authToken: undefined };
        await assertNoResourceViolation(policy, resourceArgs(aws.elasticache.ReplicationGroup, { ...member, globalReplicationGroupId: "ldgnf-platform-prod-redis" }));
        // Unset or empty is no membership: the same group is judged and fails.
        await assertResourceViolation(policy, resourceArgs(aws.elasticache.ReplicationGroup, member), /authToken or userGroupIds must be set/);
        await assertResourceViolation(policy, resourceArgs(aws.elasticache.ReplicationGroup, { ...member, globalReplicationGroupId: "" }), /authToken or userGroupIds must be set/);
    });

    it("passes an AUTH token", async () => {
        await assertNoResourceViolation(policy, resourceArgs(RG, compliantReplicationGroup()));
    });

    it("passes an AUTH token unknown during preview (a generated secret)", async () => {
        await assertNoResourceViolation(policy, resourceArgs(RG, { ...compliantReplicationGroup(), authToken: UNKNOWN }));
    });

    it("passes a write-only authTokenWo", async () => {
        await assertNoResourceViolation(policy, resourceArgs(RG, { ...compliantReplicationGroup(), authToken: undefined, authTokenWo: "token" }));
    });

    it("passes RBAC user groups", async () => {
        await assertNoResourceViolation(policy, resourceArgs(RG, { ...compliantReplicationGroup(), authToken: undefined, userGroupIds: [UNKNOWN] }));
    });

    it("fails neither authToken nor userGroupIds", async () => {
        await assertResourceViolation(
            policy,
            resourceArgs(RG, { ...compliantReplicationGroup(), authToken: undefined }),
            /authToken or userGroupIds must be set so that clients authenticate \(found: neither\)/,
        );
    });

    it("fails an empty userGroupIds list", async () => {
        const messages = await violationsOf(policy, resourceArgs(RG, { ...compliantReplicationGroup(), authToken: "", userGroupIds: [] }));
        assert.deepEqual(messages, ["authToken or userGroupIds must be set so that clients authenticate (found: neither)"]);
    });
});
