import * as aws from "@pulumi/aws";
import { eksClusterControlPlaneLogs as policy } from "../../../rules/logging/eksClusterControlPlaneLogs";
import { compliantEksCluster, compliantEksComponentCluster } from "../../fixtures";
import { assertNoResourceViolation, assertResourceViolation, resourceArgs } from "../../helpers";

const COMPONENT = "eks:index:Cluster";

describe("eks-cluster-control-plane-logs", () => {
    it("passes all five log types on aws:eks/cluster", async () => {
        await assertNoResourceViolation(policy, resourceArgs(aws.eks.Cluster, compliantEksCluster()));
    });

    it("passes all five log types on eks:index:Cluster", async () => {
        await assertNoResourceViolation(policy, resourceArgs(COMPONENT, compliantEksComponentCluster()));
    });

    it("fails missing controllerManager and scheduler on aws:eks/cluster", async () => {
        await assertResourceViolation(
            policy,
            resourceArgs(aws.eks.Cluster, { ...compliantEksCluster(), enabledClusterLogTypes: ["api", "audit", "authenticator"] }),
            /enabledClusterLogTypes must include all of api, audit, authenticator, controllerManager, scheduler \(found: \["api","audit","authenticator"\]; missing: controllerManager, scheduler\)/,
        );
    });

    it("fails enabledClusterLogTypes left unset on aws:eks/cluster", async () => {
        await assertResourceViolation(policy, resourceArgs(aws.eks.Cluster, { ...compliantEksCluster(), enabledClusterLogTypes: undefined }), /\(found: undefined; missing: api, audit, authenticator, controllerManager, scheduler\)/);
    });

    it("fails missing audit on eks:index:Cluster", async () => {
        await assertResourceViolation(
            policy,
            resourceArgs(COMPONENT, { ...compliantEksComponentCluster(), enabledClusterLogTypes: ["api", "authenticator", "controllerManager", "scheduler"] }),
            /missing: audit\)/,
        );
    });

    it("fails enabledClusterLogTypes left unset on eks:index:Cluster", async () => {
        await assertResourceViolation(policy, resourceArgs(COMPONENT, { ...compliantEksComponentCluster(), enabledClusterLogTypes: undefined }), /enabledClusterLogTypes must include all of .* \(found: undefined;/);
    });
});
