import * as aws from "@pulumi/aws";
import { elasticacheAutomaticFailover as policy } from "../../../rules/backup/elasticacheAutomaticFailover";
import { compliantReplicationGroup } from "../../fixtures";
import { assertNoResourceViolation, assertResourceViolation, resourceArgs } from "../../helpers";

const RG = aws.elasticache.ReplicationGroup;

describe("elasticache-automatic-failover", () => {
    it("passes failover and Multi-AZ with two nodes", async () => {
        await assertNoResourceViolation(policy, resourceArgs(RG, compliantReplicationGroup()));
    });

    it("does not apply to a single node", async () => {
        await assertNoResourceViolation(policy, resourceArgs(RG, { ...compliantReplicationGroup(), numCacheClusters: 1, automaticFailoverEnabled: undefined, multiAzEnabled: undefined }));
    });

    it("fails automaticFailoverEnabled false", async () => {
        await assertResourceViolation(policy, resourceArgs(RG, { ...compliantReplicationGroup(), automaticFailoverEnabled: false }), /automaticFailoverEnabled must be true \(found: false\)/);
    });

    it("fails automaticFailoverEnabled left unset", async () => {
        await assertResourceViolation(policy, resourceArgs(RG, { ...compliantReplicationGroup(), automaticFailoverEnabled: undefined }), /automaticFailoverEnabled must be true \(found: undefined\)/);
    });

    it("fails multiAzEnabled false", async () => {
        await assertResourceViolation(policy, resourceArgs(RG, { ...compliantReplicationGroup(), multiAzEnabled: false }), /multiAzEnabled must be true \(found: false\)/);
    });

    it("fails multiAzEnabled left unset in cluster mode with replicas", async () => {
        await assertResourceViolation(
            policy,
            resourceArgs(RG, { ...compliantReplicationGroup(), numCacheClusters: undefined, replicasPerNodeGroup: 1, multiAzEnabled: undefined }),
            /multiAzEnabled must be true \(found: undefined\)/,
        );
    });

    it("does not apply to a cluster-mode group without replicas, nor to counts not known as numbers", async () => {
        const bare = { ...compliantReplicationGroup(), automaticFailoverEnabled: undefined, multiAzEnabled: undefined };
        await assertNoResourceViolation(policy, resourceArgs(RG, { ...bare, numCacheClusters: undefined, replicasPerNodeGroup: 0 }));
        await assertNoResourceViolation(policy, resourceArgs(RG, { ...bare, numCacheClusters: "2", replicasPerNodeGroup: "1" }));
        await assertNoResourceViolation(policy, resourceArgs(RG, { ...bare, numCacheClusters: undefined, replicasPerNodeGroup: undefined }));
    });
});
