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
            .describe("Nodes at creation; later changes (by hand; no node autoscaler is installed yet) are ignored by pulumi up."),
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
