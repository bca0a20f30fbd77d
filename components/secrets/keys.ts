/**
 * Customer-managed KMS keys, one per purpose, per region: rotating, aliased, with least-privilege key policies.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { keyPolicy, KeyPurpose } from "../../lib/iam";

export const KEY_PURPOSES: readonly KeyPurpose[] = ["eks-secrets", "ebs", "logs", "data", "s3", "backups", "ecr"];

const KEY_DESCRIPTIONS: Record<KeyPurpose, string> = {
    "eks-secrets": "Envelope encryption of Kubernetes secrets in etcd",
    ebs: "EKS node volumes",
    logs: "CloudWatch log groups (flow logs, control plane, database and cache logs)",
    data: "Data stores: RDS PostgreSQL, ElastiCache, Performance Insights, Secrets Manager, MongoDB Atlas",
    s3: "S3 buckets (SSE-KMS with bucket keys)",
    // AWS Backup vaults, the DR notification topic (components/dr/backup.ts) and the alarm topic (components/observability/alarms.ts).
    backups: "AWS Backup vaults, disaster recovery and alarm notifications",
    // ECR uses it through grants it creates with the repository (components/delivery/registry.ts); no service statement needed.
    ecr: "ECR service image repositories (and their replicas in this region)",
};

export interface KeysArgs {
    environment: string;
    accountId: string;
    region: string;
    deletionWindowDays: number;
    rotationPeriodDays: number;
    /** Protect keys from deletion (pulumi protect + retainOnDelete): losing a key loses every byte it encrypted. */
    protect: boolean;
    /**
     * The account's Auto Scaling service-linked role, which the EBS key policy names: "create" it here (one
     * region of the stack does), or the one another region created, for the EBS key to wait for. Undefined
     * when the role exists outside the stack.
     */
    autoScalingServiceLinkedRole?: "create" | aws.iam.ServiceLinkedRole;
}

export class Keys extends pulumi.ComponentResource {
    readonly keys: Record<KeyPurpose, aws.kms.Key>;
    readonly arns: Record<KeyPurpose, pulumi.Output<string>>;
    /** The Auto Scaling service-linked role this component created, if it did. */
    readonly autoScalingServiceLinkedRole?: aws.iam.ServiceLinkedRole;

    constructor(name: string, args: KeysArgs, opts?: pulumi.ComponentResourceOptions) {
        super("platform:secrets:Keys", name, {}, opts);
        // Account-wide and shared with every Auto Scaling group in the account: never deleted with the stack.
        const autoScalingRole =
            args.autoScalingServiceLinkedRole === "create"
                ? new aws.iam.ServiceLinkedRole(`${name}-autoscaling-role`, { awsServiceName: "autoscaling.amazonaws.com" }, { parent: this, retainOnDelete: true })
                : args.autoScalingServiceLinkedRole;
        this.autoScalingServiceLinkedRole = args.autoScalingServiceLinkedRole === "create" ? autoScalingRole : undefined;
        const keys = {} as Record<KeyPurpose, aws.kms.Key>;
        const arns = {} as Record<KeyPurpose, pulumi.Output<string>>;
        for (const purpose of KEY_PURPOSES) {
            const key = new aws.kms.Key(
                `${name}-${purpose}`,
                {
                    description: `${args.environment} ${args.region}: ${KEY_DESCRIPTIONS[purpose]}`,
                    enableKeyRotation: true,
                    rotationPeriodInDays: args.rotationPeriodDays,
                    deletionWindowInDays: args.deletionWindowDays,
                    policy: JSON.stringify(keyPolicy({ accountId: args.accountId, region: args.region, purpose })),
                },
                { parent: this, protect: args.protect, retainOnDelete: args.protect, dependsOn: purpose === "ebs" && autoScalingRole ? [autoScalingRole] : [] },
            );
            new aws.kms.Alias(`${name}-${purpose}-alias`, { name: `alias/platform/${args.environment}/${purpose}`, targetKeyId: key.keyId }, { parent: this });
            keys[purpose] = key;
            arns[purpose] = key.arn;
        }
        this.keys = keys;
        this.arns = arns;
        this.registerOutputs({ arns });
    }
}
