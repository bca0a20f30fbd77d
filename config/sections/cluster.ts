/** EKS cluster config: managed node groups and the versions of the EKS managed add-ons (components/cluster). */
import { z } from "zod";
import type { SectionProblem } from "./datastores/windows";
import { distinctList } from "./common";

/** EKS quota: nodes per managed node group. */
export const MAX_NODES_PER_NODE_GROUP = 450;
const K8S_LABEL_VALUE = /^(?:[A-Za-z0-9](?:[-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)?$/;
const K8S_QUALIFIED_NAME = /^(?:[a-z0-9](?:[-a-z0-9.]{0,251}[a-z0-9])?\/)?[A-Za-z0-9](?:[-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/;

const taintSchema = z
    .object({
        key: z.string().regex(K8S_QUALIFIED_NAME, "expected a Kubernetes key like workload or example.com/workload").describe("Taint key."),
        value: z.string().regex(K8S_LABEL_VALUE, "expected at most 63 letters, digits, - _ and .").optional().describe("Taint value."),
        effect: z.enum(["NO_SCHEDULE", "NO_EXECUTE", "PREFER_NO_SCHEDULE"]).describe("What happens to pods that do not tolerate the taint."),
    })
    .strict();

export const nodeGroupSchema = z
    .object({
        name: z.string().regex(/^[a-z][a-z0-9-]{0,20}$/, "expected a short lower-case name like general").describe("Node group name, unique in the stack."),
        instanceTypes: distinctList(z.string().regex(/^[a-z0-9-]{1,24}\.[a-z0-9]{1,24}$/, "expected an EC2 instance type like m7i.large"), 20, "a bound for review")
            .min(1)
            .describe("EC2 instance types, in order of preference (several types make SPOT capacity more available)."),
        capacityType: z.enum(["ON_DEMAND", "SPOT"]).default("ON_DEMAND").describe("On-demand or spot capacity."),
        amiType: z.enum(["AL2023_x86_64_STANDARD", "AL2023_ARM_64_STANDARD"]).default("AL2023_x86_64_STANDARD").describe("Amazon Linux 2023 image for the instance architecture."),
        minSize: z.int().min(0).max(MAX_NODES_PER_NODE_GROUP).describe("Minimum nodes."),
        maxSize: z.int().min(1).max(MAX_NODES_PER_NODE_GROUP).describe(`Maximum nodes (at most ${MAX_NODES_PER_NODE_GROUP}, the EKS limit per managed node group).`),
        desiredSize: z
            .int()
            .min(0)
            .max(MAX_NODES_PER_NODE_GROUP)
            .describe("Nodes at creation; later changes (by Cluster Autoscaler with nodeAutoscaling mode clusterAutoscaler, or by hand) are ignored by pulumi up."),
        diskSizeGiB: z.int().min(20).max(1000).default(50).describe("Encrypted gp3 root volume size."),
        labels: z
            .record(z.string().regex(K8S_QUALIFIED_NAME, "expected a Kubernetes label key like workload"), z.string().regex(K8S_LABEL_VALUE, "expected a Kubernetes label value: at most 63 letters, digits, - _ and ."))
            .refine((labels) => Object.keys(labels).length <= 50, "expected at most 50 labels")
            .default({}).describe("Kubernetes labels on the nodes."),
        taints: distinctList(taintSchema, 50, "the EKS limit of taints per node group").default([]).describe("Kubernetes taints on the nodes (dedicated node groups)."),
        amiReleaseVersion: z
            .string()
            .regex(/^\d+\.\d+\.\d+-\d{8}$/, "expected an EKS AMI release version like 1.33.0-20250704")
            .optional()
            .describe(
                "Pin the node AMI to this EKS release of kubernetesVersion (e.g. 1.33.0-20250704); omit to take the latest release when the group is created or its version changes. List releases with `aws ssm get-parameters-by-path --path /aws/service/eks/optimized-ami/<kubernetesVersion>/amazon-linux-2023/x86_64/standard --recursive`.",
            ),
    })
    .strict();
export type NodeGroupConfig = z.infer<typeof nodeGroupSchema>;

/** The EKS managed add-ons the cluster runs, by config key. */
export const ADDON_NAMES = {
    vpcCni: "vpc-cni",
    kubeProxy: "kube-proxy",
    coredns: "coredns",
    ebsCsiDriver: "aws-ebs-csi-driver",
    podIdentityAgent: "eks-pod-identity-agent",
} as const;
export type AddonKey = keyof typeof ADDON_NAMES;
export type AddonVersions = Record<AddonKey, string>;

/**
 * Add-on versions that exist for each Kubernetes version: the defaults of `platform:clusterAddonVersions`.
 * 1.33: AWS's add-on version tables (managing-vpc-cni, managing-coredns, managing-kube-proxy) and
 * `describe-addon-versions` output of 1.33 clusters for the EBS CSI driver and the Pod Identity agent.
 * Add a row when the platform moves to a new Kubernetes version.
 */
export const KNOWN_ADDON_VERSIONS: Readonly<Record<string, AddonVersions>> = {
    "1.33": {
        vpcCni: "v1.20.1-eksbuild.3",
        kubeProxy: "v1.33.5-eksbuild.2",
        coredns: "v1.12.4-eksbuild.1",
        ebsCsiDriver: "v1.48.0-eksbuild.2",
        podIdentityAgent: "v1.3.8-eksbuild.2",
    },
};

function addonVersionField(key: AddonKey): z.ZodOptional<z.ZodString> {
    const name = ADDON_NAMES[key];
    const defaults = Object.entries(KNOWN_ADDON_VERSIONS)
        .map(([kubernetes, versions]) => `${versions[key]} for ${kubernetes}`)
        .join(", ");
    return z
        .string()
        .regex(/^v\d+\.\d+\.\d+-eksbuild\.\d+$/, "expected an EKS add-on version like v1.12.4-eksbuild.1")
        .optional()
        .describe(
            `${name} add-on version. Default: the known version for kubernetesVersion (${defaults}); required for other Kubernetes versions. List valid ones with \`aws eks describe-addon-versions --kubernetes-version <kubernetesVersion> --addon-name ${name} --query 'addons[].addonVersions[].addonVersion'\`.`,
        );
}

export const clusterAddonVersionsSchema = z
    .object({
        vpcCni: addonVersionField("vpcCni"),
        kubeProxy: addonVersionField("kubeProxy"),
        coredns: addonVersionField("coredns"),
        ebsCsiDriver: addonVersionField("ebsCsiDriver"),
        podIdentityAgent: addonVersionField("podIdentityAgent"),
    })
    .strict();
export type ClusterAddonVersionsConfig = z.infer<typeof clusterAddonVersionsSchema>;

/** Configured versions over the known ones for the Kubernetes version; an add-on with neither is missing from the result. */
export function resolveAddonVersions(kubernetesVersion: string, configured: ClusterAddonVersionsConfig): Partial<AddonVersions> {
    const known = KNOWN_ADDON_VERSIONS[kubernetesVersion];
    const resolved: Partial<AddonVersions> = {};
    for (const key of Object.keys(ADDON_NAMES) as AddonKey[]) {
        const version = configured[key] ?? known?.[key];
        if (version !== undefined) {
            resolved[key] = version;
        }
    }
    return resolved;
}

/** Checks of the cluster keys against kubernetesVersion: every add-on pinned, kube-proxy and AMI releases of that version. */
export function clusterProblems(config: { kubernetesVersion: string; clusterAddonVersions: ClusterAddonVersionsConfig; nodeGroups: NodeGroupConfig[] }): SectionProblem[] {
    const problems: SectionProblem[] = [];
    const resolved = resolveAddonVersions(config.kubernetesVersion, config.clusterAddonVersions);
    for (const key of Object.keys(ADDON_NAMES) as AddonKey[]) {
        if (resolved[key] === undefined) {
            problems.push({
                path: ["clusterAddonVersions", key],
                message: `no known ${ADDON_NAMES[key]} version for Kubernetes ${config.kubernetesVersion}; set one (aws eks describe-addon-versions --kubernetes-version ${config.kubernetesVersion} --addon-name ${ADDON_NAMES[key]})`,
            });
        }
    }
    // EKS publishes kube-proxy builds per Kubernetes minor version, and kube-proxy must not run ahead of the API server.
    const kubeProxy = resolved.kubeProxy;
    if (kubeProxy !== undefined && !kubeProxy.startsWith(`v${config.kubernetesVersion}.`)) {
        problems.push({
            path: ["clusterAddonVersions", "kubeProxy"],
            message: `${kubeProxy} is not a kube-proxy build of Kubernetes ${config.kubernetesVersion}; expected v${config.kubernetesVersion}.x-eksbuild.N`,
        });
    }
    config.nodeGroups.forEach((group, i) => {
        if (group.amiReleaseVersion !== undefined && !group.amiReleaseVersion.startsWith(`${config.kubernetesVersion}.`)) {
            problems.push({
                path: ["nodeGroups", i, "amiReleaseVersion"],
                message: `${group.amiReleaseVersion} is an AMI release of another Kubernetes version; expected ${config.kubernetesVersion}.x-YYYYMMDD (kubernetesVersion)`,
            });
        }
    });
    return problems;
}

// ---------------------------------------------------------------------------------------------------------------
// Node autoscaling (components/cluster/nodeAutoscaling.ts)

/** Karpenter chart (oci://public.ecr.aws/karpenter/karpenter) the platform pins; its values are vendored in tests/cluster/fixtures. */
export const KARPENTER_CHART_VERSION = "1.14.1";
/** cluster-autoscaler chart (https://kubernetes.github.io/autoscaler); 9.51.0 is the last chart of the 1.33 line. */
export const CLUSTER_AUTOSCALER_CHART_VERSION = "9.51.0";
export const CLUSTER_AUTOSCALER_IMAGE_TAG = "v1.33.0";

const exactChartVersion = z.string().regex(/^\d+\.\d+\.\d+$/, "expected an exact chart version like 1.14.1 (no ranges: upgrades are reviewed)");
/** Kubernetes quantities as Karpenter limits accept them (e.g. 64, 500m, 256Gi). */
const quantity = z.string().regex(/^\d+(\.\d+)?(m|k|M|G|T|Ki|Mi|Gi|Ti)?$/, "expected a Kubernetes quantity like 64 or 256Gi");
/** Karpenter's duration pattern (NodePool CRD): Go durations in s, m, h. */
const karpenterDuration = z.string().regex(/^([0-9]+(s|m|h))+$/, "expected a duration like 30s, 1m or 720h");

export const karpenterNodePoolSchema = z
    .object({
        cpuLimit: quantity.default("64").describe("Most CPU the NodePool may provision in total (NodePool limits.cpu); Karpenter launches nothing beyond it."),
        memoryLimit: quantity.default("256Gi").describe("Most memory the NodePool may provision in total (NodePool limits.memory)."),
        capacityTypes: distinctList(z.enum(["on-demand", "spot"]), 2, "the capacity types Karpenter knows")
            .min(1)
            .default(["on-demand"])
            .describe("karpenter.sh/capacity-type values nodes may use; with both, Karpenter prefers spot and falls back to on-demand."),
        architectures: distinctList(z.enum(["amd64", "arm64"]), 2, "the architectures AL2023 supports").min(1).default(["amd64"]).describe("kubernetes.io/arch values nodes may use."),
        instanceCategories: distinctList(z.string().regex(/^[a-z]$/, "expected an EC2 instance category letter like m"), 26, "one per letter")
            .min(1)
            .default(["c", "m", "r"])
            .describe("karpenter.k8s.aws/instance-category values (c compute, m general, r memory, ...)."),
        minInstanceGeneration: z.int().min(1).max(20).default(6).describe("Oldest EC2 instance generation allowed (karpenter.k8s.aws/instance-generation greater than this minus one)."),
        consolidationPolicy: z
            .enum(["WhenEmptyOrUnderutilized", "WhenEmpty"])
            .default("WhenEmptyOrUnderutilized")
            .describe("Which nodes Karpenter consolidates: empty or underutilized ones, or only empty ones."),
        consolidateAfter: karpenterDuration.default("1m").describe("How long a node stays empty or underutilized before Karpenter consolidates it."),
        expireAfter: karpenterDuration.default("720h").describe("Node lifetime: older nodes are replaced (picks up AMI and security updates)."),
        disruptionBudget: z
            .string()
            .regex(/^((100|[0-9]{1,2})%|[0-9]+)$/, "expected a node count like 1 or a percentage like 10%")
            .default("10%")
            .describe("At most this many nodes (count or percentage) are disrupted at once (NodePool disruption budget)."),
        diskSizeGiB: z.int().min(20).max(1000).default(50).describe("Encrypted gp3 root volume size of Karpenter nodes."),
    })
    .strict();

export const karpenterSchema = z
    .object({
        chartVersion: exactChartVersion.default(KARPENTER_CHART_VERSION).describe("Karpenter Helm chart version (oci://public.ecr.aws/karpenter/karpenter)."),
        namespace: z.string().regex(/^[a-z][a-z0-9-]{0,62}$/).default("kube-system").describe("Namespace of the Karpenter controller (Karpenter's guide uses kube-system)."),
        controllerReplicas: z.int().min(1).max(5).default(2).describe("Controller replicas (one leader, the others stand by)."),
        amiAlias: z
            .string()
            .regex(/^al2023@v\d{8}$/, "expected a pinned AL2023 release like al2023@v20250704 (al2023@latest drifts every node on each AMI release)")
            .describe(
                "EC2NodeClass AMI alias, pinned to an AL2023 EKS AMI release (al2023@vYYYYMMDD). List releases with `aws ssm get-parameters-by-path --path /aws/service/eks/optimized-ami/<kubernetesVersion>/amazon-linux-2023/x86_64/standard --recursive`.",
            ),
        nodePool: karpenterNodePoolSchema.prefault({}).describe("The NodePool's limits, requirements and disruption."),
    })
    .strict();
export type KarpenterConfig = z.infer<typeof karpenterSchema>;

export const clusterAutoscalerSchema = z
    .object({
        chartVersion: exactChartVersion.default(CLUSTER_AUTOSCALER_CHART_VERSION).describe("cluster-autoscaler Helm chart version (https://kubernetes.github.io/autoscaler)."),
        imageTag: z
            .string()
            .regex(/^v1\.\d+\.\d+$/, "expected a cluster-autoscaler release like v1.33.0")
            .default(CLUSTER_AUTOSCALER_IMAGE_TAG)
            .describe("cluster-autoscaler image tag; its minor version must be kubernetesVersion's (the autoscaler embeds the scheduler of that release)."),
        scaleDownUnneededTime: karpenterDuration.default("10m").describe("How long a node must be unneeded before it is removed (--scale-down-unneeded-time)."),
    })
    .strict();
export type ClusterAutoscalerConfig = z.infer<typeof clusterAutoscalerSchema>;

export const nodeAutoscalingSchema = z
    .object({
        mode: z
            .enum(["karpenter", "clusterAutoscaler", "none"])
            .default("none")
            .describe(
                "karpenter: Karpenter provisions nodes for pending pods (NodePool and EC2NodeClass below); clusterAutoscaler: Cluster Autoscaler resizes the managed node groups between their minSize and maxSize; none: node groups stay at their size. Managed node groups always run the system workloads.",
            ),
        karpenter: karpenterSchema.optional().describe("Karpenter settings; required with mode karpenter (amiAlias has no default), refused otherwise."),
        clusterAutoscaler: clusterAutoscalerSchema.optional().describe("Cluster Autoscaler settings (all defaulted); only with mode clusterAutoscaler."),
    })
    .strict();
export type NodeAutoscalingConfig = z.infer<typeof nodeAutoscalingSchema>;

/** Cluster Autoscaler's settings: the configured ones, else every default. */
export function clusterAutoscalerSettings(nodeAutoscaling: NodeAutoscalingConfig): ClusterAutoscalerConfig {
    return nodeAutoscaling.clusterAutoscaler ?? clusterAutoscalerSchema.parse({});
}

/** Cross-field checks: the mode's settings present (and no other mode's), the autoscaler matching the cluster, something to scale. */
export function nodeAutoscalingProblems(config: { kubernetesVersion: string; nodeGroups: NodeGroupConfig[]; nodeAutoscaling: NodeAutoscalingConfig }): SectionProblem[] {
    const problems: SectionProblem[] = [];
    const { mode, karpenter, clusterAutoscaler } = config.nodeAutoscaling;
    if (mode === "karpenter" && karpenter === undefined) {
        problems.push({ path: ["nodeAutoscaling", "karpenter"], message: "required when mode is karpenter (found: unset); set at least amiAlias, e.g. al2023@v20250704" });
    }
    if (mode !== "karpenter" && karpenter !== undefined) {
        problems.push({ path: ["nodeAutoscaling", "karpenter"], message: `only used with mode karpenter (found mode ${mode}); remove it or set mode: karpenter` });
    }
    if (mode !== "clusterAutoscaler" && clusterAutoscaler !== undefined) {
        problems.push({ path: ["nodeAutoscaling", "clusterAutoscaler"], message: `only used with mode clusterAutoscaler (found mode ${mode}); remove it or set mode: clusterAutoscaler` });
    }
    if (mode === "clusterAutoscaler") {
        const imageTag = clusterAutoscalerSettings(config.nodeAutoscaling).imageTag;
        if (!imageTag.startsWith(`v${config.kubernetesVersion}.`)) {
            problems.push({
                path: ["nodeAutoscaling", "clusterAutoscaler", "imageTag"],
                message: `${imageTag} is not a cluster-autoscaler release of Kubernetes ${config.kubernetesVersion}; expected v${config.kubernetesVersion}.x`,
            });
        }
        if (!config.nodeGroups.some((group) => group.maxSize > group.minSize)) {
            problems.push({ path: ["nodeGroups"], message: "with nodeAutoscaling mode clusterAutoscaler at least one node group needs maxSize above minSize (found none: nothing to scale)" });
        }
    }
    return problems;
}
