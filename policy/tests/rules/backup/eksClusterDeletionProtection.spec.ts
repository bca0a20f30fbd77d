import * as aws from "@pulumi/aws";
import { eksClusterDeletionProtection as policy } from "../../../rules/backup/eksClusterDeletionProtection";
import { compliantEksCluster, compliantEksComponentCluster } from "../../fixtures";
import { assertNoResourceViolation, assertResourceViolation, resourceArgs } from "../../helpers";

describe("eks-cluster-deletion-protection", () => {
    it("passes an aws:eks/cluster with deletion protection", async () => {
        await assertNoResourceViolation(policy, resourceArgs(aws.eks.Cluster, compliantEksCluster()));
    });

    it("passes an eks:index:Cluster with deletion protection", async () => {
        await assertNoResourceViolation(policy, resourceArgs("eks:index:Cluster", compliantEksComponentCluster()));
    });

    it("fails an aws:eks/cluster with deletionProtection false", async () => {
        await assertResourceViolation(policy, resourceArgs(aws.eks.Cluster, { ...compliantEksCluster(), deletionProtection: false }), /deletionProtection must be true \(found: false\)/);
    });

    it("fails an aws:eks/cluster with deletionProtection left unset", async () => {
        await assertResourceViolation(policy, resourceArgs(aws.eks.Cluster, { ...compliantEksCluster(), deletionProtection: undefined }), /deletionProtection must be true \(found: undefined\)/);
    });

    it("fails an eks:index:Cluster with deletionProtection left unset", async () => {
        await assertResourceViolation(policy, resourceArgs("eks:index:Cluster", { ...compliantEksComponentCluster(), deletionProtection: undefined }), /deletionProtection must be true \(found: undefined\)/);
    });

    it("ignores other types", async () => {
        await assertNoResourceViolation(policy, resourceArgs(aws.rds.Instance, {}));
    });
});
