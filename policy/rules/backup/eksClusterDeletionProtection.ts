import * as aws from "@pulumi/aws";
import { validateResourceOfType } from "@pulumi/policy";
import { PlatformResourcePolicy } from "../../lib/rule";
import { EKS_COMPONENT_CLUSTER } from "../../lib/tokens";
import { mustBe, validateResourceOfTokens } from "../../lib/validate";

/** Deleting a cluster deletes etcd: every workload, secret and CRD object the cluster holds. */
export const eksClusterDeletionProtection: PlatformResourcePolicy = {
    name: "eks-cluster-deletion-protection",
    description: "EKS clusters must enable deletion protection on both layers: aws:eks/cluster and the @pulumi/eks eks:index:Cluster component (deletionProtection = true; the default is false).",
    enforcementLevel: "mandatory",
    severity: "medium",
    theme: "data-loss",
    anchors: [],
    remediationSteps: "Set `deletionProtection: true` on the eks.Cluster component (or on the aws.eks.Cluster).",
    validateResource: [
        validateResourceOfType(aws.eks.Cluster, (cluster, _args, reportViolation) => {
            if (cluster.deletionProtection !== true) {
                reportViolation(mustBe("deletionProtection", "true", cluster.deletionProtection));
            }
        }),
        validateResourceOfTokens([EKS_COMPONENT_CLUSTER], (cluster, _args, reportViolation) => {
            if (cluster.deletionProtection !== true) {
                reportViolation(mustBe("deletionProtection", "true", cluster.deletionProtection));
            }
        }),
    ],
};
