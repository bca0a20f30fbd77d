/**
 * eks-node-group-launch-template: an `aws.eks.NodeGroup` (including the one the @pulumi/eks component
 * creates) must launch from a launch template the platform owns; otherwise EKS generates one whose
 * instance metadata options nobody reviews, and launch-template-imdsv2 has nothing to check.
 */
import * as aws from "@pulumi/aws";
import { validateResourceOfType } from "@pulumi/policy";
import { PlatformResourcePolicy } from "../../lib/rule";
import { found } from "../../lib/validate";

export const eksNodeGroupLaunchTemplate: PlatformResourcePolicy = {
    name: "eks-node-group-launch-template",
    description: "EKS managed node groups must use a launchTemplate (id or name, and version) so IMDS settings are under policy.",
    enforcementLevel: "mandatory",
    severity: "medium",
    theme: "identity",
    anchors: [],
    remediationSteps: "Create an aws.ec2.LaunchTemplate with IMDSv2 required and hop limit 1, and pass `launchTemplate: { id, version }` to the node group.",
    validateResource: validateResourceOfType(aws.eks.NodeGroup, (nodeGroup, _args, reportViolation) => {
        const launchTemplate = nodeGroup.launchTemplate;
        if (launchTemplate === undefined || launchTemplate === null || (launchTemplate.id === undefined && launchTemplate.name === undefined)) {
            reportViolation(`launchTemplate must name a launch template by id or name (found: ${found(launchTemplate)})`);
        }
    }),
};
