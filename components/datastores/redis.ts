/**
 * ElastiCache (Redis OSS or Valkey) replication group: private, reachable only from the EKS cluster,
 * TLS required on every connection, encrypted at rest with the data CMK, clients authenticated by an AUTH
 * token or RBAC users whose generated credentials live in Secrets Manager, Multi-AZ failover when there
 * is a replica, daily snapshots, and slow/engine logs in CMK-encrypted log groups.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import { RedisConfig, RedisEngine } from "../../config/sections/datastores/redis";
import { physicalName } from "../../lib/naming";
import { resourceTags } from "../../lib/tags";
import { secretReplicas, SecretsHome } from "../secrets/secretReplicas";
import { DataStorePlacementArgs } from "./placement";

export const REDIS_PORT = 6379;
/** Replication group and user ids are limited to 40 characters. */
export const ELASTICACHE_ID_MAX_LENGTH = 40;
export const REDIS_TAGS = resourceTags("redis", "confidential");
/** ElastiCache accepts 16-128 printable characters; 64 alphanumerics avoid every character it rejects. */
export const AUTH_TOKEN_LENGTH = 64;
export const REDIS_LOG_TYPES = ["slow-log", "engine-log"] as const;
/** The application user may run everything except wiping the whole keyspace. */
export const APP_USER_ACCESS_STRING = "on ~* &* +@all -flushall -flushdb";
/** ElastiCache requires a user named `default` in every user group; this one can do nothing. */
export const DISABLED_DEFAULT_USER_ACCESS_STRING = "off -@all";
export const APP_USER_NAME = "app";

/**
 * JSON keys of the credentials secret: `password` always (the AUTH token, or the RBAC user's password),
 * `username` only with RBAC.
 */
export const REDIS_SECRET_KEYS = { password: "password", username: "username" } as const;

/** Parameter group family from engine and version: (`redis`, `7.1`) -> `redis7`, (`valkey`, `8.0`) -> `valkey8`. */
export function redisParameterGroupFamily(engine: RedisEngine, engineVersion: string): string {
    const major = /^(\d+)\.\d+$/.exec(engineVersion)?.[1];
    if (!major) {
        throw new Error(`"${engineVersion}" is not an ElastiCache engine version like 7.1`);
    }
    return `${engine}${major}`;
}

/** Secrets Manager name of the credentials, under the environment's `platform/<env>/` path that External Secrets may read. */
export function redisSecretName(environment: string, region: string): string {
    return `platform/${environment}/${region}/redis/credentials`;
}

export function redisLogGroupName(replicationGroupId: string, logType: string): string {
    return `/platform/elasticache/${replicationGroupId}/${logType}`;
}

/** The generated-password settings both auth modes use: long, alphanumeric, every character class present. */
export function generatedPasswordArgs(): random.RandomPasswordArgs {
    return { length: AUTH_TOKEN_LENGTH, special: false, minUpper: 4, minLower: 4, minNumeric: 4 };
}

export interface RedisArgs extends DataStorePlacementArgs {
    environment: string;
    region: string;
    /** Physical replication group id (at most 40 characters). */
    replicationGroupId: string;
    settings: RedisConfig;
    /**
     * Where the credentials secret is created: the platform keeps every secret in the primary region, replicated
     * to each secondary region under its own data key (each region's External Secrets reads its own replica),
     * so a secondary region's cache puts its secret in the primary too, and it is readable in every region.
     */
    secretsHome: SecretsHome;
}

export class Redis extends pulumi.ComponentResource {
    readonly replicationGroup: aws.elasticache.ReplicationGroup;
    readonly primaryEndpoint: pulumi.Output<string>;
    readonly readerEndpoint: pulumi.Output<string>;
    readonly port = REDIS_PORT;
    readonly credentialsSecretArn: pulumi.Output<string>;
    readonly securityGroupId: pulumi.Output<string>;

    constructor(name: string, args: RedisArgs, opts?: pulumi.ComponentResourceOptions) {
        super("platform:datastores:Redis", name, {}, opts);
        const parent = { parent: this };
        const settings = args.settings;
        const id = args.replicationGroupId;

        const securityGroup = new aws.ec2.SecurityGroup(
            `${name}-sg`,
            {
                vpcId: args.vpcId,
                description: `${settings.engine} ${id}: ${REDIS_PORT} from the EKS cluster only`,
                ingress: [
                    {
                        protocol: "tcp",
                        fromPort: REDIS_PORT,
                        toPort: REDIS_PORT,
                        securityGroups: args.clientSecurityGroupIds,
                        description: `${settings.engine} from EKS nodes and pods`,
                    },
                ],
                egress: [],
                tags: { ...REDIS_TAGS, Name: `${id}-redis` },
            },
            parent,
        );
        const subnetGroup = new aws.elasticache.SubnetGroup(
            `${name}-subnets`,
            { description: `Private subnets of ${id}`, subnetIds: args.subnetIds, tags: REDIS_TAGS },
            parent,
        );
        const parameterGroup = new aws.elasticache.ParameterGroup(
            `${name}-params`,
            {
                family: redisParameterGroupFamily(settings.engine, settings.engineVersion),
                description: `${id}: eviction policy`,
                parameters: [{ name: "maxmemory-policy", value: settings.maxmemoryPolicy }],
                tags: REDIS_TAGS,
            },
            parent,
        );
        const logGroups = REDIS_LOG_TYPES.map(
            (logType) =>
                new aws.cloudwatch.LogGroup(
                    `${name}-${logType}`,
                    { name: redisLogGroupName(id, logType), retentionInDays: args.logRetentionDays, kmsKeyId: args.logsKeyArn, tags: REDIS_TAGS },
                    parent,
                ),
        );

        const secret = new aws.secretsmanager.Secret(
            `${name}-credentials`,
            {
                name: redisSecretName(args.environment, args.region),
                description: `Credentials of ${settings.engine} ${id} (${settings.authMode === "rbac" ? "RBAC user" : "AUTH token"})`,
                kmsKeyId: args.secretsHome.keyArn,
                replicas: secretReplicas(args.secretsHome),
                // A deleted secret stays recoverable: 30 days where data is protected, the 7-day minimum elsewhere.
                recoveryWindowInDays: args.protect ? 30 : 7,
                tags: REDIS_TAGS,
            },
            { ...parent, provider: args.secretsHome.provider, protect: args.protect },
        );
        this.credentialsSecretArn = secret.arn;

        let authentication: Pick<aws.elasticache.ReplicationGroupArgs, "authToken" | "authTokenUpdateStrategy" | "userGroupIds">;
        let credentialsJson: pulumi.Output<string>;
        if (settings.authMode === "rbac") {
            const appPassword = new random.RandomPassword(`${name}-app-password`, generatedPasswordArgs(), parent);
            const defaultPassword = new random.RandomPassword(`${name}-default-password`, generatedPasswordArgs(), parent);
            const user = (suffix: string, userName: string, accessString: string, password: random.RandomPassword) =>
                new aws.elasticache.User(
                    `${name}-${suffix}-user`,
                    {
                        userId: physicalName([id, suffix], ELASTICACHE_ID_MAX_LENGTH),
                        userName,
                        engine: settings.engine,
                        accessString,
                        authenticationMode: { type: "password", passwords: [pulumi.secret(password.result)] },
                        tags: REDIS_TAGS,
                    },
                    parent,
                );
            const appUser = user("app", APP_USER_NAME, APP_USER_ACCESS_STRING, appPassword);
            const defaultUser = user("default", "default", DISABLED_DEFAULT_USER_ACCESS_STRING, defaultPassword);
            const userGroup = new aws.elasticache.UserGroup(
                `${name}-users`,
                { userGroupId: id, engine: settings.engine, userIds: [defaultUser.userId, appUser.userId], tags: REDIS_TAGS },
                parent,
            );
            authentication = { userGroupIds: [userGroup.userGroupId] };
            credentialsJson = pulumi.jsonStringify({ [REDIS_SECRET_KEYS.username]: APP_USER_NAME, [REDIS_SECRET_KEYS.password]: appPassword.result });
        } else {
            const token = new random.RandomPassword(`${name}-auth-token`, generatedPasswordArgs(), parent);
            // ROTATE keeps the old token valid alongside a new one until clients have picked it up.
            authentication = { authToken: pulumi.secret(token.result), authTokenUpdateStrategy: "ROTATE" };
            credentialsJson = pulumi.jsonStringify({ [REDIS_SECRET_KEYS.password]: token.result });
        }
        new aws.secretsmanager.SecretVersion(
            `${name}-credentials-version`,
            { secretId: secret.id, secretString: pulumi.secret(credentialsJson) },
            { ...parent, provider: args.secretsHome.provider },
        );

        const failover = settings.automaticFailover;
        this.replicationGroup = new aws.elasticache.ReplicationGroup(
            `${name}-group`,
            {
                replicationGroupId: id,
                description: `${args.environment} ${args.region} ${settings.engine} (TLS, auth, encrypted)`,
                engine: settings.engine,
                engineVersion: settings.engineVersion,
                nodeType: settings.nodeType,
                numCacheClusters: settings.numCacheClusters,
                port: REDIS_PORT,
                parameterGroupName: parameterGroup.name,
                subnetGroupName: subnetGroup.name,
                securityGroupIds: [securityGroup.id],
                atRestEncryptionEnabled: true,
                kmsKeyId: args.dataKeyArn,
                transitEncryptionEnabled: true,
                transitEncryptionMode: "required",
                ...authentication,
                automaticFailoverEnabled: failover,
                multiAzEnabled: failover,
                snapshotRetentionLimit: settings.snapshotRetentionDays,
                snapshotWindow: settings.snapshotWindow,
                maintenanceWindow: settings.maintenanceWindow,
                finalSnapshotIdentifier: args.protect ? `${id}-final` : undefined,
                autoMinorVersionUpgrade: true,
                applyImmediately: false,
                logDeliveryConfigurations: REDIS_LOG_TYPES.map((logType, i) => ({
                    destinationType: "cloudwatch-logs",
                    destination: logGroups[i].name,
                    logFormat: "json",
                    logType,
                })),
                tags: { ...REDIS_TAGS, Name: id },
            },
            { ...parent, protect: args.protect },
        );
        this.primaryEndpoint = this.replicationGroup.primaryEndpointAddress;
        this.readerEndpoint = this.replicationGroup.readerEndpointAddress;
        this.securityGroupId = securityGroup.id;
        this.registerOutputs({
            primaryEndpoint: this.primaryEndpoint,
            readerEndpoint: this.readerEndpoint,
            credentialsSecretArn: this.credentialsSecretArn,
            securityGroupId: this.securityGroupId,
        });
    }
}
