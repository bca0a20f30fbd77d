import * as aws from "@pulumi/aws";
import { elasticacheReplicas as policy } from "../../../rules/backup/elasticacheReplicas";
import { compliantReplicationGroup } from "../../fixtures";
import { assertNoResourceViolation, assertResourceViolation, resourceArgs } from "../../helpers";

const RG = aws.elasticache.ReplicationGroup;

describe("elasticache-replicas", () => {
    it("passes two cache clusters", async () => {
        await assertNoResourceViolation(policy, resourceArgs(RG, compliantReplicationGroup()));
    });

    it("passes cluster mode with a replica per shard", async () => {
        await assertNoResourceViolation(policy, resourceArgs(RG, { ...compliantReplicationGroup(), numCacheClusters: undefined, numNodeGroups: 2, replicasPerNodeGroup: 1 }));
    });

    it("fails a single cache cluster", async () => {
        await assertResourceViolation(
            policy,
            resourceArgs(RG, { ...compliantReplicationGroup(), numCacheClusters: 1 }),
            /numCacheClusters must be at least 2 \(or replicasPerNodeGroup at least 1\) \(found: numCacheClusters 1, replicasPerNodeGroup undefined\)/,
        );
    });

    it("fails cluster mode without replicas", async () => {
        await assertResourceViolation(
            policy,
            resourceArgs(RG, { ...compliantReplicationGroup(), numCacheClusters: undefined, numNodeGroups: 2, replicasPerNodeGroup: 0 }),
            /found: numCacheClusters undefined, replicasPerNodeGroup 0/,
        );
    });

    it("fails both left unset (a single node)", async () => {
        await assertResourceViolation(policy, resourceArgs(RG, { ...compliantReplicationGroup(), numCacheClusters: undefined }), /found: numCacheClusters undefined, replicasPerNodeGroup undefined/);
    });
});
