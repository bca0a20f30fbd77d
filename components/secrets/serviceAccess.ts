/**
 * Per-service identity and configuration in one cluster: for each service an IAM role (IRSA, trusted only
 * by `system:serviceaccount:<service>:<service>`) allowed exactly what its data stores need and to read only
 * its own secrets, the Kubernetes ServiceAccount carrying it, the namespace's own SecretStore authenticated as
 * that ServiceAccount, a ConfigMap of non-secret 12-factor settings, an ExternalSecret with exactly the
 * credentials it needs (none at all for services that need none), and, for Atlas users, an Atlas database
 * user authenticated by the role (no password).
 */
import * as aws from "@pulumi/aws";
import * as k8s from "@pulumi/kubernetes";
import * as mongodbatlas from "@pulumi/mongodbatlas";
import * as pulumi from "@pulumi/pulumi";
import { DataStoreName, ServiceConfig } from "../../config";
import { irsaTrustPolicy, policyDocument, PolicyStatement } from "../../lib/iam";
import { resourceTags } from "../../lib/tags";
import { atlasDatabaseUserArgs, mongoHost, mongoIamUri } from "../datastores/atlas";
import { RegionalDataStores } from "../datastores/dataStores";
import { EXTERNAL_SECRETS_API_VERSION, SECRET_STORE_NAME, secretReadStatements, secretStoreManifest, serviceSecretsArnPattern } from "./externalSecrets";
import { REDIS_SECRET_KEYS } from "../datastores/redis";
import { replicaSecretArn } from "./secretReplicas";
import { queueAccessStatements, queueEnvironment, ServiceQueueOutputs } from "../services/serviceQueue";

/** Objects of the document service live under this prefix of the documents bucket; its role reaches nothing else. */
export const DOCUMENTS_PREFIX = "documents/";
/** JSON keys of the secret RDS manages for the master user. */
export const POSTGRES_MASTER_SECRET_KEYS = { username: "username", password: "password" } as const;

/** `arn:aws:rds:<region>:<account>:db:<id>` + resource id + user -> the `rds-db:connect` resource for that database user. */
export function rdsDbUserArn(instanceArn: string, resourceId: string, dbUser: string): string {
    const match = /^arn:(aws[a-z-]*):rds:([a-z0-9-]+):(\d{12}):db:/.exec(instanceArn);
    if (!match) {
        throw new Error(`"${instanceArn}" is not an RDS instance ARN like arn:aws:rds:us-east-1:123456789012:db:name`);
    }
    const [, partition, region, accountId] = match;
    return `arn:${partition}:rds-db:${region}:${accountId}:dbuser:${resourceId}/${dbUser}`;
}

export interface ServicePolicyInputs {
    service: string;
    dataStores: readonly DataStoreName[];
    postgres?: { instanceArn: string; resourceId: string };
    documents?: { bucketArn: string; s3KeyArn: string; region: string };
}

/**
 * The service role's permissions: IAM login to Postgres as the database user named after the service;
 * read/write/delete of objects under `documents/` of the documents bucket (listing limited to that
 * prefix) with the S3 key, only through S3. Nothing for Redis or Atlas, nothing for services without stores.
 */
export function servicePolicyStatements(inputs: ServicePolicyInputs): PolicyStatement[] {
    const statements: PolicyStatement[] = [];
    if (inputs.dataStores.includes("postgres")) {
        if (!inputs.postgres) {
            throw new Error(`service ${inputs.service} uses postgres, but the platform has no Postgres instance`);
        }
        statements.push({
            Sid: "PostgresIamLogin",
            Effect: "Allow",
            Action: "rds-db:connect",
            Resource: rdsDbUserArn(inputs.postgres.instanceArn, inputs.postgres.resourceId, inputs.service),
        });
    }
    if (inputs.dataStores.includes("documents")) {
        if (!inputs.documents) {
            throw new Error(`service ${inputs.service} uses documents, but the region has no documents bucket`);
        }
        const { bucketArn, s3KeyArn, region } = inputs.documents;
        statements.push(
            { Sid: "DocumentObjects", Effect: "Allow", Action: ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"], Resource: `${bucketArn}/${DOCUMENTS_PREFIX}*` },
            {
                Sid: "DocumentListing",
                Effect: "Allow",
                Action: "s3:ListBucket",
                Resource: bucketArn,
                Condition: { StringLike: { "s3:prefix": [DOCUMENTS_PREFIX, `${DOCUMENTS_PREFIX}*`] } },
            },
            {
                Sid: "DocumentEncryption",
                Effect: "Allow",
                Action: ["kms:GenerateDataKey", "kms:Decrypt"],
                Resource: s3KeyArn,
                Condition: { StringEquals: { "kms:ViaService": `s3.${region}.amazonaws.com` } },
            },
        );
    }
    return statements;
}

/**
 * The secrets a service's role may read: its own path `platform/<env>/<service>/*` (application secrets its
 * team adds) and, when it uses Redis, the one Redis credentials secret. That secret is shared by every Redis
 * service on purpose: ElastiCache has one AUTH token (or one application RBAC user), so a per-service copy
 * would be the same credential under several names. Nothing else: not the RDS master secret (only the
 * database bootstrap reads it), not another service's path.
 */
export function serviceSecretArns(args: {
    service: string;
    dataStores: readonly DataStoreName[];
    environment: string;
    secretsRegion: string;
    accountId: string;
    redisCredentialsSecretArn?: string;
}): string[] {
    const arns = [serviceSecretsArnPattern({ region: args.secretsRegion, accountId: args.accountId, environment: args.environment, service: args.service })];
    if (args.dataStores.includes("redis") && args.redisCredentialsSecretArn) {
        arns.push(args.redisCredentialsSecretArn);
    }
    return arns;
}

export interface ServiceEnvironmentInputs {
    environment: string;
    region: string;
    service: string;
    dataStores: readonly DataStoreName[];
    postgres?: { address: string; port: number; databaseName: string };
    redis?: { primaryEndpoint: string; readerEndpoint: string; port: number };
    /** The SRV connection string for the service's region. */
    atlas?: { connectionString: string };
    documents?: { bucketName: string };
}

/** Non-secret 12-factor settings, only for the stores the service uses. No credential ever goes here. */
export function serviceEnvironment(inputs: ServiceEnvironmentInputs): Record<string, string> {
    const env: Record<string, string> = {
        APP_ENV: inputs.environment,
        SERVICE_NAME: inputs.service,
        AWS_REGION: inputs.region,
        AWS_DEFAULT_REGION: inputs.region,
    };
    const uses = (store: DataStoreName) => inputs.dataStores.includes(store);
    if (uses("postgres") && inputs.postgres) {
        Object.assign(env, {
            POSTGRES_HOST: inputs.postgres.address,
            POSTGRES_PORT: String(inputs.postgres.port),
            POSTGRES_DB: inputs.postgres.databaseName,
            POSTGRES_SSLMODE: "verify-full",
            // Login with an IAM token (rds-db:connect) as the role and schema the database bootstrap created.
            POSTGRES_IAM_USER: inputs.service,
            POSTGRES_SCHEMA: inputs.service,
        });
    }
    if (uses("redis") && inputs.redis) {
        Object.assign(env, {
            REDIS_HOST: inputs.redis.primaryEndpoint,
            REDIS_READER_HOST: inputs.redis.readerEndpoint,
            REDIS_PORT: String(inputs.redis.port),
            REDIS_TLS: "true",
        });
    }
    if (uses("atlas") && inputs.atlas) {
        Object.assign(env, {
            MONGODB_HOST: mongoHost(inputs.atlas.connectionString),
            MONGODB_URI: mongoIamUri(inputs.atlas.connectionString, inputs.service),
            MONGODB_DATABASE: inputs.service,
            MONGODB_AUTH_MECHANISM: "MONGODB-AWS",
        });
    }
    if (uses("documents") && inputs.documents) {
        Object.assign(env, { DOCUMENTS_BUCKET: inputs.documents.bucketName, DOCUMENTS_PREFIX });
    }
    return env;
}

export interface ExternalSecretDataEntry {
    secretKey: string;
    remoteRef: { key: string; property: string };
}

/**
 * The credentials a service receives: only Redis's (token, or RBAC user and password). Postgres is reached
 * with an IAM token (`rds-db:connect`) as the role the database bootstrap created for the service, Atlas
 * with the service's IAM role, S3 through IRSA: none of them needs a secret in the service's namespace.
 */
export function serviceSecretData(inputs: { dataStores: readonly DataStoreName[]; redisCredentialsSecretArn?: string; redisUsesRbac: boolean }): ExternalSecretDataEntry[] {
    const data: ExternalSecretDataEntry[] = [];
    if (inputs.dataStores.includes("redis") && inputs.redisCredentialsSecretArn) {
        const key = inputs.redisCredentialsSecretArn;
        if (inputs.redisUsesRbac) {
            data.push({ secretKey: "REDIS_USERNAME", remoteRef: { key, property: REDIS_SECRET_KEYS.username } });
        }
        data.push({ secretKey: "REDIS_PASSWORD", remoteRef: { key, property: REDIS_SECRET_KEYS.password } });
    }
    return data;
}

/** Whether a service gets an ExternalSecret at all, decided from config alone (before any output resolves). */
export function needsCredentials(dataStores: readonly DataStoreName[], available: { redis: boolean }): boolean {
    return dataStores.includes("redis") && available.redis;
}

/** Name of the ConfigMap of a service's 12-factor settings. */
export function serviceConfigMapName(service: string): string {
    return `${service}-config`;
}

/** Name of the Kubernetes Secret (and ExternalSecret) holding a service's credentials. */
export function credentialsSecretName(service: string): string {
    return `${service}-credentials`;
}

export function externalSecretSpec(args: { storeName: string; refreshInterval: string; targetName: string; data: ExternalSecretDataEntry[] }): Record<string, unknown> {
    return {
        refreshInterval: args.refreshInterval,
        // The namespace's own store: it can read only what this service's role may read.
        secretStoreRef: { kind: "SecretStore", name: args.storeName },
        // Owner: the Secret is deleted with the ExternalSecret, so removing a store removes its credentials.
        target: { name: args.targetName, creationPolicy: "Owner" },
        data: args.data,
    };
}

/** Picks, per store, the region's own instance or, when the region has none (a standby region), the primary's. */
export function dataStoresForRegion(own: RegionalDataStores, primary: RegionalDataStores): RegionalDataStores {
    return { ...own, postgres: own.postgres ?? primary.postgres, redis: own.redis ?? primary.redis };
}

export interface ServiceAccessArgs {
    environment: string;
    accountId: string;
    region: string;
    /**
     * Region the SecretStores and roles read secrets in: the region itself (the platform's secrets are replicated
     * to every secondary region, so a standby reads its own replicas and keeps working while the primary is down).
     */
    secretsRegion: string;
    /** The data CMK of the secrets region, which encrypts the platform's secrets (or their replicas) there. */
    dataKeyArn: pulumi.Input<string>;
    services: Record<string, ServiceConfig>;
    /** Namespace per service, from the Kubernetes baseline. */
    namespaces: Record<string, pulumi.Output<string>>;
    oidcProviderArn: pulumi.Input<string>;
    oidcProviderUrl: pulumi.Input<string>;
    dataStores: RegionalDataStores;
    /** The region's S3 key, which encrypts the documents bucket. */
    s3KeyArn: pulumi.Input<string>;
    redisUsesRbac: boolean;
    /** The operator's refresh interval, and what must exist first (its Helm release, which brings the CRDs). */
    externalSecrets: { refreshInterval: string; ready: pulumi.Resource[] };
    atlas?: {
        provider: mongodbatlas.Provider;
        projectId: pulumi.Input<string>;
        clusterName: pulumi.Input<string>;
        connectionString: pulumi.Input<string | undefined>;
    };
    /** The region's queues, for the services configured with one, and the region's data key that encrypts them. */
    queues: { byService: Partial<Record<string, ServiceQueueOutputs>>; dataKeyArn: pulumi.Input<string> };
}

export class ServiceAccess extends pulumi.ComponentResource {
    readonly roleArns: Record<string, pulumi.Output<string>>;
    /** Per service, the Secret its ExternalSecret writes (its credentials), or undefined when it receives none. */
    readonly credentialsSecretNames: Record<string, string | undefined> = {};

    /** opts.providers: the region's AWS provider and the cluster's Kubernetes provider. */
    constructor(name: string, args: ServiceAccessArgs, opts?: pulumi.ComponentResourceOptions) {
        super("platform:secrets:ServiceAccess", name, {}, opts);
        const roleArns = {} as Record<string, pulumi.Output<string>>;
        for (const [service, settings] of Object.entries(args.services) as Array<[string, ServiceConfig]>) {
            roleArns[service] = this.createService(name, service, settings.dataStores, args);
        }
        this.roleArns = roleArns;
        this.registerOutputs({ roleArns });
    }

    private createService(name: string, service: string, dataStores: DataStoreName[], args: ServiceAccessArgs): pulumi.Output<string> {
        const parent = { parent: this };
        const prefix = `${name}-${service}`;
        const namespace = args.namespaces[service];
        const { postgres, redis, buckets } = args.dataStores;
        const queue = args.queues.byService[service];
        const queueStatements = queue
            ? pulumi.all([queue.arn, queue.deadLetterArn, args.queues.dataKeyArn]).apply(([queueArn, deadLetterQueueArn, dataKeyArn]) =>
                  queueAccessStatements({ queueArn, deadLetterQueueArn, dataKeyArn, region: args.region }),
              )
            : pulumi.output<PolicyStatement[]>([]);
        const queueSettings = queue
            ? pulumi.all([queue.url, queue.deadLetterUrl]).apply(([queueUrl, deadLetterQueueUrl]) => queueEnvironment({ queueUrl, deadLetterQueueUrl }))
            : pulumi.output<Record<string, string>>({});

        // The Redis credentials as the secrets region holds them: the replica there (the secret itself in the primary).
        const redisSecretArn = pulumi.output(redis?.authTokenSecretArn).apply((arn) => (arn === undefined ? undefined : replicaSecretArn(arn, args.secretsRegion)));

        const role = new aws.iam.Role(
            `${prefix}-role`,
            {
                description: `${service} (${args.environment}, ${args.region}) through IRSA`,
                assumeRolePolicy: pulumi
                    .all([args.oidcProviderArn, args.oidcProviderUrl])
                    .apply(([arn, url]) => JSON.stringify(irsaTrustPolicy({ oidcProviderArn: arn, oidcIssuerUrl: url, namespace: service, serviceAccounts: [service] }))),
                tags: resourceTags(service, "internal"),
            },
            parent,
        );
        new aws.iam.RolePolicy(
            `${prefix}-policy`,
            {
                role: role.id,
                policy: pulumi
                    .all([postgres?.instanceArn, postgres?.resourceId, buckets.documents.arn, args.s3KeyArn, args.dataKeyArn, redisSecretArn, queueStatements])
                    .apply(([instanceArn, resourceId, bucketArn, s3KeyArn, dataKeyArn, redisCredentialsSecretArn, ownQueue]) =>
                        JSON.stringify(
                            policyDocument([
                                ...servicePolicyStatements({
                                    service,
                                    dataStores,
                                    postgres: instanceArn && resourceId ? { instanceArn, resourceId } : undefined,
                                    documents: { bucketArn, s3KeyArn, region: args.region },
                                }),
                                ...secretReadStatements({
                                    secretArns: serviceSecretArns({
                                        service,
                                        dataStores,
                                        environment: args.environment,
                                        secretsRegion: args.secretsRegion,
                                        accountId: args.accountId,
                                        redisCredentialsSecretArn,
                                    }),
                                    dataKeyArn,
                                    secretsRegion: args.secretsRegion,
                                }),
                                ...ownQueue,
                            ]),
                        ),
                    ),
            },
            parent,
        );

        const serviceAccount = new k8s.core.v1.ServiceAccount(
            `${prefix}-sa`,
            {
                metadata: {
                    name: service,
                    namespace,
                    labels: { "platform/service": service },
                    annotations: { "eks.amazonaws.com/role-arn": role.arn, "eks.amazonaws.com/sts-regional-endpoints": "true" },
                },
                // IRSA mounts its own projected token; pods get no Kubernetes API token unless they ask.
                automountServiceAccountToken: false,
            },
            parent,
        );

        // The namespace's store authenticates as the service's own ServiceAccount: no shared identity.
        const store = new k8s.apiextensions.CustomResource(
            `${prefix}-secret-store`,
            secretStoreManifest({ namespace, region: args.secretsRegion, serviceAccount: service, labels: { "platform/service": service } }),
            // The SecretStore CRD comes with the operator's Helm release.
            { ...parent, dependsOn: [...args.externalSecrets.ready, serviceAccount] },
        );

        new k8s.core.v1.ConfigMap(
            `${prefix}-config`,
            {
                metadata: { name: serviceConfigMapName(service), namespace, labels: { "platform/service": service } },
                data: pulumi
                    .all([postgres?.address, postgres?.port, redis?.primaryEndpoint, redis?.readerEndpoint, args.atlas?.connectionString, buckets.documents.bucketName, queueSettings])
                    .apply(([address, port, primaryEndpoint, readerEndpoint, connectionString, bucketName, ownQueue]) => ({
                        ...serviceEnvironment({
                            environment: args.environment,
                            region: args.region,
                            service,
                            dataStores,
                            postgres: postgres && address !== undefined && port !== undefined ? { address, port, databaseName: postgres.databaseName } : undefined,
                            redis: redis && primaryEndpoint !== undefined ? { primaryEndpoint, readerEndpoint: readerEndpoint ?? primaryEndpoint, port: redis.port } : undefined,
                            atlas: connectionString ? { connectionString } : undefined,
                            documents: { bucketName },
                        }),
                        ...ownQueue,
                    })),
            },
            parent,
        );

        if (needsCredentials(dataStores, { redis: redis !== undefined })) {
            const targetName = credentialsSecretName(service);
            this.credentialsSecretNames[service] = targetName;
            new k8s.apiextensions.CustomResource(
                `${prefix}-credentials`,
                {
                    apiVersion: EXTERNAL_SECRETS_API_VERSION,
                    kind: "ExternalSecret",
                    metadata: { name: targetName, namespace, labels: { "platform/service": service } },
                    spec: redisSecretArn.apply((redisCredentialsSecretArn) =>
                        externalSecretSpec({
                            storeName: SECRET_STORE_NAME,
                            refreshInterval: args.externalSecrets.refreshInterval,
                            targetName,
                            data: serviceSecretData({ dataStores, redisCredentialsSecretArn, redisUsesRbac: args.redisUsesRbac }),
                        }),
                    ),
                },
                { ...parent, dependsOn: [...args.externalSecrets.ready, store] },
            );
        }

        if (dataStores.includes("atlas")) {
            if (!args.atlas) {
                throw new Error(`service ${service} uses atlas, but the platform has no Atlas cluster`);
            }
            const atlas = args.atlas;
            new mongodbatlas.DatabaseUser(
                `${prefix}-atlas-user`,
                { projectId: atlas.projectId, ...atlasDatabaseUserArgs({ service, roleArn: role.arn, clusterName: atlas.clusterName, environment: args.environment }) },
                { ...parent, provider: atlas.provider },
            );
        }
        return role.arn;
    }
}
