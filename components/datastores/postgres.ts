/**
 * RDS for PostgreSQL: an encrypted, private instance reachable only from the EKS cluster, with automated
 * backups (point-in-time recovery), a rotating master password in Secrets Manager (RDS-managed, or generated
 * by the stack when replicas need it: see postgresMasterSecret.ts), IAM database authentication, Performance Insights and Enhanced Monitoring, logs in CMK-encrypted log groups, and
 * deletion protection plus a final snapshot where the stack protects its data.
 * The same component builds a cross-region read replica when `replicaOf` is given.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import { PostgresConfig } from "../../config/sections/datastores/postgres";
import { serviceTrustPolicy } from "../../lib/iam";
import { resourceTags } from "../../lib/tags";
import { DataStorePlacementArgs } from "./placement";

export const POSTGRES_PORT = 5432;
/** Both log types RDS for PostgreSQL can publish: server log and major-version upgrade log. */
export const POSTGRES_LOG_EXPORTS = ["postgresql", "upgrade"] as const;
export const ENHANCED_MONITORING_POLICY_ARN = "arn:aws:iam::aws:policy/service-role/AmazonRDSEnhancedMonitoringRole";
export const POSTGRES_TAGS = resourceTags("postgres", "pii");

/** Parameter group family from the engine version: `17` or `17.5` -> `postgres17`. */
export function postgresParameterGroupFamily(engineVersion: string): string {
    const major = /^(\d+)(\.\d+)?$/.exec(engineVersion)?.[1];
    if (!major) {
        throw new Error(`"${engineVersion}" is not a PostgreSQL version like 17 or 17.5`);
    }
    return `postgres${major}`;
}

export interface DbParameter {
    name: string;
    value: string;
    applyMethod: "immediate" | "pending-reboot";
}

/**
 * Server parameters: TLS is mandatory (and at least 1.2), passwords are hashed with SCRAM, and the log
 * shows slow statements, connections, lock waits, large temp files, DDL and slow autovacuums.
 */
export function postgresParameters(settings: Pick<PostgresConfig, "logMinDurationStatementMs">): DbParameter[] {
    const parameter = (name: string, value: string | number): DbParameter => ({ name, value: String(value), applyMethod: "immediate" });
    return [
        parameter("rds.force_ssl", 1),
        parameter("ssl_min_protocol_version", "TLSv1.2"),
        parameter("password_encryption", "scram-sha-256"),
        parameter("log_min_duration_statement", settings.logMinDurationStatementMs),
        parameter("log_connections", 1),
        parameter("log_disconnections", 1),
        parameter("log_lock_waits", 1),
        parameter("log_temp_files", 10240), // kB: temp files of 10 MB or more
        parameter("log_statement", "ddl"),
        parameter("log_autovacuum_min_duration", 10000), // ms
    ];
}

/** The log group RDS writes an exported log type to; created here first so it has retention and a CMK. */
export function rdsLogGroupName(identifier: string, logType: string): string {
    return `/aws/rds/instance/${identifier}/${logType}`;
}

/** Name of the snapshot RDS takes when the instance is deleted. */
export function finalSnapshotIdentifier(identifier: string): string {
    return `${identifier}-final`;
}

/**
 * A generated master password: 64 alphanumerics. RDS rejects `/`, `"`, `@` and spaces; leaving out every
 * special character also keeps it safe in the rotation function's JSON and in connection strings.
 */
export function masterPasswordArgs(): random.RandomPasswordArgs {
    return { length: 64, special: false, minUpper: 4, minLower: 4, minNumeric: 4 };
}

/** Security group of the master-password rotation function: it reaches Postgres and the VPC's Secrets Manager endpoint, nothing else. */
export function rotationFunctionEgress(vpcCidr: string): aws.types.input.ec2.SecurityGroupEgress[] {
    return [
        { protocol: "tcp", fromPort: POSTGRES_PORT, toPort: POSTGRES_PORT, cidrBlocks: [vpcCidr], description: "PostgreSQL in the VPC" },
        { protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: [vpcCidr], description: "Secrets Manager and KMS interface endpoints" },
    ];
}

export interface PostgresArgs extends DataStorePlacementArgs {
    accountId: string;
    /** Physical DB instance identifier, unique per account and region. */
    identifier: string;
    settings: PostgresConfig;
    /** Make this a cross-region read replica of the given instance (ARN) instead of a primary. */
    replicaOf?: { sourceInstanceArn: pulumi.Input<string> };
    /** The VPC's range (the rotation function's egress, with a generated master password). */
    vpcCidr: string;
    /** Extra tags on the instance: the AWS Backup plan selects by them (components/dr/backup.ts). */
    backupTags?: Record<string, string>;
    /** AWS Backup runs continuous backup of this instance: it then owns the retention and window. */
    continuousBackupByAwsBackup?: boolean;
}

export class Postgres extends pulumi.ComponentResource {
    readonly instance: aws.rds.Instance;
    readonly endpoint: pulumi.Output<string>;
    readonly address: pulumi.Output<string>;
    readonly port: pulumi.Output<number>;
    readonly instanceArn: pulumi.Output<string>;
    readonly resourceId: pulumi.Output<string>;
    readonly securityGroupId: pulumi.Output<string>;
    /** ARN of the RDS-managed master secret; undefined for a replica and with a generated password. */
    readonly masterUserSecretArn?: pulumi.Output<string>;
    /** With `masterUserManagement: stack` (primary only): the password and the rotation function's security group. */
    readonly generatedMaster?: { password: pulumi.Output<string>; rotationSecurityGroupId: pulumi.Output<string> };

    constructor(name: string, args: PostgresArgs, opts?: pulumi.ComponentResourceOptions) {
        super("platform:datastores:Postgres", name, {}, opts);
        const parent = { parent: this };
        const settings = args.settings;
        const isReplica = args.replicaOf !== undefined;
        const generatesPassword = !isReplica && settings.masterUserManagement === "stack";

        // Created before the database's group, which admits it; its own egress names CIDRs, so there is no cycle.
        const rotationSecurityGroup = generatesPassword
            ? new aws.ec2.SecurityGroup(
                  `${name}-rotation-sg`,
                  {
                      vpcId: args.vpcId,
                      description: `Master password rotation function of ${args.identifier}: PostgreSQL and Secrets Manager only`,
                      ingress: [],
                      egress: rotationFunctionEgress(args.vpcCidr),
                      tags: { ...POSTGRES_TAGS, Name: `${args.identifier}-rotation` },
                  },
                  parent,
              )
            : undefined;
        const securityGroup = new aws.ec2.SecurityGroup(
            `${name}-sg`,
            {
                vpcId: args.vpcId,
                description: `PostgreSQL ${args.identifier}: ${POSTGRES_PORT} from the EKS cluster only`,
                ingress: [
                    {
                        protocol: "tcp",
                        fromPort: POSTGRES_PORT,
                        toPort: POSTGRES_PORT,
                        securityGroups: args.clientSecurityGroupIds,
                        description: "PostgreSQL from EKS nodes and pods",
                    },
                    ...(rotationSecurityGroup
                        ? [
                              {
                                  protocol: "tcp",
                                  fromPort: POSTGRES_PORT,
                                  toPort: POSTGRES_PORT,
                                  securityGroups: [rotationSecurityGroup.id],
                                  description: "PostgreSQL from the master password rotation function",
                              },
                          ]
                        : []),
                ],
                egress: [], // the database initiates nothing
                tags: { ...POSTGRES_TAGS, Name: `${args.identifier}-postgres` },
            },
            parent,
        );
        const subnetGroup = new aws.rds.SubnetGroup(
            `${name}-subnets`,
            { description: `Isolated database subnets of ${args.identifier}`, subnetIds: args.subnetIds, tags: POSTGRES_TAGS },
            parent,
        );
        const parameterGroup = new aws.rds.ParameterGroup(
            `${name}-params`,
            {
                family: postgresParameterGroupFamily(settings.engineVersion),
                description: `${args.identifier}: TLS only, SCRAM passwords, slow-query and connection logging`,
                parameters: postgresParameters(settings),
                tags: POSTGRES_TAGS,
            },
            parent,
        );

        const monitoringRole = new aws.iam.Role(
            `${name}-monitoring-role`,
            {
                description: `Enhanced Monitoring of ${args.identifier}`,
                assumeRolePolicy: JSON.stringify(serviceTrustPolicy("monitoring.rds.amazonaws.com", args.accountId)),
                tags: POSTGRES_TAGS,
            },
            parent,
        );
        const monitoringPolicy = new aws.iam.RolePolicyAttachment(
            `${name}-monitoring-policy`,
            { role: monitoringRole.name, policyArn: ENHANCED_MONITORING_POLICY_ARN },
            parent,
        );

        // RDS would create these itself, unencrypted and kept forever; owning them sets the CMK and retention.
        const logGroups = POSTGRES_LOG_EXPORTS.map(
            (logType) =>
                new aws.cloudwatch.LogGroup(
                    `${name}-${logType}-logs`,
                    {
                        name: rdsLogGroupName(args.identifier, logType),
                        retentionInDays: args.logRetentionDays,
                        kmsKeyId: args.logsKeyArn,
                        tags: POSTGRES_TAGS,
                    },
                    parent,
                ),
        );

        const common: aws.rds.InstanceArgs = {
            identifier: args.identifier,
            instanceClass: settings.instanceClass,
            storageType: "gp3",
            maxAllocatedStorage: settings.maxAllocatedStorageGiB,
            storageEncrypted: true,
            kmsKeyId: args.dataKeyArn,
            multiAz: settings.multiAz,
            dbSubnetGroupName: subnetGroup.name,
            vpcSecurityGroupIds: [securityGroup.id],
            publiclyAccessible: false,
            port: POSTGRES_PORT,
            parameterGroupName: parameterGroup.name,
            iamDatabaseAuthenticationEnabled: true,
            caCertIdentifier: settings.caCertIdentifier,
            backupRetentionPeriod: settings.backupRetentionDays,
            backupWindow: settings.backupWindow,
            maintenanceWindow: settings.maintenanceWindow,
            copyTagsToSnapshot: true,
            deletionProtection: settings.deletionProtection,
            // Keep automated backups (and so point-in-time restore) after the instance is deleted; they expire with the retention.
            deleteAutomatedBackups: false,
            performanceInsightsEnabled: true,
            performanceInsightsKmsKeyId: args.dataKeyArn,
            performanceInsightsRetentionPeriod: settings.performanceInsightsRetentionDays,
            monitoringInterval: settings.monitoringIntervalSeconds,
            monitoringRoleArn: monitoringRole.arn,
            enabledCloudwatchLogsExports: [...POSTGRES_LOG_EXPORTS],
            autoMinorVersionUpgrade: true,
            allowMajorVersionUpgrade: false,
            applyImmediately: false,
            tags: { ...POSTGRES_TAGS, ...args.backupTags, Name: args.identifier },
        };
        const password = generatesPassword ? new random.RandomPassword(`${name}-master-password`, masterPasswordArgs(), parent) : undefined;
        const masterPassword: Partial<aws.rds.InstanceArgs> = password
            ? // The stack's own secret (postgresMasterSecret.ts) stores and rotates it; RDS must not manage it, or it refuses replicas.
              { manageMasterUserPassword: false, password: pulumi.secret(password.result) }
            : // RDS generates the password, keeps it in Secrets Manager under the data CMK and rotates it.
              { manageMasterUserPassword: true, masterUserSecretKmsKeyId: args.dataKeyArn };
        const instanceArgs: aws.rds.InstanceArgs = isReplica
            ? {
                  ...common,
                  // A replica copies engine, version, database, master user and storage size from its source.
                  replicateSourceDb: args.replicaOf!.sourceInstanceArn,
                  // RDS refuses a final snapshot of a read replica; the source keeps the backups.
                  skipFinalSnapshot: true,
              }
            : {
                  ...common,
                  engine: settings.engine,
                  engineVersion: settings.engineVersion,
                  allocatedStorage: settings.allocatedStorageGiB,
                  dbName: settings.databaseName,
                  username: settings.masterUsername,
                  ...masterPassword,
                  skipFinalSnapshot: !args.protect,
                  finalSnapshotIdentifier: args.protect ? finalSnapshotIdentifier(args.identifier) : undefined,
              };

        this.instance = new aws.rds.Instance(`${name}-instance`, instanceArgs, {
            ...parent,
            protect: args.protect,
            dependsOn: [...logGroups, monitoringPolicy],
            ignoreChanges: nonEmpty([
                // After the first rotation the database's password is the secret's, not the one generated here.
                ...(password ? ["password"] : []),
                // AWS Backup's continuous backup takes over the retention and window (crossplane-contrib/provider-aws#1357).
                ...(args.continuousBackupByAwsBackup ? ["backupRetentionPeriod", "backupWindow"] : []),
            ]),
        });
        this.endpoint = this.instance.endpoint;
        this.address = this.instance.address;
        this.port = this.instance.port;
        this.instanceArn = this.instance.arn;
        this.resourceId = this.instance.resourceId;
        this.securityGroupId = securityGroup.id;
        if (password && rotationSecurityGroup) {
            this.generatedMaster = { password: pulumi.secret(password.result), rotationSecurityGroupId: rotationSecurityGroup.id };
        } else if (!isReplica) {
            this.masterUserSecretArn = this.instance.masterUserSecrets.apply((secrets) => {
                if (!secrets || secrets.length === 0) {
                    throw new Error(`${args.identifier}: RDS returned no master user secret although manageMasterUserPassword is true`);
                }
                return secrets[0].secretArn;
            });
        }
        this.registerOutputs({
            endpoint: this.endpoint,
            instanceArn: this.instanceArn,
            resourceId: this.resourceId,
            securityGroupId: this.securityGroupId,
        });
    }
}

function nonEmpty(list: string[]): string[] | undefined {
    return list.length > 0 ? list : undefined;
}
