/** EKS cluster config: managed node groups (components/cluster). */
import { z } from "zod";

const taintSchema = z
    .object({
        key: z.string().min(1).describe("Taint key."),
        value: z.string().optional().describe("Taint value."),
        effect: z.enum(["NO_SCHEDULE", "NO_EXECUTE", "PREFER_NO_SCHEDULE"]).describe("What happens to pods that do not tolerate the taint."),
    })
    .strict();

export const nodeGroupSchema = z
    .object({
        name: z.string().regex(/^[a-z][a-z0-9-]{0,20}$/, "expected a short lower-case name like general").describe("Node group name, unique in the stack."),
        instanceTypes: z
            .array(z.string().regex(/^[a-z0-9]+\.[a-z0-9]+$/, "expected an EC2 instance type like m7i.large"))
            .min(1)
            .describe("EC2 instance types, in order of preference (several types make SPOT capacity more available)."),
        capacityType: z.enum(["ON_DEMAND", "SPOT"]).default("ON_DEMAND").describe("On-demand or spot capacity."),
        amiType: z.enum(["AL2023_x86_64_STANDARD", "AL2023_ARM_64_STANDARD"]).default("AL2023_x86_64_STANDARD").describe("Amazon Linux 2023 image for the instance architecture."),
        minSize: z.int().min(0).describe("Minimum nodes."),
        maxSize: z.int().min(1).describe("Maximum nodes."),
        desiredSize: z
            .int()
            .min(0)
            .describe("Nodes at creation; later changes (by hand; no node autoscaler is installed yet) are ignored by pulumi up."),
        diskSizeGiB: z.int().min(20).max(1000).default(50).describe("Encrypted gp3 root volume size."),
        labels: z.record(z.string(), z.string()).default({}).describe("Kubernetes labels on the nodes."),
        taints: z.array(taintSchema).default([]).describe("Kubernetes taints on the nodes (dedicated node groups)."),
    })
    .strict();
export type NodeGroupConfig = z.infer<typeof nodeGroupSchema>;
