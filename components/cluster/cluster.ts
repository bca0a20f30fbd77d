/**
 * Kubernetes cluster: EKS (via @pulumi/eks) in the private subnets with API authentication and explicit
 * access entries, KMS envelope encryption of secrets, all control-plane logs, a private endpoint, IRSA,
 * AL2023 managed node groups with IMDSv2 and encrypted volumes, and the EKS managed addons, every version pinned.
 *
 * Node groups are plain `aws.eks.NodeGroup`s on our launch template: @pulumi/eks's ManagedNodeGroup would add
 * nothing here (it leaves the Kubernetes version unset whenever a launch template is given) and costs a
 * round of whole-resource inputs per group. The launch template names no security groups, so EKS puts its
 * cluster security group on every node: that group is what data stores admit (`nodeSecurityGroupId`).
 *
 * The one principal without an explicit entry is the creator: @pulumi/eks always has EKS bootstrap it as
 * admin (pulumi/pulumi-eks#2373), so config records it as clusterCreatorRoleArn and validation keeps it out
 * of the access lists (a second entry for it would be rejected).
 */
import * as aws from "@pulumi/aws";
import * as eks from "@pulumi/eks";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { AddonVersions, NodeGroupConfig } from "../../config";
import { ec2TrustPolicy, irsaTrustPolicy } from "../../lib/iam";

export const CONTROL_PLANE_LOG_TYPES = ["api", "audit", "authenticator", "controllerManager", "scheduler"] as const;
export const CLUSTER_ADMIN_POLICY_ARN = "arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy";
/** Read-only access to every resource, secrets included: what `pulumi preview --refresh` needs. */
export const CLUSTER_VIEW_POLICY_ARN = "arn:aws:eks::aws:cluster-access-policy/AmazonEKSAdminViewPolicy";
const NODE_POLICY_ARNS = [
    "arn:aws:iam::aws:policy/AmazonEKSWorkerNodePolicy",
    "arn:aws:iam::aws:policy/AmazonEKS_CNI_Policy",
    "arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryReadOnly",
    "arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore",
];
const EBS_CSI_POLICY_ARN = "arn:aws:iam::aws:policy/service-role/AmazonEBSCSIDriverPolicy";

/**
 * Access entries: cluster-admin for each admin and CI role, read-only for each viewer role. Keys are stable
 * (kind and role name), so reordering config changes nothing.
 */
export function clusterAccessEntries(adminRoleArns: string[], ciRoleArns: string[], viewerRoleArns: string[] = []): Record<string, eks.types.input.AccessEntryArgs> {
    const entries: Record<string, eks.types.input.AccessEntryArgs> = {};
    const add = (kind: string, arn: string, policyName: string, policyArn: string) => {
        const roleName = arn.split("/").pop()!;
        entries[`${kind}-${roleName}`] = { principalArn: arn, accessPolicies: { [policyName]: { policyArn, accessScope: { type: "cluster" } } } };
    };
    adminRoleArns.forEach((arn) => add("admin", arn, "cluster-admin", CLUSTER_ADMIN_POLICY_ARN));
    ciRoleArns.forEach((arn) => add("ci", arn, "cluster-admin", CLUSTER_ADMIN_POLICY_ARN));
    viewerRoleArns.forEach((arn) => add("viewer", arn, "view", CLUSTER_VIEW_POLICY_ARN));
    return entries;
}

/** Endpoint settings: private always; public only when CIDRs are configured, and never to the world. */
export function endpointAccess(publicAccessCidrs: string[]): { endpointPrivateAccess: true; endpointPublicAccess: boolean; publicAccessCidrs?: string[] } {
    const world = publicAccessCidrs.filter((c) => c === "0.0.0.0/0" || c === "::/0");
    if (world.length > 0) {
        throw new Error(`the EKS public endpoint may not be open to ${world.join(", ")}; list the CIDRs that need it`);
    }
    return publicAccessCidrs.length === 0
        ? { endpointPrivateAccess: true, endpointPublicAccess: false }
        : { endpointPrivateAccess: true, endpointPublicAccess: true, publicAccessCidrs };
}

export interface ClusterArgs {
    /** EKS cluster name (physical). */
    clusterName: string;
    kubernetesVersion: string;
    vpcId: pulumi.Input<string>;
    privateSubnetIds: pulumi.Input<string>[];
    publicAccessCidrs: string[];
    adminRoleArns: string[];
    ciRoleArns: string[];
    viewerRoleArns: string[];
    nodeGroups: NodeGroupConfig[];
    secretsKeyArn: pulumi.Input<string>;
    ebsKeyArn: pulumi.Input<string>;
    logsKeyArn: pulumi.Input<string>;
    logRetentionDays: number;
    /** EKS deletion protection for clusters that must not be deleted by accident. */
    deletionProtection: boolean;
    /** Version of every EKS managed add-on (validated for kubernetesVersion by config). */
    addonVersions: AddonVersions;
    /** Extra tags on every managed node group (Cluster Autoscaler's auto-discovery tags when it scales them). */
    nodeGroupTags?: Record<string, string>;
}

export class Cluster extends pulumi.ComponentResource {
    readonly clusterName: string;
    readonly kubeconfig: pulumi.Output<string>;
    readonly oidcProviderArn: pulumi.Output<string>;
    readonly oidcProviderUrl: pulumi.Output<string>;
    /**
     * The security group every node carries: the one EKS creates with the cluster and attaches to managed
     * nodes whose launch template names none (ours names none). Pods use the node's group (no security
     * groups for pods), so this is what data stores admit.
     */
    readonly nodeSecurityGroupId: pulumi.Output<string>;
    /** The control plane's security group: the same EKS-created group (the component adds none of its own). */
    readonly clusterSecurityGroupId: pulumi.Output<string>;
    readonly kubernetesProvider: k8s.Provider;
    /** The EBS CSI driver's IRSA role: StorageClasses on a customer-managed key grant it that key's use. */
    readonly ebsCsiRoleName: pulumi.Output<string>;
    /** The managed node groups: what node autoscalers (which run on them) wait for. */
    readonly nodeGroups: aws.eks.NodeGroup[];
    /** The managed node groups' IAM role: what pulls service images (the registry admits it). */
    readonly nodeRoleArn: pulumi.Output<string>;

    constructor(name: string, args: ClusterArgs, opts?: pulumi.ComponentResourceOptions) {
        super("platform:cluster:Cluster", name, {}, opts);
        const parent = { parent: this };
        this.clusterName = args.clusterName;

        // Created up front so control-plane logs are encrypted and expire; EKS would otherwise create it bare.
        const controlPlaneLogs = new aws.cloudwatch.LogGroup(
            `${name}-control-plane-logs`,
            { name: `/aws/eks/${args.clusterName}/cluster`, retentionInDays: args.logRetentionDays, kmsKeyId: args.logsKeyArn },
            parent,
        );

        const nodeRole = new aws.iam.Role(`${name}-node-role`, { assumeRolePolicy: JSON.stringify(ec2TrustPolicy()) }, parent);
        this.nodeRoleArn = nodeRole.arn;
        const nodePolicies = NODE_POLICY_ARNS.map((policyArn, i) => new aws.iam.RolePolicyAttachment(`${name}-node-policy-${i}`, { role: nodeRole.name, policyArn }, parent));

        const cluster = new eks.Cluster(
            `${name}-eks`,
            {
                name: args.clusterName,
                version: args.kubernetesVersion,
                vpcId: args.vpcId,
                privateSubnetIds: args.privateSubnetIds,
                nodeAssociatePublicIpAddress: false,
                skipDefaultNodeGroup: true,
                authenticationMode: eks.AuthenticationMode.Api,
                accessEntries: clusterAccessEntries(args.adminRoleArns, args.ciRoleArns, args.viewerRoleArns),
                encryptionConfigKeyArn: args.secretsKeyArn,
                enabledClusterLogTypes: [...CONTROL_PLANE_LOG_TYPES],
                ...endpointAccess(args.publicAccessCidrs),
                createOidcProvider: true,
                deletionProtection: args.deletionProtection,
                // No @pulumi/eks cluster and node groups: nothing would carry its node group (our nodes get
                // EKS's cluster security group), and the control plane needs only EKS's group.
                skipDefaultSecurityGroups: true,
                // vpc-cni and kube-proxy are DaemonSets, needed before nodes can become Ready: created with the
                // cluster. CoreDNS is a Deployment: created inside the component it would wait for nodes that
                // wait for the component (pulumi/pulumi-eks#1819), so it is an addon of ours after the node groups.
                vpcCniOptions: { enableNetworkPolicy: true, addonVersion: args.addonVersions.vpcCni },
                kubeProxyAddonOptions: { enabled: true, version: args.addonVersions.kubeProxy },
                corednsAddonOptions: { enabled: false },
            },
            { ...parent, dependsOn: [controlPlaneLogs] },
        );
        this.kubeconfig = cluster.kubeconfigJson;
        this.oidcProviderArn = cluster.oidcProviderArn;
        this.oidcProviderUrl = cluster.oidcProviderUrl;
        this.nodeSecurityGroupId = cluster.eksCluster.vpcConfig.clusterSecurityGroupId;
        this.clusterSecurityGroupId = this.nodeSecurityGroupId;
        const clusterName = cluster.eksCluster.name;

        const nodeGroups = args.nodeGroups.map((group) => this.createNodeGroup(name, group, args, clusterName, nodeRole, nodePolicies));
        this.nodeGroups = nodeGroups;

        const ebsCsiRole = new aws.iam.Role(
            `${name}-ebs-csi-role`,
            {
                assumeRolePolicy: pulumi
                    .all([cluster.oidcProviderArn, cluster.oidcProviderUrl])
                    .apply(([arn, url]) =>
                        JSON.stringify(irsaTrustPolicy({ oidcProviderArn: arn, oidcIssuerUrl: url, namespace: "kube-system", serviceAccounts: ["ebs-csi-controller-sa"] })),
                    ),
            },
            parent,
        );
        this.ebsCsiRoleName = ebsCsiRole.name;
        const ebsCsiPolicy = new aws.iam.RolePolicyAttachment(`${name}-ebs-csi-policy`, { role: ebsCsiRole.name, policyArn: EBS_CSI_POLICY_ARN }, parent);
        // Addons that run a Deployment become ACTIVE only once its pods run, so they wait for the nodes.
        new aws.eks.Addon(
            `${name}-coredns`,
            {
                clusterName,
                addonName: "coredns",
                addonVersion: args.addonVersions.coredns,
                // EKS runs a self-managed CoreDNS from cluster creation: the addon takes it over.
                resolveConflictsOnCreate: "OVERWRITE",
                resolveConflictsOnUpdate: "OVERWRITE",
            },
            { ...parent, dependsOn: nodeGroups },
        );
        new aws.eks.Addon(
            `${name}-aws-ebs-csi-driver`,
            {
                clusterName,
                addonName: "aws-ebs-csi-driver",
                addonVersion: args.addonVersions.ebsCsiDriver,
                serviceAccountRoleArn: ebsCsiRole.arn,
                resolveConflictsOnCreate: "OVERWRITE",
                resolveConflictsOnUpdate: "OVERWRITE",
            },
            { ...parent, dependsOn: [...nodeGroups, ebsCsiPolicy] },
        );
        // A DaemonSet only: ACTIVE with no nodes, so it need not wait for them.
        new aws.eks.Addon(
            `${name}-eks-pod-identity-agent`,
            { clusterName, addonName: "eks-pod-identity-agent", addonVersion: args.addonVersions.podIdentityAgent, resolveConflictsOnCreate: "OVERWRITE", resolveConflictsOnUpdate: "OVERWRITE" },
            parent,
        );

        this.kubernetesProvider = new k8s.Provider(`${name}-k8s`, { kubeconfig: cluster.kubeconfigJson, enableServerSideApply: true }, parent);

        this.registerOutputs({
            clusterName: this.clusterName,
            kubeconfig: pulumi.secret(this.kubeconfig),
            oidcProviderArn: this.oidcProviderArn,
        });
    }

    private createNodeGroup(
        name: string,
        group: NodeGroupConfig,
        args: ClusterArgs,
        clusterName: pulumi.Output<string>,
        nodeRole: aws.iam.Role,
        nodePolicies: aws.iam.RolePolicyAttachment[],
    ): aws.eks.NodeGroup {
        const parent = { parent: this };
        const launchTemplate = new aws.ec2.LaunchTemplate(
            `${name}-ng-${group.name}-lt`,
            {
                description: `EKS managed node group ${group.name}: IMDSv2 only, encrypted root volume`,
                // Hop limit 1 keeps pods from reaching node credentials; workloads use IRSA or Pod Identity.
                metadataOptions: { httpEndpoint: "enabled", httpTokens: "required", httpPutResponseHopLimit: 1 },
                blockDeviceMappings: [
                    {
                        deviceName: "/dev/xvda",
                        ebs: { encrypted: "true", kmsKeyId: args.ebsKeyArn, volumeSize: group.diskSizeGiB, volumeType: "gp3", deleteOnTermination: "true" },
                    },
                ],
                // No security groups and no image: EKS adds its cluster security group and picks the AMI from
                // amiType, version and releaseVersion below.
                updateDefaultVersion: true,
                tagSpecifications: [{ resourceType: "instance", tags: { Name: `${args.clusterName}-${group.name}` } }],
            },
            parent,
        );
        return new aws.eks.NodeGroup(
            `${name}-ng-${group.name}`,
            {
                clusterName,
                nodeRoleArn: nodeRole.arn,
                subnetIds: args.privateSubnetIds,
                instanceTypes: group.instanceTypes,
                capacityType: group.capacityType,
                amiType: group.amiType,
                // Nodes follow the control plane: a kubernetesVersion change rolls them to that version's AMI.
                version: args.kubernetesVersion,
                releaseVersion: group.amiReleaseVersion,
                scalingConfig: { minSize: group.minSize, maxSize: group.maxSize, desiredSize: group.desiredSize },
                labels: group.labels,
                taints: group.taints,
                launchTemplate: { id: launchTemplate.id, version: launchTemplate.latestVersion.apply(String) },
                ...(args.nodeGroupTags ? { tags: args.nodeGroupTags } : {}),
            },
            // Nodes cannot join without the role's policies. Desired size belongs to whoever scales the group after
            // creation (Cluster Autoscaler with nodeAutoscaling mode clusterAutoscaler, else by hand); pulumi up must
            // not reset it.
            { ...parent, dependsOn: nodePolicies, ignoreChanges: ["scalingConfig.desiredSize"] },
        );
    }
}
