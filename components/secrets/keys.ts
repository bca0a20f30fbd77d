/**
 * Customer-managed KMS keys, one per purpose, per region: rotating, aliased, with least-privilege key policies.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { keyPolicy, KeyPurpose } from "../../lib/iam";

export const KEY_PURPOSES: readonly KeyPurpose[] = ["eks-secrets", "ebs", "logs", "data", "s3", "backups"];

const KEY_DESCRIPTIONS: Record<KeyPurpose, string> = {
    "eks-secrets": "Envelope encryption of Kubernetes secrets in etcd",
    ebs: "EKS node volumes",
    logs: "CloudWatch log groups (flow logs, control plane, database and cache logs)",
    data: "Data stores: RDS PostgreSQL, ElastiCache, Performance Insights, Secrets Manager, MongoDB Atlas",
    s3: "S3 buckets (SSE-KMS with bucket keys)",
    // Reserved for the DR module's cross-region backup and snapshot copies: created now, used by nothing yet.
    backups: "Backups and snapshots copied for disaster recovery",
};

export interface KeysArgs {
    environment: string;
    accountId: string;
    region: string;
    deletionWindowDays: number;
    rotationPeriodDays: number;
    /** Protect keys from deletion (pulumi protect + retainOnDelete): losing a key loses every byte it encrypted. */
    protect: boolean;
}

export class Keys extends pulumi.ComponentResource {
    readonly keys: Record<KeyPurpose, aws.kms.Key>;
    readonly arns: Record<KeyPurpose, pulumi.Output<string>>;

    constructor(name: string, args: KeysArgs, opts?: pulumi.ComponentResourceOptions) {
        super("platform:secrets:Keys", name, {}, opts);
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
                { parent: this, protect: args.protect, retainOnDelete: args.protect },
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
