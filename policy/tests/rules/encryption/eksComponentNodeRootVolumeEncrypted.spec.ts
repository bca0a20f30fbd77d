import { eksComponentNodeRootVolumeEncrypted as policy } from "../../../rules/encryption/eksComponentNodeRootVolumeEncrypted";
import { compliantEksComponentCluster } from "../../fixtures";
import { assertNoResourceViolation, assertResourceViolation, resourceArgs } from "../../helpers";

const CLUSTER = "eks:index:Cluster";

describe("eks-component-node-root-volume-encrypted", () => {
    it("passes a cluster that skips the default node group", async () => {
        await assertNoResourceViolation(policy, resourceArgs(CLUSTER, compliantEksComponentCluster()));
    });

    it("passes a default node group with encrypted root volumes", async () => {
        await assertNoResourceViolation(policy, resourceArgs(CLUSTER, { ...compliantEksComponentCluster(), skipDefaultNodeGroup: undefined, nodeRootVolumeEncrypted: true }));
    });

    it("passes encryption set through nodeGroupOptions", async () => {
        await assertNoResourceViolation(policy, resourceArgs(CLUSTER, { ...compliantEksComponentCluster(), skipDefaultNodeGroup: false, nodeGroupOptions: { nodeRootVolumeEncrypted: true } }));
    });

    it("passes an Auto Mode cluster, which has no default node group", async () => {
        await assertNoResourceViolation(policy, resourceArgs(CLUSTER, { ...compliantEksComponentCluster(), skipDefaultNodeGroup: undefined, autoMode: { enabled: true } }));
    });

    it("fails the default node group with nodeRootVolumeEncrypted left unset", async () => {
        await assertResourceViolation(
            policy,
            resourceArgs(CLUSTER, { ...compliantEksComponentCluster(), skipDefaultNodeGroup: undefined }),
            /nodeRootVolumeEncrypted must be true while the default node group is created \(found: undefined, skipDefaultNodeGroup: undefined\)/,
        );
    });

    it("fails nodeRootVolumeEncrypted false", async () => {
        await assertResourceViolation(
            policy,
            resourceArgs(CLUSTER, { ...compliantEksComponentCluster(), skipDefaultNodeGroup: false, nodeRootVolumeEncrypted: false }),
            /nodeRootVolumeEncrypted must be true while the default node group is created \(found: false, skipDefaultNodeGroup: false\)/,
        );
    });
});
