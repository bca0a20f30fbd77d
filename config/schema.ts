/**
 * The stack configuration schema: every `platform:*` key, its type, default and meaning.
 * This file is the single source of truth; Pulumi.yaml's `config:` block and docs/config.md
 * are checked against it by tests.
 */
import { z } from "zod";
import { cidr, iamRoleArn } from "./sections/common";
import { AddonVersions, clusterAddonVersionsSchema, nodeGroupSchema } from "./sections/cluster";
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
    clusterAddonVersions: clusterAddonVersionsSchema
        .prefault({})
        .describe("Versions of the EKS managed add-ons (vpc-cni, kube-proxy, coredns, EBS CSI driver, Pod Identity agent), each pinned. Structured: see the clusterAddonVersions fields below."),
    services: z.record(z.string(), serviceSchema).describe("Per-service settings for all seven services. Structured: see the service fields below."),
    gatewayNamespace: z.string().regex(/^[a-z][a-z0-9-]{0,62}$/).default("kong").describe("Namespace of the API gateway, the only source of cross-namespace ingress to services."),
    logRetentionDays: z.int().min(1).default(365).describe("Retention of CloudWatch log groups the platform creates (EKS control plane)."),
    kmsKeyDeletionWindowDays: z.int().min(7).max(30).default(30).describe("Waiting period before a scheduled KMS key deletion takes effect."),
    kmsKeyRotationPeriodDays: z.int().min(90).max(2560).default(365).describe("Automatic rotation period of every customer-managed KMS key."),
    protectStatefulResources: z.boolean().default(true).describe("Protect stateful resources (pulumi protect, retainOnDelete, deletion protection). Turn off only in throwaway stacks."),
    createAutoScalingServiceLinkedRole: z
        .boolean()
        .default(true)
        .describe(
            "Create the account's Auto Scaling service-linked role (AWSServiceRoleForAutoScaling), which launches the EKS nodes and which the EBS key policy names: KMS rejects a policy naming a role that does not exist yet, as in a fresh account. Where it already exists, adopt it with `pulumi import` (README, real Pulumi workflow) or set false. Never deleted with the stack.",
        ),
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
    /** Resolved by validation: every add-on has a version (configured, or the known one for kubernetesVersion). */
    clusterAddonVersions: AddonVersions;
};

/** Nested schemas documented in the config reference, by the key that holds them. */
export const nestedSchemas = {
    "regions[]": regionSchema,
    "nodeGroups[]": nodeGroupSchema,
    clusterAddonVersions: clusterAddonVersionsSchema,
    "services.<name>": serviceSchema,
    atlas: atlasSchema,
    externalSecrets: externalSecretsSchema,
    cdn: cdnSchema,
} as const;
