import * as aws from "@pulumi/aws";
import { strict as assert } from "assert";
import { elasticacheAuth as policy } from "../../../rules/tls/elasticacheAuth";
import { compliantReplicationGroup } from "../../fixtures";
import { assertNoResourceViolation, assertResourceViolation, resourceArgs, UNKNOWN, violationsOf } from "../../helpers";

const RG = aws.elasticache.ReplicationGroup;

describe("elasticache-auth", () => {
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
