/**
 * The whole platform for one stack: per configured region, keys, network, cluster and the Kubernetes
 * baseline. Everything that differs between environments comes from `config`.
 */
import * as pulumi from "@pulumi/pulumi";
import { PlatformConfig } from "./config";
import { Cluster } from "./components/cluster";
import { Keys } from "./components/keys";
import { KubernetesBaseline } from "./components/kubernetesBaseline";
import { Network } from "./components/network";
import { createRegionProviders } from "./components/providers";
import { physicalName } from "./lib/naming";

export interface RegionOutputs {
    region: string;
    role: string;
    vpcId: pulumi.Output<string>;
    privateSubnetIds: pulumi.Output<string>[];
    natPublicIps: pulumi.Output<string>[];
    clusterName: string;
    kubeconfig: pulumi.Output<string>;
    oidcProviderArn: pulumi.Output<string>;
    namespaces: Record<string, pulumi.Output<string>>;
}

export interface Platform {
    regions: RegionOutputs[];
}

export function createPlatform(config: PlatformConfig): Platform {
    const regions = createRegionProviders(config).map(({ region, prefix, provider }) => {
        const keys = new Keys(
            `${prefix}-keys`,
            {
                environment: config.environment,
                accountId: config.awsAccountId,
                region: region.name,
                deletionWindowDays: config.kmsKeyDeletionWindowDays,
                rotationPeriodDays: config.kmsKeyRotationPeriodDays,
                protect: config.protectStatefulResources,
            },
            { provider },
        );
        const network = new Network(
            `${prefix}-network`,
            {
                accountId: config.awsAccountId,
                region: region.name,
                vpcCidr: region.vpcCidr,
                azCount: region.azCount,
                natStrategy: region.natStrategy,
                subnetNewBits: region.subnetNewBits,
                flowLogRetentionDays: region.flowLogRetentionDays,
                logsKeyArn: keys.arns.logs,
            },
            { provider },
        );
        const cluster = new Cluster(
            `${prefix}-cluster`,
            {
                clusterName: physicalName(["platform", prefix], 100),
                kubernetesVersion: config.kubernetesVersion,
                vpcId: network.vpcId,
                privateSubnetIds: network.privateSubnetIds,
                publicAccessCidrs: config.clusterPublicAccessCidrs,
                adminRoleArns: config.clusterAdminRoleArns,
                ciRoleArns: config.clusterCiRoleArns,
                nodeGroups: config.nodeGroups,
                secretsKeyArn: keys.arns["eks-secrets"],
                ebsKeyArn: keys.arns.ebs,
                logsKeyArn: keys.arns.logs,
                logRetentionDays: config.logRetentionDays,
                deletionProtection: config.protectStatefulResources,
            },
            { provider },
        );
        const baseline = new KubernetesBaseline(
            `${prefix}-k8s-baseline`,
            { services: config.services, gatewayNamespace: config.gatewayNamespace, vpcCidrs: [region.vpcCidr] },
            { provider: cluster.kubernetesProvider },
        );
        return {
            region: region.name,
            role: region.role,
            vpcId: network.vpcId,
            privateSubnetIds: network.privateSubnetIds,
            natPublicIps: network.natPublicIps,
            clusterName: cluster.clusterName,
            kubeconfig: pulumi.secret(cluster.kubeconfig),
            oidcProviderArn: cluster.oidcProviderArn,
            namespaces: baseline.namespaces,
        };
    });
    return { regions };
}
