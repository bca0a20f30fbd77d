/**
 * eks-cluster-endpoint-restricted: the Kubernetes API of an `aws.eks.Cluster` must be reachable
 * privately, and publicly only from listed networks. EKS defaults to a public endpoint open to
 * 0.0.0.0/0, so leaving `publicAccessCidrs` unset while public access is on fails.
 */
import * as aws from "@pulumi/aws";
import { validateResourceOfType } from "@pulumi/policy";
import { PlatformResourcePolicy } from "../../lib/rule";
import { endpointViolations } from "./lib/eksEndpoint";

export const eksClusterEndpointRestricted: PlatformResourcePolicy = {
    name: "eks-cluster-endpoint-restricted",
    description:
        "EKS clusters must enable the private API endpoint and either disable the public one or restrict it to CIDRs that exclude 0.0.0.0/0 and ::/0.",
    enforcementLevel: "mandatory",
    severity: "critical",
    theme: "exposure",
    anchors: ["CKV_AWS_38", "CKV_AWS_39", "AVD-AWS-0040", "AVD-AWS-0041", "FSBP EKS.1", "aws-eks-cluster-disallow-api-endpoint-public-access"],
    remediationSteps:
        "Set `vpcConfig.endpointPrivateAccess: true`, and either `vpcConfig.endpointPublicAccess: false` or `vpcConfig.publicAccessCidrs` to the operator/CI networks.",
    validateResource: validateResourceOfType(aws.eks.Cluster, (cluster, _args, reportViolation) => {
        const vpcConfig = cluster.vpcConfig ?? {};
        for (const message of endpointViolations(vpcConfig, "vpcConfig.")) {
            reportViolation(message);
        }
    }),
};
