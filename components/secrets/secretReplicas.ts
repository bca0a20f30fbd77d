/**
 * Secrets Manager replica regions for the platform's own secrets. Every secret the platform creates lives in the
 * primary region, encrypted with its data key, and is replicated to each secondary region under that region's
 * data key. Each region's SecretStores read their own region, and each region's service roles read the replica
 * there, so a standby region keeps its credentials while the primary region is down. Pure: tested without mocks.
 */
import type * as aws from "@pulumi/aws";
import type * as pulumi from "@pulumi/pulumi";

/**
 * Where the platform's secrets are created: the primary region, encrypted with its data key, and replicated to
 * every secondary region under that region's data key, so each region's External Secrets reads its own region
 * (a standby keeps reading its secrets while the primary region is down).
 */
export interface SecretsHome {
    provider: aws.Provider;
    keyArn: pulumi.Input<string>;
    /** The secondary regions and their data keys: every platform secret gets a replica in each. */
    replicaRegions: SecretReplicaRegion[];
}

export interface SecretReplicaRegion {
    region: string;
    keyArn: pulumi.Input<string>;
}

/** The `replicas` of a platform secret: one per secondary region, under that region's own CMK. */
export function secretReplicas(home: Pick<SecretsHome, "replicaRegions">): Array<{ region: string; kmsKeyId: pulumi.Input<string> }> {
    return home.replicaRegions.map((r) => ({ region: r.region, kmsKeyId: r.keyArn }));
}

const SECRET_ARN = /^arn:(aws[a-z-]*):secretsmanager:([a-z0-9-]+):(\d{12}):secret:(.+)$/;

/**
 * The ARN of a secret's replica in `region`: Secrets Manager gives a replica the primary secret's name and
 * random suffix, in the replica's region (`arn:aws:secretsmanager:us-west-2:...:secret:<name>-AbCdEf`).
 * The primary's own region returns the ARN unchanged.
 */
export function replicaSecretArn(secretArn: string, region: string): string {
    const match = SECRET_ARN.exec(secretArn);
    if (!match) {
        throw new Error(`"${secretArn}" is not a Secrets Manager secret ARN like arn:aws:secretsmanager:us-east-1:123456789012:secret:name-AbCdEf`);
    }
    const [, partition, , accountId, rest] = match;
    return `arn:${partition}:secretsmanager:${region}:${accountId}:secret:${rest}`;
}
