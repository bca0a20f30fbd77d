import * as aws from "@pulumi/aws";
import { elasticacheCustomerManagedKey as policy } from "../../../rules/encryption/elasticacheCustomerManagedKey";
import { compliantReplicationGroup } from "../../fixtures";
import { assertNoResourceViolation, assertResourceViolation, resourceArgs, UNKNOWN } from "../../helpers";

describe("elasticache-customer-managed-key", () => {
    it("passes a replication group naming a KMS key", async () => {
        await assertNoResourceViolation(policy, resourceArgs(aws.elasticache.ReplicationGroup, compliantReplicationGroup()));
    });

    it("passes a key ARN that is unknown during preview", async () => {
        await assertNoResourceViolation(policy, resourceArgs(aws.elasticache.ReplicationGroup, { ...compliantReplicationGroup(), kmsKeyId: UNKNOWN }));
    });

    it("fails kmsKeyId left unset", async () => {
        await assertResourceViolation(
            policy,
            resourceArgs(aws.elasticache.ReplicationGroup, { ...compliantReplicationGroup(), kmsKeyId: undefined }),
            /kmsKeyId must name a customer-managed KMS key \(found: undefined\)/,
        );
    });
});
