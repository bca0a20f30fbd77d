/**
 * ElastiCache (Redis OSS or Valkey) replication group: private, reachable only from the EKS cluster,
 * TLS required on every connection, encrypted at rest with the data CMK, clients authenticated by an AUTH
 * token or RBAC users whose generated credentials live in Secrets Manager, Multi-AZ failover when there
 * is a replica, daily snapshots, and slow/engine logs in CMK-encrypted log groups.
 *
 * With `redis.globalDatastore` the primary region's group becomes the primary member of an ElastiCache global
 * datastore (created here) and each secondary region's group a read-only secondary member: it sets none of the
 * fields the global datastore dictates (engine, version, node type, parameter group, encryption flags, AUTH) and
 * keeps only its own region's placement, data key, snapshots and logs. Its credentials secret holds the primary's
 * AUTH token, which the members share.
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

/**
 * Replication group arguments a secondary member of a global datastore may not set: the provider refuses them next
 * to `globalReplicationGroupId` (terraform-provider-aws `ConflictsWith` of `global_replication_group_id`:
 * num_node_groups, parameter_group_name, engine, engine_version, node_type, security_group_names,
 * transit_encryption_enabled, transit_encryption_mode, at_rest_encryption_enabled, snapshot_arns, snapshot_name),
 * and the AUTH settings, which the member inherits with the primary's token.
 */
export const GLOBAL_SECONDARY_FORBIDDEN_ARGS = [
    "numNodeGroups",
    "parameterGroupName",
    "engine",
    "engineVersion",
    "nodeType",
    "securityGroupNames",
    "transitEncryptionEnabled",
    "transitEncryptionMode",
    "atRestEncryptionEnabled",
    "snapshotArns",
    "snapshotName",
    "authToken",
    "authTokenUpdateStrategy",
    "userGroupIds",
] as const satisfies ReadonlyArray<keyof aws.elasticache.ReplicationGroupArgs>;

/** A secondary member's arguments: the regional group's without what the global datastore dictates, joined to it. */
export function secondaryMemberArgs(args: aws.elasticache.ReplicationGroupArgs, globalReplicationGroupId: pulumi.Input<string>): aws.elasticache.ReplicationGroupArgs {
    const member: aws.elasticache.ReplicationGroupArgs = { ...args, globalReplicationGroupId };
    for (const key of GLOBAL_SECONDARY_FORBIDDEN_ARGS) {
        delete member[key];
    }
    return member;
}

/** The global datastore's suffix (ElastiCache prefixes it per region, e.g. `ldgnf-` in us-east-1): `platform-prod-redis`. */
export function globalDatastoreSuffix(environment: string): string {
    return `platform-${environment}-redis`;
}

/** A region's part in a global datastore: the primary creates it, a secondary joins it with the primary's token. */
export type GlobalDatastoreMembership =
    | { role: "primary"; suffix: string }
    | { role: "secondary"; globalReplicationGroupId: pulumi.Input<string>; authToken: pulumi.Input<string> };

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
    /** With `redis.globalDatastore`: this group's membership (config validation guarantees token auth). */
    globalDatastore?: GlobalDatastoreMembership;
}

export class Redis extends pulumi.ComponentResource {
    readonly replicationGroup: aws.elasticache.ReplicationGroup;
    readonly primaryEndpoint: pulumi.Output<string>;
    readonly readerEndpoint: pulumi.Output<string>;
    readonly port = REDIS_PORT;
    readonly credentialsSecretArn: pulumi.Output<string>;
    readonly securityGroupId: pulumi.Output<string>;
    /** The global datastore this group is the primary member of (created here), when it is one. */
    readonly globalReplicationGroup?: aws.elasticache.GlobalReplicationGroup;
    /** The AUTH token (secret) the clients use; a global datastore's secondary members share the primary's. */
    readonly authToken?: pulumi.Output<string>;

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
        const membership = args.globalDatastore;
        const secondary = membership?.role === "secondary" ? membership : undefined;
        // A secondary member gets the global datastore's parameter group (ElastiCache copies the primary's).
        const parameterGroup = secondary
            ? undefined
            : new aws.elasticache.ParameterGroup(
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
        } else if (secondary) {
            // The member authenticates with the global datastore's (the primary's) token: its secret holds that one.
            authentication = {};
            this.authToken = pulumi.secret(pulumi.output(secondary.authToken));
            credentialsJson = pulumi.jsonStringify({ [REDIS_SECRET_KEYS.password]: secondary.authToken });
        } else {
            const token = new random.RandomPassword(`${name}-auth-token`, generatedPasswordArgs(), parent);
            // ROTATE keeps the old token valid alongside a new one until clients have picked it up.
            authentication = { authToken: pulumi.secret(token.result), authTokenUpdateStrategy: "ROTATE" };
            this.authToken = pulumi.secret(token.result);
            credentialsJson = pulumi.jsonStringify({ [REDIS_SECRET_KEYS.password]: token.result });
        }
        new aws.secretsmanager.SecretVersion(
            `${name}-credentials-version`,
            { secretId: secret.id, secretString: pulumi.secret(credentialsJson) },
            { ...parent, provider: args.secretsHome.provider },
        );

        const failover = settings.automaticFailover;
        const groupArgs: aws.elasticache.ReplicationGroupArgs = {
            replicationGroupId: id,
            description: `${args.environment} ${args.region} ${settings.engine} (TLS, auth, encrypted)`,
            engine: settings.engine,
            engineVersion: settings.engineVersion,
            nodeType: settings.nodeType,
            numCacheClusters: settings.numCacheClusters,
            port: REDIS_PORT,
            parameterGroupName: parameterGroup?.name,
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
        };
        this.replicationGroup = new aws.elasticache.ReplicationGroup(`${name}-group`, secondary ? secondaryMemberArgs(groupArgs, secondary.globalReplicationGroupId) : groupArgs, {
            ...parent,
            protect: args.protect,
            // In a global datastore the members' failover flag keeps showing a diff (terraform-provider-aws#47644) and the
            // node type is scaled on the global datastore, not per member.
            ignoreChanges: membership ? ["automaticFailoverEnabled", "nodeType"] : undefined,
        });
        if (membership?.role === "primary") {
            this.globalReplicationGroup = new aws.elasticache.GlobalReplicationGroup(
                `${name}-global`,
                {
                    globalReplicationGroupIdSuffix: membership.suffix,
                    globalReplicationGroupDescription: `${args.environment} ${settings.engine}: primary ${id} in ${args.region} (TLS, AUTH, encrypted)`,
                    primaryReplicationGroupId: this.replicationGroup.id,
                    // Upgrades and scaling go through the global datastore, which applies them to every member.
                    engine: settings.engine,
                    engineVersion: settings.engineVersion,
                    cacheNodeType: settings.nodeType,
                },
                {
                    ...parent,
                    protect: args.protect,
                    // After a failover outside Pulumi (runbook) the primary member changes; without this Pulumi would
                    // replace the global datastore (terraform-provider-aws#46121).
                    ignoreChanges: ["primaryReplicationGroupId"],
                },
            );
        }
        this.primaryEndpoint = this.replicationGroup.primaryEndpointAddress;
        this.readerEndpoint = this.replicationGroup.readerEndpointAddress;
        this.securityGroupId = securityGroup.id;
        this.registerOutputs({
            globalReplicationGroupId: this.globalReplicationGroup?.globalReplicationGroupId,
            primaryEndpoint: this.primaryEndpoint,
            readerEndpoint: this.readerEndpoint,
            credentialsSecretArn: this.credentialsSecretArn,
            securityGroupId: this.securityGroupId,
        });
    }
}
