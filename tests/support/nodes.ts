/**
 * What the nodes of a region really carry, read the way EC2 and EKS decide it: from each managed node group's
 * launch template (its security groups, if it names any), else the security group EKS created with the
 * cluster (`vpcConfig.clusterSecurityGroupId` of the aws.eks.Cluster, as the mocked provider answers it),
 * which EKS attaches to managed nodes whose launch template names none.
 */
import * as assert from "assert";
import { SynthesisResult, SynthesizedResource } from "../../offline/types";

const NODE_GROUP_TYPES = ["aws:eks/nodeGroup:NodeGroup", "eks:index:ManagedNodeGroup"];

function clusterOf(result: SynthesisResult, group: SynthesizedResource): SynthesizedResource {
    const clusters = result.resources.filter((r) => r.type === "eks:index:Cluster");
    const byName = clusters.find((c) => typeof group.inputs.clusterName === "string" && c.outputs?.eksCluster?.name === group.inputs.clusterName);
    const byReference = clusters.find((c) => (group.propertyDependencies.cluster ?? []).includes(c.urn));
    // One cluster per region: the only one of the group's region.
    const sameRegion = clusters.filter((c) => c.region === group.region);
    const cluster = byName ?? byReference ?? (sameRegion.length === 1 ? sameRegion[0] : undefined);
    assert.ok(cluster, `${group.name}: no EKS cluster found for it`);
    return cluster;
}

/** Security group ids on the nodes of every managed node group in `region`. */
export function nodeSecurityGroupIds(result: SynthesisResult, region: string): string[] {
    const groups = result.resources.filter((r) => NODE_GROUP_TYPES.includes(r.type) && r.region === region);
    assert.ok(groups.length > 0, `no managed node groups in ${region}`);
    const ids = new Set<string>();
    for (const group of groups) {
        const template = result.resources.find((r) => r.type === "aws:ec2/launchTemplate:LaunchTemplate" && (group.propertyDependencies.launchTemplate ?? []).includes(r.urn));
        assert.ok(template, `${group.name} has no launch template`);
        const fromTemplate: string[] = [
            ...(template.inputs.vpcSecurityGroupIds ?? []),
            ...(template.inputs.networkInterfaces ?? []).flatMap((n: any) => n.securityGroups ?? []),
        ];
        if (fromTemplate.length > 0) {
            fromTemplate.forEach((id) => ids.add(id));
            continue;
        }
        const eksGroup = clusterOf(result, group).outputs?.eksCluster?.vpcConfig?.clusterSecurityGroupId;
        assert.match(eksGroup ?? "", /^sg-/, `${group.name}: the cluster has no EKS-created security group in its outputs`);
        ids.add(eksGroup);
    }
    return [...ids].sort();
}
