/**
 * The stack configuration schema: every `platform:*` key, its type, default and meaning.
 * This file is the single source of truth; Pulumi.yaml's `config:` block and docs/config.md
 * are checked against it by tests.
 */
import { z } from "zod";
import { parseCidr } from "../lib/cidr";
import { atlasSchema } from "./sections/atlas";
import { bucketsSchema } from "./sections/buckets";
import { cdnSchema } from "./sections/cdn";
import { postgresSchema } from "./sections/postgres";
import { redisSchema } from "./sections/redis";
import { externalSecretsSchema } from "./sections/secrets";

export const SERVICE_NAMES = ["bff", "contractor", "document", "verification", "realtime", "gamification", "notification"] as const;
export type ServiceName = (typeof SERVICE_NAMES)[number];

/** Data stores a service can be granted access to. */
export const DATA_STORES = ["postgres", "redis", "atlas", "documents"] as const;
export type DataStoreName = (typeof DATA_STORES)[number];

/** AZ counts the network layout supports: EKS needs two AZs; four covers every region's practical maximum. */
export const MIN_AZ_COUNT = 2;
export const MAX_AZ_COUNT = 4;

const cidr = z.string().superRefine((value, ctx) => {
    try {
        parseCidr(value);
    } catch (error) {
        ctx.addIssue({ code: "custom", message: `${(error as Error).message} (expected an IPv4 CIDR like 10.0.0.0/16)` });
    }
});

const awsRegionName = z.string().regex(/^[a-z]{2}(-gov)?-[a-z]+-\d$/, "expected an AWS region name like us-east-1");
const iamRoleArn = z.string().regex(/^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]+$/, "expected an IAM role ARN like arn:aws:iam::123456789012:role/name");
const cpuQuantity = z.string().regex(/^[1-9]\d*m$/, "expected CPU in millicores like 250m");
const memoryQuantity = z.string().regex(/^[1-9]\d*(Mi|Gi)$/, "expected memory like 512Mi or 2Gi");

const subnetNewBits = z
    .object({
        public: z.int().min(1).max(12).default(8).describe("Bits added to the VPC prefix for public subnets (a /16 VPC gives /24)."),
        private: z.int().min(1).max(12).default(4).describe("Bits added for private (node and pod) subnets (a /16 VPC gives /20)."),
        database: z.int().min(1).max(12).default(8).describe("Bits added for isolated database subnets."),
    })
    .strict();

export const regionSchema = z
    .object({
        name: awsRegionName.describe("AWS region, e.g. us-east-1."),
        role: z.enum(["primary", "secondary"]).describe("primary runs the writable data stores; secondary is the DR/standby region."),
        vpcCidr: cidr.describe("VPC IPv4 range; must not overlap any other region's (or any other environment's, for peering)."),
        azCount: z.int().min(MIN_AZ_COUNT).max(MAX_AZ_COUNT).describe(`Availability zones to spread subnets over (${MIN_AZ_COUNT}-${MAX_AZ_COUNT}).`),
        natStrategy: z.enum(["single", "perAz"]).describe("single: one NAT gateway (cheap, one AZ's outage cuts egress); perAz: one per AZ (HA)."),
        subnetNewBits: subnetNewBits.default({ public: 8, private: 4, database: 8 }).describe("Subnet sizes relative to the VPC."),
        flowLogRetentionDays: z.int().min(1).default(365).describe("Retention of VPC flow logs in CloudWatch."),
    })
    .strict();
export type RegionConfig = z.infer<typeof regionSchema>;

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
        desiredSize: z.int().min(0).describe("Nodes at creation; later changes by the autoscaler are ignored by pulumi up."),
        diskSizeGiB: z.int().min(20).max(1000).default(50).describe("Encrypted gp3 root volume size."),
        labels: z.record(z.string(), z.string()).default({}).describe("Kubernetes labels on the nodes."),
        taints: z.array(taintSchema).default([]).describe("Kubernetes taints on the nodes (dedicated node groups)."),
    })
    .strict();
export type NodeGroupConfig = z.infer<typeof nodeGroupSchema>;

export const serviceSchema = z
    .object({
        minReplicas: z.int().min(1).describe("HPA floor; 2 or more keeps the service up through a node drain."),
        maxReplicas: z.int().min(1).describe("HPA ceiling; sizes the namespace quota."),
        cpuRequest: cpuQuantity.describe("Per-pod CPU request; container default and quota basis."),
        cpuLimit: cpuQuantity.describe("Per-pod CPU limit; container ceiling."),
        memoryRequest: memoryQuantity.describe("Per-pod memory request."),
        memoryLimit: memoryQuantity.describe("Per-pod memory limit."),
        port: z.int().min(1024).max(65535).default(8080).describe("Container port the gateway routes to."),
        allowInternetEgress: z.boolean().default(false).describe("Allow egress to the internet on 443 (e.g. push providers); otherwise DNS and the VPC only."),
        dataStores: z
            .array(z.enum(DATA_STORES))
            .default([])
            .describe("Data stores the service uses; decides which credentials it receives and what its IAM role may touch."),
    })
    .strict();
export type ServiceConfig = z.infer<typeof serviceSchema>;

/** Every key of the `platform` namespace. Key order is the order of the config reference. */
export const platformConfigShape = {
    environment: z.string().regex(/^[a-z][a-z0-9]{1,11}$/, "expected a short lower-case name like dev").describe("Environment name; used in resource names and the env tag."),
    awsAccountId: z.string().regex(/^\d{12}$/, "expected a 12-digit AWS account id").describe("The only AWS account this stack may touch (provider allowedAccountIds)."),
    owner: z.string().min(1).describe("owner tag on every resource."),
    costCenter: z.string().min(1).describe("cost-center tag on every resource."),
    regions: z.array(regionSchema).min(1).describe("Regions, exactly one primary. Structured: see the region fields below."),
    kubernetesVersion: z.string().regex(/^1\.\d{2}$/, "expected a Kubernetes minor version like 1.33").describe("EKS control plane version."),
    clusterPublicAccessCidrs: z.array(cidr).default([]).describe("CIDRs allowed to reach the public EKS API endpoint; empty keeps the endpoint private-only."),
    clusterCreatorRoleArn: iamRoleArn.describe(
        "The IAM role that runs `pulumi up` and so creates the cluster (CI's deploy role). @pulumi/eks always has EKS bootstrap it as cluster-admin (pulumi/pulumi-eks#2373), so it is recorded here and must not be listed again below.",
    ),
    clusterAdminRoleArns: z.array(iamRoleArn).min(1).describe("IAM roles granted cluster-admin through EKS access entries."),
    clusterCiRoleArns: z.array(iamRoleArn).default([]).describe("Other IAM roles CI deploys with (not the creator), granted cluster-admin through access entries."),
    clusterViewerRoleArns: z
        .array(iamRoleArn)
        .default([])
        .describe("IAM roles granted read-only cluster access (AmazonEKSAdminViewPolicy), e.g. CI's preview role, which refreshes Kubernetes state."),
    nodeGroups: z.array(nodeGroupSchema).min(1).describe("EKS managed node groups. Structured: see the node group fields below."),
    services: z.record(z.string(), serviceSchema).describe("Per-service settings for all seven services. Structured: see the service fields below."),
    gatewayNamespace: z.string().regex(/^[a-z][a-z0-9-]{0,62}$/).default("kong").describe("Namespace of the API gateway, the only source of cross-namespace ingress to services."),
    logRetentionDays: z.int().min(1).default(365).describe("Retention of CloudWatch log groups the platform creates (EKS control plane)."),
    kmsKeyDeletionWindowDays: z.int().min(7).max(30).default(30).describe("Waiting period before a scheduled KMS key deletion takes effect."),
    kmsKeyRotationPeriodDays: z.int().min(90).max(2560).default(365).describe("Automatic rotation period of every customer-managed KMS key."),
    protectStatefulResources: z.boolean().default(true).describe("Protect stateful resources (pulumi protect, retainOnDelete, deletion protection). Turn off only in throwaway stacks."),
    // Data stores (RDS PostgreSQL, ElastiCache, S3): structured keys, see config/sections/.
    postgres: postgresSchema.describe("RDS PostgreSQL of the primary region. Structured: see the postgres fields below."),
    redis: redisSchema.describe("ElastiCache (Redis OSS or Valkey) of the primary region. Structured: see the redis fields below."),
    buckets: bucketsSchema.describe("Lifecycle windows of the documents, assets and access-log buckets. Structured: see the bucket fields below."),
    // MongoDB Atlas and in-cluster secrets: structured keys, see config/sections/atlas.ts and secrets.ts.
    atlas: atlasSchema
        .optional()
        .describe("MongoDB Atlas project and cluster; required when a service uses atlas. Credentials come from MONGODB_ATLAS_* environment variables. Structured: see the atlas fields below."),
    externalSecrets: externalSecretsSchema.prefault({}).describe("External Secrets Operator (chart version, replicas, refresh interval). Structured: see the externalSecrets fields below."),
    // Cloudflare edge (zone settings, DNS, cache rules): structured key, see config/sections/cdn.ts.
    cdn: cdnSchema
        .optional()
        .describe("Cloudflare zone, records and cache rules in front of the platform; omit to manage no Cloudflare resources. The API token comes from CLOUDFLARE_API_TOKEN. Structured: see the cdn fields below."),
};

export const platformConfigSchema = z.object(platformConfigShape).strict();

export type PlatformConfig = z.infer<typeof platformConfigSchema> & {
    services: Record<ServiceName, ServiceConfig>;
};

/** Nested schemas documented in the config reference, by the key that holds them. */
export const nestedSchemas = {
    "regions[]": regionSchema,
    "nodeGroups[]": nodeGroupSchema,
    "services.<name>": serviceSchema,
    atlas: atlasSchema,
    externalSecrets: externalSecretsSchema,
    cdn: cdnSchema,
} as const;
