import { PlatformResourcePolicy } from "../../lib/rule";
import { EKS_COMPONENT_CLUSTER } from "../../lib/tokens";
import { found, validateResourceOfTokens } from "../../lib/validate";

/**
 * The component's default (self-managed) node group leaves the root volume unencrypted unless
 * nodeRootVolumeEncrypted is true (AL2 defaults it to false; other AMIs keep the AMI's setting).
 */
export const eksComponentNodeRootVolumeEncrypted: PlatformResourcePolicy = {
    name: "eks-component-node-root-volume-encrypted",
    description: "@pulumi/eks clusters that create the default node group must encrypt its root volumes (nodeRootVolumeEncrypted = true), or skip the default node group.",
    enforcementLevel: "mandatory",
    severity: "high",
    theme: "encryption",
    anchors: ["CKV_AWS_8", "AVD-AWS-0008", "FSBP EC2.3"],
    remediationSteps: "Set `skipDefaultNodeGroup: true` and run nodes in managed node groups with an encrypting launch template, or set `nodeRootVolumeEncrypted: true` on the eks.Cluster.",
    validateResource: validateResourceOfTokens([EKS_COMPONENT_CLUSTER], (cluster, _args, reportViolation) => {
        // Fargate and Auto Mode clusters create no default node group.
        const noDefaultNodeGroup = cluster.skipDefaultNodeGroup === true || Boolean(cluster.fargate) || cluster.autoMode?.enabled === true;
        if (noDefaultNodeGroup) {
            return;
        }
        if (cluster.nodeRootVolumeEncrypted !== true && cluster.nodeGroupOptions?.nodeRootVolumeEncrypted !== true) {
            reportViolation(`nodeRootVolumeEncrypted must be true while the default node group is created (found: ${found(cluster.nodeRootVolumeEncrypted)}, skipDefaultNodeGroup: ${found(cluster.skipDefaultNodeGroup)})`);
        }
    }),
};
