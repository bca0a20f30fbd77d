/** EKS cluster config: managed node groups (components/cluster). */
import { z } from "zod";
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
    })
    .strict();
export type NodeGroupConfig = z.infer<typeof nodeGroupSchema>;
