/**
 * Node autoscaling, chosen by `platform:nodeAutoscaling.mode`: pods that autoscale need nodes that do.
 *
 * - `Karpenter` (`platform:cluster:Karpenter`): the controller (Helm, pinned; CRDs from the `karpenter-crd` chart so
 *   upgrades update them) with an IRSA role carrying Karpenter's own CloudFormation policies (v1.14 getting-started
 *   `cloudformation.yaml`) scoped to this cluster's tags, `iam:PassRole` only on its node role; that node role
 *   (worker, CNI, ECR pull-only, SSM) admitted by an EKS access entry of type EC2_LINUX; an SQS interruption queue
 *   under its own KMS key with a TLS-only policy, fed by EventBridge (AWS Health events and the four EC2
 *   interruption events); one NodePool and one EC2NodeClass (pinned AL2023 alias, IMDSv2 with hop limit 1, gp3 root
 *   volume encrypted with the region's EBS key, the private subnets and the cluster security group selected by a
 *   discovery tag).
 * - `ClusterAutoscaler` (`platform:cluster:ClusterAutoscaler`): the chart (pinned) discovering the managed node
 *   groups by the auto-discovery tags EKS puts on their Auto Scaling groups and scaling each between its
 *   minSize and maxSize; its IRSA role may change only Auto Scaling groups carrying this cluster's tags.
 *
 * The managed node groups (components/cluster/cluster.ts) stay either way: they run the system workloads,
 * Karpenter's controller included (its chart keeps it off the nodes it manages).
 */
import * as aws from "@pulumi/aws";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { ClusterAutoscalerConfig, KarpenterConfig } from "../../config";
import { ec2TrustPolicy, irsaTrustPolicy, policyDocument, PolicyDocument, PolicyStatement } from "../../lib/iam";
import { physicalName } from "../../lib/naming";
import { redrivePolicy, tlsOnlyQueuePolicy } from "../services/serviceQueue";
import { HELM_RELEASE_POLICY } from "../helm";

export const KARPENTER_CHART_REPOSITORY = "oci://public.ecr.aws/karpenter";
export const KARPENTER_SERVICE_ACCOUNT = "karpenter";
/** Tag Karpenter's EC2NodeClass selects subnets and security groups by (value: the cluster name). */
export const KARPENTER_DISCOVERY_TAG = "karpenter.sh/discovery";
export const CLUSTER_AUTOSCALER_CHART_REPOSITORY = "https://kubernetes.github.io/autoscaler";
export const CLUSTER_AUTOSCALER_NAMESPACE = "kube-system";
export const CLUSTER_AUTOSCALER_SERVICE_ACCOUNT = "cluster-autoscaler";
/** SQS keeps an interruption message 5 minutes (Karpenter's template): a later one is stale. */
export const INTERRUPTION_MESSAGE_RETENTION_SECONDS = 300;
/** Karpenter's node role policies (cloudformation.yaml KarpenterNodeRole): ECR pull-only, not read-only. */
export const KARPENTER_NODE_POLICY_ARNS = [
    "arn:aws:iam::aws:policy/AmazonEKSWorkerNodePolicy",
    "arn:aws:iam::aws:policy/AmazonEKS_CNI_Policy",
    "arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryPullOnly",
    "arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore",
] as const;
/** IAM's limit on the inline policies of one role, whitespace excluded. */
export const INLINE_ROLE_POLICY_LIMIT = 10240;

export interface ClusterScope {
    partition?: string;
    region: string;
    accountId: string;
    clusterName: string;
}

/**
 * The interruption events Karpenter handles (cloudformation.yaml): two EventBridge patterns instead of the
 * template's five rules, matching the same events (one source each; detail types OR-ed).
 */
export function interruptionEventPatterns(): Record<"health" | "ec2", { source: string[]; "detail-type": string[] }> {
    return {
        health: { source: ["aws.health"], "detail-type": ["AWS Health Event"] },
        ec2: {
            source: ["aws.ec2"],
            "detail-type": [
                "EC2 Spot Instance Interruption Warning",
                "EC2 Instance Rebalance Recommendation",
                "EC2 Instance State-change Notification",
                "EC2 Capacity Reservation Instance Interruption Warning",
            ],
        },
    };
}

/** Receives before a message Karpenter keeps failing on moves to the dead-letter queue (kept there for inspection). */
export const INTERRUPTION_MAX_RECEIVE_COUNT = 5;

export function karpenterNames(clusterName: string): { queue: string; deadLetterQueue: string; rules: Record<"health" | "ec2", string>; nodeRole: string } {
    const base = physicalName([clusterName, "karpenter"], 54);
    const queue = physicalName([clusterName, "karpenter"], 76);
    return {
        queue,
        deadLetterQueue: `${queue}-dlq`,
        rules: { health: `${base}-health`, ec2: `${base}-ec2` },
        nodeRole: physicalName([clusterName, "karpenter-node"], 64),
    };
}

/**
 * The interruption queue's policy (cloudformation.yaml KarpenterInterruptionQueuePolicy): EventBridge (only our
 * rules) and SQS may send; nothing may use it without TLS.
 */
export function interruptionQueuePolicy(args: { queueArn: string; ruleArns: string[] }): PolicyDocument {
    return policyDocument([
        {
            Sid: "EventBridgeSendsInterruptionEvents",
            Effect: "Allow",
            Principal: { Service: "events.amazonaws.com" },
            Action: "sqs:SendMessage",
            Resource: args.queueArn,
            Condition: { ArnEquals: { "aws:SourceArn": args.ruleArns } },
        },
        { Sid: "SqsSends", Effect: "Allow", Principal: { Service: "sqs.amazonaws.com" }, Action: "sqs:SendMessage", Resource: args.queueArn },
        { Sid: "DenyInsecureTransport", Effect: "Deny", Principal: "*", Action: "sqs:*", Resource: args.queueArn, Condition: { Bool: { "aws:SecureTransport": "false" } } },
    ]);
}

/**
 * The queue's own key: the account administers it (IAM policies govern use, so the controller decrypts through
 * its role), and EventBridge may encrypt messages for our rules only, which only a key policy can allow.
 */
export function interruptionKeyPolicy(args: ClusterScope & { ruleArns: string[] }): PolicyDocument {
    const partition = args.partition ?? "aws";
    return policyDocument([
        { Sid: "AccountAdministration", Effect: "Allow", Principal: { AWS: `arn:${partition}:iam::${args.accountId}:root` }, Action: "kms:*", Resource: "*" },
        {
            Sid: "EventBridgeEncryptsInterruptionEvents",
            Effect: "Allow",
            Principal: { Service: "events.amazonaws.com" },
            Action: ["kms:GenerateDataKey*", "kms:Decrypt"],
            Resource: "*",
            Condition: { StringEquals: { "aws:SourceAccount": args.accountId }, ArnEquals: { "aws:SourceArn": args.ruleArns } },
        },
    ]);
}

/**
 * The controller's permissions: Karpenter's six CloudFormation policies (NodeLifecycle, IAMIntegration,
 * EKSIntegration, Interruption, ZonalShift, ResourceDiscovery) for this cluster, plus decrypting the interruption
 * queue through SQS and using the EBS key through EC2 (the volumes of the nodes it launches are encrypted with it).
 */
export function karpenterControllerPolicy(args: ClusterScope & { nodeRoleArn: string; queueArn: string; queueKeyArn: string; ebsKeyArn: string }): PolicyDocument {
    const p = args.partition ?? "aws";
    const { region, accountId, clusterName } = args;
    const ec2 = (resource: string) => `arn:${p}:ec2:${region}:*:${resource}`;
    const clusterOwned = { [`aws:ResourceTag/kubernetes.io/cluster/${clusterName}`]: "owned" };
    const requestTags = { [`aws:RequestTag/kubernetes.io/cluster/${clusterName}`]: "owned", "aws:RequestTag/eks:eks-cluster-name": clusterName };
    const taggedLaunches = ["fleet/*", "instance/*", "volume/*", "network-interface/*", "launch-template/*", "spot-instances-request/*"].map(ec2);
    const instanceProfiles = `arn:${p}:iam::${accountId}:instance-profile/*`;
    const clusterArn = `arn:${p}:eks:${region}:${accountId}:cluster/${clusterName}`;
    const statements: PolicyStatement[] = [
        // NodeLifecyclePolicy
        {
            Sid: "AllowScopedEC2InstanceAccessActions",
            Effect: "Allow",
            Resource: [`arn:${p}:ec2:${region}::image/*`, `arn:${p}:ec2:${region}::snapshot/*`, ec2("security-group/*"), ec2("subnet/*"), ec2("capacity-reservation/*"), ec2("placement-group/*")],
            Action: ["ec2:RunInstances", "ec2:CreateFleet"],
        },
        {
            Sid: "AllowScopedEC2LaunchTemplateAccessActions",
            Effect: "Allow",
            Resource: ec2("launch-template/*"),
            Action: ["ec2:RunInstances", "ec2:CreateFleet"],
            Condition: { StringEquals: clusterOwned, StringLike: { "aws:ResourceTag/karpenter.sh/nodepool": "*" } },
        },
        {
            Sid: "AllowScopedEC2InstanceActionsWithTags",
            Effect: "Allow",
            Resource: taggedLaunches,
            Action: ["ec2:RunInstances", "ec2:CreateFleet", "ec2:CreateLaunchTemplate"],
            Condition: { StringEquals: requestTags, StringLike: { "aws:RequestTag/karpenter.sh/nodepool": "*" } },
        },
        {
            Sid: "AllowScopedResourceCreationTagging",
            Effect: "Allow",
            Resource: taggedLaunches,
            Action: "ec2:CreateTags",
            Condition: {
                StringEquals: { ...requestTags, "ec2:CreateAction": ["RunInstances", "CreateFleet", "CreateLaunchTemplate"] },
                StringLike: { "aws:RequestTag/karpenter.sh/nodepool": "*" },
            },
        },
        {
            Sid: "AllowScopedResourceTagging",
            Effect: "Allow",
            Resource: ec2("instance/*"),
            Action: "ec2:CreateTags",
            Condition: {
                StringEquals: clusterOwned,
                StringLike: { "aws:ResourceTag/karpenter.sh/nodepool": "*" },
                StringEqualsIfExists: { "aws:RequestTag/eks:eks-cluster-name": clusterName },
                "ForAllValues:StringEquals": { "aws:TagKeys": ["eks:eks-cluster-name", "karpenter.sh/nodeclaim", "Name"] },
            },
        },
        {
            Sid: "AllowScopedDeletion",
            Effect: "Allow",
            Resource: [ec2("instance/*"), ec2("launch-template/*")],
            Action: ["ec2:TerminateInstances", "ec2:DeleteLaunchTemplate"],
            Condition: { StringEquals: clusterOwned, StringLike: { "aws:ResourceTag/karpenter.sh/nodepool": "*" } },
        },
        // IAMIntegrationPolicy
        {
            Sid: "AllowPassingInstanceRole",
            Effect: "Allow",
            Resource: args.nodeRoleArn,
            Action: "iam:PassRole",
            Condition: { StringEquals: { "iam:PassedToService": ["ec2.amazonaws.com", "ec2.amazonaws.com.cn"] } },
        },
        {
            Sid: "AllowScopedInstanceProfileCreationActions",
            Effect: "Allow",
            Resource: instanceProfiles,
            Action: ["iam:CreateInstanceProfile"],
            Condition: {
                StringEquals: { ...requestTags, "aws:RequestTag/topology.kubernetes.io/region": region },
                StringLike: { "aws:RequestTag/karpenter.k8s.aws/ec2nodeclass": "*" },
            },
        },
        {
            Sid: "AllowScopedInstanceProfileTagActions",
            Effect: "Allow",
            Resource: instanceProfiles,
            Action: ["iam:TagInstanceProfile"],
            Condition: {
                StringEquals: { ...clusterOwned, "aws:ResourceTag/topology.kubernetes.io/region": region, ...requestTags, "aws:RequestTag/topology.kubernetes.io/region": region },
                StringLike: { "aws:ResourceTag/karpenter.k8s.aws/ec2nodeclass": "*", "aws:RequestTag/karpenter.k8s.aws/ec2nodeclass": "*" },
            },
        },
        {
            Sid: "AllowScopedInstanceProfileActions",
            Effect: "Allow",
            Resource: instanceProfiles,
            Action: ["iam:AddRoleToInstanceProfile", "iam:RemoveRoleFromInstanceProfile", "iam:DeleteInstanceProfile"],
            Condition: {
                StringEquals: { ...clusterOwned, "aws:ResourceTag/topology.kubernetes.io/region": region },
                StringLike: { "aws:ResourceTag/karpenter.k8s.aws/ec2nodeclass": "*" },
            },
        },
        // EKSIntegrationPolicy
        { Sid: "AllowAPIServerEndpointDiscovery", Effect: "Allow", Resource: clusterArn, Action: "eks:DescribeCluster" },
        // InterruptionPolicy
        { Sid: "AllowInterruptionQueueActions", Effect: "Allow", Resource: args.queueArn, Action: ["sqs:DeleteMessage", "sqs:GetQueueUrl", "sqs:ReceiveMessage"] },
        // ZonalShiftPolicy
        {
            Sid: "AllowZonalShiftStatusReadOnly",
            Effect: "Allow",
            Resource: "*",
            Action: ["arc-zonal-shift:GetManagedResource"],
            Condition: { StringEquals: { "arc-zonal-shift:ResourceIdentifier": clusterArn } },
        },
        // ResourceDiscoveryPolicy
        {
            Sid: "AllowRegionalReadActions",
            Effect: "Allow",
            Resource: "*",
            Action: [
                "ec2:DescribeCapacityReservations",
                "ec2:DescribeImages",
                "ec2:DescribeInstances",
                "ec2:DescribeInstanceStatus",
                "ec2:DescribeInstanceTypeOfferings",
                "ec2:DescribeInstanceTypes",
                "ec2:DescribeLaunchTemplates",
                "ec2:DescribePlacementGroups",
                "ec2:DescribeSecurityGroups",
                "ec2:DescribeSpotPriceHistory",
                "ec2:DescribeSubnets",
            ],
            Condition: { StringEquals: { "aws:RequestedRegion": region } },
        },
        { Sid: "AllowSSMReadActions", Effect: "Allow", Resource: `arn:${p}:ssm:${region}::parameter/aws/service/*`, Action: "ssm:GetParameter" },
        { Sid: "AllowPricingReadActions", Effect: "Allow", Resource: "*", Action: "pricing:GetProducts" },
        { Sid: "AllowUnscopedInstanceProfileListAction", Effect: "Allow", Resource: "*", Action: "iam:ListInstanceProfiles" },
        { Sid: "AllowInstanceProfileReadActions", Effect: "Allow", Resource: instanceProfiles, Action: "iam:GetInstanceProfile" },
        // Not in the template: our queue and volumes are under customer-managed keys.
        {
            Sid: "DecryptInterruptionEvents",
            Effect: "Allow",
            Resource: args.queueKeyArn,
            Action: "kms:Decrypt",
            Condition: { StringEquals: { "kms:ViaService": `sqs.${region}.amazonaws.com` } },
        },
        {
            Sid: "EncryptNodeVolumes",
            Effect: "Allow",
            Resource: args.ebsKeyArn,
            Action: ["kms:GenerateDataKeyWithoutPlaintext", "kms:Decrypt", "kms:ReEncrypt*", "kms:DescribeKey"],
            Condition: { StringEquals: { "kms:ViaService": `ec2.${region}.amazonaws.com` } },
        },
        {
            Sid: "GrantNodeVolumeKeyToEc2",
            Effect: "Allow",
            Resource: args.ebsKeyArn,
            Action: "kms:CreateGrant",
            Condition: { StringEquals: { "kms:ViaService": `ec2.${region}.amazonaws.com` }, Bool: { "kms:GrantIsForAWSResource": "true" } },
        },
    ];
    return policyDocument(statements);
}

/** Length IAM counts against INLINE_ROLE_POLICY_LIMIT (JSON without whitespace). */
export function policySize(document: PolicyDocument): number {
    return JSON.stringify(document).length;
}

export interface NodePoolNames {
    nodePool: string;
    nodeClass: string;
}

/** The NodePool: requirements and limits from config, consolidation, node expiry and a disruption budget. */
export function nodePoolManifest(config: KarpenterConfig, names: NodePoolNames): Record<string, any> {
    const pool = config.nodePool;
    return {
        apiVersion: "karpenter.sh/v1",
        kind: "NodePool",
        metadata: { name: names.nodePool },
        spec: {
            template: {
                spec: {
                    nodeClassRef: { group: "karpenter.k8s.aws", kind: "EC2NodeClass", name: names.nodeClass },
                    requirements: [
                        { key: "karpenter.sh/capacity-type", operator: "In", values: [...pool.capacityTypes] },
                        { key: "kubernetes.io/arch", operator: "In", values: [...pool.architectures] },
                        { key: "kubernetes.io/os", operator: "In", values: ["linux"] },
                        { key: "karpenter.k8s.aws/instance-category", operator: "In", values: [...pool.instanceCategories] },
                        { key: "karpenter.k8s.aws/instance-generation", operator: "Gt", values: [String(pool.minInstanceGeneration - 1)] },
                    ],
                    expireAfter: pool.expireAfter,
                },
            },
            limits: { cpu: pool.cpuLimit, memory: pool.memoryLimit },
            disruption: { consolidationPolicy: pool.consolidationPolicy, consolidateAfter: pool.consolidateAfter, budgets: [{ nodes: pool.disruptionBudget }] },
        },
    };
}

/**
 * The EC2NodeClass: the pinned AL2023 alias (the only AMI term), the node role, subnets and security groups by
 * the discovery tag, IMDSv2 only with hop limit 1 (pods cannot reach node credentials), an encrypted gp3 root
 * volume under the region's EBS key.
 */
export function ec2NodeClassManifest(args: { config: KarpenterConfig; name: string; clusterName: string; nodeRoleName: pulumi.Input<string>; ebsKeyArn: pulumi.Input<string> }): Record<string, any> {
    const discovery = [{ tags: { [KARPENTER_DISCOVERY_TAG]: args.clusterName } }];
    return {
        apiVersion: "karpenter.k8s.aws/v1",
        kind: "EC2NodeClass",
        metadata: { name: args.name },
        spec: {
            role: args.nodeRoleName,
            amiSelectorTerms: [{ alias: args.config.amiAlias }],
            subnetSelectorTerms: discovery,
            securityGroupSelectorTerms: discovery,
            metadataOptions: { httpEndpoint: "enabled", httpProtocolIPv6: "disabled", httpTokens: "required", httpPutResponseHopLimit: 1 },
            blockDeviceMappings: [
                {
                    deviceName: "/dev/xvda",
                    ebs: { volumeSize: `${args.config.nodePool.diskSizeGiB}Gi`, volumeType: "gp3", encrypted: true, kmsKeyID: args.ebsKeyArn, deleteOnTermination: true },
                },
            ],
            tags: { "karpenter.sh/discovery": args.clusterName },
        },
    };
}

/** Karpenter chart values (keys of charts/karpenter/values.yaml at the pinned version). */
export function karpenterHelmValues(args: { config: KarpenterConfig; clusterName: string; queueName: pulumi.Input<string>; roleArn: pulumi.Input<string> }): Record<string, unknown> {
    return {
        replicas: args.config.controllerReplicas,
        serviceAccount: { create: true, name: KARPENTER_SERVICE_ACCOUNT, annotations: { "eks.amazonaws.com/role-arn": args.roleArn } },
        settings: { clusterName: args.clusterName, interruptionQueue: args.queueName },
        controller: { resources: { requests: { cpu: "500m", memory: "512Mi" }, limits: { memory: "1Gi" } } },
    };
}

export interface KarpenterArgs {
    config: KarpenterConfig;
    scope: ClusterScope;
    oidcProviderArn: pulumi.Input<string>;
    oidcProviderUrl: pulumi.Input<string>;
    clusterSecurityGroupId: pulumi.Input<string>;
    ebsKeyArn: pulumi.Input<string>;
    kmsKeyDeletionWindowDays: number;
    kmsKeyRotationPeriodDays: number;
    /** Protect the queue key (losing it makes queued messages unreadable; the stack's protectStatefulResources). */
    protect: boolean;
    kubernetesProvider: k8s.Provider;
    /** Karpenter runs on the managed nodes: the chart waits for them. */
    dependsOn?: pulumi.Input<pulumi.Resource>[];
}

export class Karpenter extends pulumi.ComponentResource {
    readonly nodeRoleArn: pulumi.Output<string>;
    readonly queueUrl: pulumi.Output<string>;

    /** opts.provider: the region's AWS provider. */
    constructor(name: string, args: KarpenterArgs, opts?: pulumi.ComponentResourceOptions) {
        super("platform:cluster:Karpenter", name, {}, opts);
        const parent = { parent: this };
        const k8sOpts = { parent: this, provider: args.kubernetesProvider };
        const { scope, config } = args;
        const partition = scope.partition ?? "aws";
        const names = karpenterNames(scope.clusterName);
        const ruleArns = Object.values(names.rules).map((rule) => `arn:${partition}:events:${scope.region}:${scope.accountId}:rule/${rule}`);

        // Nodes: Karpenter's node role, joined to the cluster by an access entry (EKS creates none for it).
        const nodeRole = new aws.iam.Role(`${name}-node-role`, { name: names.nodeRole, assumeRolePolicy: JSON.stringify(ec2TrustPolicy()) }, parent);
        const nodePolicies = KARPENTER_NODE_POLICY_ARNS.map((policyArn, i) => new aws.iam.RolePolicyAttachment(`${name}-node-policy-${i}`, { role: nodeRole.name, policyArn }, parent));
        const accessEntry = new aws.eks.AccessEntry(`${name}-node-access`, { clusterName: scope.clusterName, principalArn: nodeRole.arn, type: "EC2_LINUX" }, parent);
        this.nodeRoleArn = nodeRole.arn;

        // Interruption handling: EventBridge -> encrypted SQS queue -> controller.
        const queueKey = new aws.kms.Key(
            `${name}-queue-key`,
            {
                description: `Karpenter interruption queue of ${scope.clusterName}`,
                enableKeyRotation: true,
                rotationPeriodInDays: args.kmsKeyRotationPeriodDays,
                deletionWindowInDays: args.kmsKeyDeletionWindowDays,
                policy: JSON.stringify(interruptionKeyPolicy({ ...scope, ruleArns })),
            },
            { ...parent, protect: args.protect, retainOnDelete: args.protect },
        );
        const deadLetterQueue = new aws.sqs.Queue(`${name}-dlq`, { name: names.deadLetterQueue, kmsMasterKeyId: queueKey.arn, kmsDataKeyReusePeriodSeconds: 300 }, parent);
        new aws.sqs.QueuePolicy(`${name}-dlq-policy`, { queueUrl: deadLetterQueue.url, policy: deadLetterQueue.arn.apply((arn) => JSON.stringify(tlsOnlyQueuePolicy(arn))) }, parent);
        const queue = new aws.sqs.Queue(
            `${name}-queue`,
            {
                name: names.queue,
                messageRetentionSeconds: INTERRUPTION_MESSAGE_RETENTION_SECONDS,
                kmsMasterKeyId: queueKey.arn,
                kmsDataKeyReusePeriodSeconds: 300,
                redrivePolicy: deadLetterQueue.arn.apply((arn) => redrivePolicy(arn, INTERRUPTION_MAX_RECEIVE_COUNT)),
            },
            parent,
        );
        new aws.sqs.QueuePolicy(`${name}-queue-policy`, { queueUrl: queue.url, policy: queue.arn.apply((queueArn) => JSON.stringify(interruptionQueuePolicy({ queueArn, ruleArns }))) }, parent);
        const patterns = interruptionEventPatterns();
        for (const kind of ["health", "ec2"] as const) {
            const rule = new aws.cloudwatch.EventRule(`${name}-${kind}-rule`, { name: names.rules[kind], eventPattern: JSON.stringify(patterns[kind]) }, parent);
            new aws.cloudwatch.EventTarget(`${name}-${kind}-target`, { rule: rule.name, arn: queue.arn, targetId: "KarpenterInterruptionQueueTarget" }, parent);
        }
        this.queueUrl = queue.url;

        // Controller identity.
        const controllerRole = new aws.iam.Role(
            `${name}-controller-role`,
            {
                assumeRolePolicy: pulumi
                    .all([args.oidcProviderArn, args.oidcProviderUrl])
                    .apply(([arn, url]) => JSON.stringify(irsaTrustPolicy({ oidcProviderArn: arn, oidcIssuerUrl: url, namespace: config.namespace, serviceAccounts: [KARPENTER_SERVICE_ACCOUNT] }))),
            },
            parent,
        );
        const controllerPolicy = new aws.iam.RolePolicy(
            `${name}-controller-policy`,
            {
                role: controllerRole.name,
                policy: pulumi
                    .all([nodeRole.arn, queue.arn, queueKey.arn, args.ebsKeyArn])
                    .apply(([nodeRoleArn, queueArn, queueKeyArn, ebsKeyArn]) => JSON.stringify(karpenterControllerPolicy({ ...scope, nodeRoleArn, queueArn, queueKeyArn, ebsKeyArn }))),
            },
            parent,
        );

        // The cluster security group is EKS's: only the discovery tag is ours.
        new aws.ec2.Tag(`${name}-sg-discovery-tag`, { resourceId: args.clusterSecurityGroupId, key: KARPENTER_DISCOVERY_TAG, value: scope.clusterName }, parent);

        // CRDs from their own chart (Helm never upgrades a chart's crds/), then the controller without them.
        const crds = new k8s.helm.v3.Release(
            `${name}-crd-release`,
            { name: "karpenter-crd", chart: `${KARPENTER_CHART_REPOSITORY}/karpenter-crd`, version: config.chartVersion, namespace: config.namespace, ...HELM_RELEASE_POLICY },
            k8sOpts,
        );
        const release = new k8s.helm.v3.Release(
            `${name}-release`,
            {
                name: "karpenter",
                chart: `${KARPENTER_CHART_REPOSITORY}/karpenter`,
                version: config.chartVersion,
                namespace: config.namespace,
                skipCrds: true,
                values: karpenterHelmValues({ config, clusterName: scope.clusterName, queueName: queue.name, roleArn: controllerRole.arn }),
                ...HELM_RELEASE_POLICY,
            },
            { ...k8sOpts, dependsOn: [crds, controllerPolicy, ...(args.dependsOn ?? [])] },
        );

        const poolNames = { nodePool: "default", nodeClass: "default" };
        new k8s.apiextensions.CustomResource(
            `${name}-node-class`,
            ec2NodeClassManifest({ config, name: poolNames.nodeClass, clusterName: scope.clusterName, nodeRoleName: nodeRole.name, ebsKeyArn: args.ebsKeyArn }) as k8s.apiextensions.CustomResourceArgs,
            { ...k8sOpts, dependsOn: [release, accessEntry, ...nodePolicies] },
        );
        new k8s.apiextensions.CustomResource(`${name}-node-pool`, nodePoolManifest(config, poolNames) as k8s.apiextensions.CustomResourceArgs, { ...k8sOpts, dependsOn: [release] });

        this.registerOutputs({ nodeRoleArn: this.nodeRoleArn, queueUrl: this.queueUrl });
    }
}

/** Auto-discovery tags Cluster Autoscaler looks for on Auto Scaling groups (EKS puts them on managed node groups' groups). */
export function clusterAutoscalerDiscoveryTags(clusterName: string): Record<string, string> {
    return { "k8s.io/cluster-autoscaler/enabled": "true", [`k8s.io/cluster-autoscaler/${clusterName}`]: "owned" };
}

/**
 * Cluster Autoscaler's permissions (cluster-autoscaler/cloudprovider/aws/README.md, "Full Cluster Autoscaler
 * Features Policy" with its write block restricted as the README asks): describe calls cannot be scoped, changing
 * capacity is allowed only on Auto Scaling groups tagged for this cluster, and node group reads only for it.
 */
export function clusterAutoscalerPolicy(scope: ClusterScope): PolicyDocument {
    const p = scope.partition ?? "aws";
    const tags = clusterAutoscalerDiscoveryTags(scope.clusterName);
    return policyDocument([
        {
            Sid: "DiscoverNodeGroups",
            Effect: "Allow",
            Action: [
                "autoscaling:DescribeAutoScalingGroups",
                "autoscaling:DescribeAutoScalingInstances",
                "autoscaling:DescribeLaunchConfigurations",
                "autoscaling:DescribeScalingActivities",
                "ec2:DescribeImages",
                "ec2:DescribeInstanceTypes",
                "ec2:DescribeLaunchTemplateVersions",
                "ec2:GetInstanceTypesFromInstanceRequirements",
            ],
            Resource: "*",
        },
        {
            Sid: "ScaleOwnNodeGroups",
            Effect: "Allow",
            Action: ["autoscaling:SetDesiredCapacity", "autoscaling:TerminateInstanceInAutoScalingGroup"],
            Resource: `arn:${p}:autoscaling:${scope.region}:${scope.accountId}:autoScalingGroup:*:autoScalingGroupName/*`,
            Condition: { StringEquals: Object.fromEntries(Object.entries(tags).map(([k, v]) => [`aws:ResourceTag/${k}`, v])) },
        },
        { Sid: "ReadOwnNodeGroups", Effect: "Allow", Action: "eks:DescribeNodegroup", Resource: `arn:${p}:eks:${scope.region}:${scope.accountId}:nodegroup/${scope.clusterName}/*/*` },
    ]);
}

/** cluster-autoscaler chart values (keys of charts/cluster-autoscaler/values.yaml at the pinned version). */
export function clusterAutoscalerHelmValues(args: { config: ClusterAutoscalerConfig; clusterName: string; region: string; roleArn: pulumi.Input<string> }): Record<string, unknown> {
    return {
        cloudProvider: "aws",
        awsRegion: args.region,
        autoDiscovery: { clusterName: args.clusterName },
        image: { tag: args.config.imageTag },
        rbac: { serviceAccount: { create: true, name: CLUSTER_AUTOSCALER_SERVICE_ACCOUNT, annotations: { "eks.amazonaws.com/role-arn": args.roleArn } } },
        extraArgs: {
            "balance-similar-node-groups": true,
            expander: "least-waste",
            "scale-down-unneeded-time": args.config.scaleDownUnneededTime,
        },
        resources: { requests: { cpu: "100m", memory: "300Mi" }, limits: { memory: "600Mi" } },
        securityContext: { runAsNonRoot: true, runAsUser: 65534, fsGroup: 65534, seccompProfile: { type: "RuntimeDefault" } },
        containerSecurityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ["ALL"] } },
    };
}

export interface ClusterAutoscalerArgs {
    config: ClusterAutoscalerConfig;
    scope: ClusterScope;
    oidcProviderArn: pulumi.Input<string>;
    oidcProviderUrl: pulumi.Input<string>;
    kubernetesProvider: k8s.Provider;
    dependsOn?: pulumi.Input<pulumi.Resource>[];
}

export class ClusterAutoscaler extends pulumi.ComponentResource {
    /** opts.provider: the region's AWS provider. */
    constructor(name: string, args: ClusterAutoscalerArgs, opts?: pulumi.ComponentResourceOptions) {
        super("platform:cluster:ClusterAutoscaler", name, {}, opts);
        const parent = { parent: this };
        const role = new aws.iam.Role(
            `${name}-role`,
            {
                assumeRolePolicy: pulumi
                    .all([args.oidcProviderArn, args.oidcProviderUrl])
                    .apply(([arn, url]) =>
                        JSON.stringify(irsaTrustPolicy({ oidcProviderArn: arn, oidcIssuerUrl: url, namespace: CLUSTER_AUTOSCALER_NAMESPACE, serviceAccounts: [CLUSTER_AUTOSCALER_SERVICE_ACCOUNT] })),
                    ),
            },
            parent,
        );
        const policy = new aws.iam.RolePolicy(`${name}-policy`, { role: role.name, policy: JSON.stringify(clusterAutoscalerPolicy(args.scope)) }, parent);
        new k8s.helm.v3.Release(
            `${name}-release`,
            {
                name: "cluster-autoscaler",
                chart: "cluster-autoscaler",
                version: args.config.chartVersion,
                repositoryOpts: { repo: CLUSTER_AUTOSCALER_CHART_REPOSITORY },
                namespace: CLUSTER_AUTOSCALER_NAMESPACE,
                values: clusterAutoscalerHelmValues({ config: args.config, clusterName: args.scope.clusterName, region: args.scope.region, roleArn: role.arn }),
                ...HELM_RELEASE_POLICY,
            },
            { parent: this, provider: args.kubernetesProvider, dependsOn: [policy, ...(args.dependsOn ?? [])] },
        );
        this.registerOutputs({ roleArn: role.arn });
    }
}
