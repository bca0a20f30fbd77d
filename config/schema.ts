/**
 * The stack configuration schema: every `platform:*` key, its type, default and meaning.
 * This file is the single source of truth; Pulumi.yaml's `config:` block and docs/config.md
 * are checked against it by tests.
 */
import { z } from "zod";
import { awsTagValue, cidr, cloudWatchRetentionDays, distinctList, iamRoleArn } from "./sections/common";
import { nodeGroupSchema } from "./sections/cluster";
import { regionSchema } from "./sections/network";
import { ServiceConfig, serviceSchema, ServiceName } from "./sections/services";
import { atlasSchema } from "./sections/datastores/atlas";
import { bucketsSchema } from "./sections/datastores/buckets";
import { cdnSchema } from "./sections/cdn";
import { postgresSchema } from "./sections/datastores/postgres";
import { redisSchema } from "./sections/datastores/redis";
import { externalSecretsSchema } from "./sections/secrets";

export * from "./sections/cluster";
export * from "./sections/network";
export * from "./sections/services";

/** Every key of the `platform` namespace. Key order is the order of the config reference. */
export const platformConfigShape = {
    environment: z.string().regex(/^[a-z][a-z0-9]{1,11}$/, "expected a short lower-case name like dev").describe("Environment name; used in resource names and the env tag."),
    awsAccountId: z.string().regex(/^\d{12}$/, "expected a 12-digit AWS account id").describe("The only AWS account this stack may touch (provider allowedAccountIds)."),
    owner: awsTagValue.describe("owner tag on every resource."),
    costCenter: awsTagValue.describe("cost-center tag on every resource."),
    regions: z.array(regionSchema).min(1).max(8, "expected at most 8 regions").describe("Regions, exactly one primary, all in one AWS partition (1-8). Structured: see the region fields below."),
    kubernetesVersion: z.string().regex(/^1\.\d{2}$/, "expected a Kubernetes minor version like 1.33").describe("EKS control plane version."),
    clusterPublicAccessCidrs: distinctList(cidr, 40, "the EKS limit on public access CIDRs per cluster")
        .default([])
        .describe("CIDRs allowed to reach the public EKS API endpoint; empty keeps the endpoint private-only. At most 40 (EKS), distinct; never 0.0.0.0/0, nor ranges that together cover the internet."),
    clusterCreatorRoleArn: iamRoleArn.describe(
        "The IAM role that runs `pulumi up` and so creates the cluster (CI's deploy role). @pulumi/eks always has EKS bootstrap it as cluster-admin (pulumi/pulumi-eks#2373), so it is recorded here and must not be listed again below.",
    ),
    clusterAdminRoleArns: distinctList(iamRoleArn, 50, "a bound for review").min(1).describe("IAM roles granted cluster-admin through EKS access entries (1-50). Every role name appears once across the creator and the three lists (one access entry per principal, keyed by role name)."),
    clusterCiRoleArns: distinctList(iamRoleArn, 50, "a bound for review").default([]).describe("Other IAM roles CI deploys with (not the creator), granted cluster-admin through access entries."),
    clusterViewerRoleArns: z
        .array(iamRoleArn)
        .max(50, "expected at most 50 entries (a bound for review)")
        .default([])
        .describe("IAM roles granted read-only cluster access (AmazonEKSAdminViewPolicy), e.g. CI's preview role, which refreshes Kubernetes state."),
    nodeGroups: z.array(nodeGroupSchema).min(1).max(30, "expected at most 30 node groups (the EKS limit of managed node groups per cluster)").describe("EKS managed node groups (1-30, the EKS limit per cluster). Structured: see the node group fields below."),
    services: z.record(z.string(), serviceSchema).describe("Per-service settings for all seven services. Structured: see the service fields below."),
    gatewayNamespace: z.string().regex(/^[a-z][a-z0-9-]{0,62}$/).default("kong").describe("Namespace of the API gateway, the only source of cross-namespace ingress to services."),
    logRetentionDays: cloudWatchRetentionDays.default(365).describe("Retention of CloudWatch log groups the platform creates (EKS control plane); one of the periods CloudWatch accepts."),
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
