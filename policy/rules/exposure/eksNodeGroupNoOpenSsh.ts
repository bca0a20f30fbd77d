/**
 * eks-node-group-no-open-ssh: when a managed node group enables SSH (`remoteAccess.ec2SshKey`) without
 * `sourceSecurityGroupIds`, EKS opens port 22 on the nodes to 0.0.0.0/0.
 */
import * as aws from "@pulumi/aws";
import { validateResourceOfType } from "@pulumi/policy";
import { PlatformResourcePolicy } from "../../lib/rule";
import { found, listOf } from "../../lib/validate";

export const eksNodeGroupNoOpenSsh: PlatformResourcePolicy = {
    name: "eks-node-group-no-open-ssh",
    description: "EKS managed node groups with remote access must restrict SSH to source security groups.",
    enforcementLevel: "mandatory",
    severity: "high",
    theme: "exposure",
    anchors: ["CKV_AWS_100"],
    remediationSteps: "Drop `remoteAccess` (use SSM Session Manager), or set `remoteAccess.sourceSecurityGroupIds` to a bastion/operator group.",
    validateResource: validateResourceOfType(aws.eks.NodeGroup, (nodeGroup, _args, reportViolation) => {
        const remoteAccess = nodeGroup.remoteAccess;
        if (remoteAccess === undefined || remoteAccess === null) {
            return;
        }
        if (listOf(remoteAccess.sourceSecurityGroupIds).length === 0) {
            reportViolation(
                `remoteAccess.sourceSecurityGroupIds must be non-empty when remoteAccess is set, else EKS opens SSH to 0.0.0.0/0 (found: ${found(remoteAccess.sourceSecurityGroupIds)})`,
            );
        }
    }),
};
