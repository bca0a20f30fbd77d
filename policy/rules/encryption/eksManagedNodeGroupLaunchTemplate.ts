import { PlatformResourcePolicy } from "../../lib/rule";
import { EKS_COMPONENT_MANAGED_NODE_GROUP } from "../../lib/tokens";
import { found, isSet, validateResourceOfTokens } from "../../lib/validate";

const EKS_NODE_GROUP = "aws:eks/nodeGroup:NodeGroup";

/**
 * Without a launch template EKS builds node volumes from diskSize with the account's default EBS
 * encryption; naming a launch template puts volume encryption (and IMDSv2) under launch-template rules.
 */
export const eksManagedNodeGroupLaunchTemplate: PlatformResourcePolicy = {
    name: "eks-managed-node-group-launch-template",
    description: "EKS managed node groups (aws:eks/nodeGroup and eks:index:ManagedNodeGroup) must use a launch template (launchTemplate.id or .name), so node volume encryption is explicit.",
    enforcementLevel: "mandatory",
    severity: "medium",
    theme: "encryption",
    anchors: ["CKV_AWS_8", "FSBP EC2.7"],
    remediationSteps: "Create an aws.ec2.LaunchTemplate with encrypted blockDeviceMappings and IMDSv2, and pass `launchTemplate: { id: lt.id, version: lt.latestVersion.apply(String) }` to the node group.",
    validateResource: validateResourceOfTokens([EKS_NODE_GROUP, EKS_COMPONENT_MANAGED_NODE_GROUP], (group, _args, reportViolation) => {
        const template = group.launchTemplate;
        if (!isSet(template, "id") && !isSet(template, "name")) {
            reportViolation(`launchTemplate must name a launch template by id or name (found: ${found(template)})`);
        }
    }),
};
