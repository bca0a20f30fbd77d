/**
 * MongoDB Atlas: a project, a dedicated replica-set cluster with continuous backup (point-in-time restore)
 * and a cloud backup schedule, encryption at rest with the primary region's data CMK through Atlas's
 * cloud-provider access role, TLS 1.2+ with server-side JavaScript off, auditing of logins and user, role
 * and schema changes, and network access only through PrivateLink (an interface endpoint per region) or
 * the NAT gateways' addresses. Services log in with their IAM roles (see serviceAccess.ts); there are no
 * database passwords.
 *
 * Atlas API credentials come from the environment (MONGODB_ATLAS_PUBLIC_KEY / MONGODB_ATLAS_PRIVATE_KEY,
 * or MONGODB_ATLAS_CLIENT_ID / MONGODB_ATLAS_CLIENT_SECRET), never from stack files.
 */
import * as aws from "@pulumi/aws";
import * as mongodbatlas from "@pulumi/mongodbatlas";
import * as pulumi from "@pulumi/pulumi";
import { AtlasBackupConfig, AtlasConfig, atlasRegionName } from "../../config/sections/datastores/atlas";
import { policyDocument, PolicyDocument } from "../../lib/iam";
import { resourceTags } from "../../lib/tags";

export { atlasRegionName } from "../../config/sections/datastores/atlas";

/** Atlas's PrivateLink endpoint service maps one port per node from this range; the endpoint's security group must admit it. */
export const ATLAS_PRIVATE_LINK_PORTS = { from: 1024, to: 65535 } as const;

/** Priority of the primary region's electable nodes; secondary regions count down from 6. */
const PRIMARY_PRIORITY = 7;

/** The database IAM-authenticated users live in (Atlas's name for external authentication). */
export const ATLAS_EXTERNAL_AUTH_DATABASE = "$external";

/** Default project and cluster name: `platform-<env>`. */
export function atlasDefaultName(environment: string): string {
    return `platform-${environment}`;
}

export interface AtlasRegionPlacement {
    /** AWS region name, e.g. us-east-1. */
    name: string;
    role: "primary" | "secondary";
}

/** The AWS regions the cluster has nodes in: the primary, plus every secondary when replicating. Primary first. */
export function atlasClusterRegions(config: Pick<AtlasConfig, "replicateToSecondaryRegions">, regions: AtlasRegionPlacement[]): AtlasRegionPlacement[] {
    const primary = regions.filter((r) => r.role === "primary");
    const secondaries = config.replicateToSecondaryRegions ? regions.filter((r) => r.role === "secondary") : [];
    return [...primary, ...secondaries];
}

/**
 * The cluster's single replication spec: electable nodes in the primary region at priority 7 and, when
 * replicating, electable nodes (priority 6, 5, ...) and/or read-only nodes in each secondary region.
 */
export function atlasReplicationSpecs(
    config: Pick<
        AtlasConfig,
        "instanceSize" | "diskSizeGb" | "electableNodes" | "replicateToSecondaryRegions" | "secondaryElectableNodes" | "secondaryReadOnlyNodes" | "autoScaling"
    >,
    regions: AtlasRegionPlacement[],
): mongodbatlas.types.input.AdvancedClusterReplicationSpec[] {
    const specs = (nodeCount: number) => ({
        instanceSize: config.instanceSize,
        nodeCount,
        ...(config.diskSizeGb !== undefined ? { diskSizeGb: config.diskSizeGb } : {}),
    });
    const autoScaling = {
        computeEnabled: config.autoScaling.computeEnabled,
        computeScaleDownEnabled: config.autoScaling.computeEnabled,
        ...(config.autoScaling.computeEnabled ? { computeMinInstanceSize: config.instanceSize, computeMaxInstanceSize: config.autoScaling.computeMaxInstanceSize } : {}),
        diskGbEnabled: config.autoScaling.diskGbEnabled,
    };
    const regionConfigs = atlasClusterRegions(config, regions).map((region, index) => {
        const isPrimary = region.role === "primary";
        const electable = isPrimary ? config.electableNodes : config.secondaryElectableNodes;
        const readOnly = isPrimary ? 0 : config.secondaryReadOnlyNodes;
        return {
            providerName: "AWS",
            regionName: atlasRegionName(region.name),
            // Read-only-only regions take no part in elections: Atlas wants priority 0 there.
            priority: electable > 0 ? PRIMARY_PRIORITY - index : 0,
            ...(electable > 0 ? { electableSpecs: specs(electable) } : {}),
            ...(readOnly > 0 ? { readOnlySpecs: specs(readOnly) } : {}),
            autoScaling,
        };
    });
    return [{ regionConfigs }];
}

/** Hardened server parameters: TLS floor from config, no server-side JavaScript, the default cipher set. */
export function atlasAdvancedConfiguration(config: Pick<AtlasConfig, "minimumTlsProtocol">): mongodbatlas.types.input.AdvancedClusterAdvancedConfiguration {
    return { minimumEnabledTlsProtocol: config.minimumTlsProtocol, javascriptEnabled: false, tlsCipherConfigMode: "DEFAULT" };
}

/** Atlas's "last day of the month" for monthly snapshots; 7 is Sunday for weekly ones. */
const MONTHLY_LAST_DAY = 40;
const WEEKLY_SUNDAY = 7;

/** Snapshot policy items and the point-in-time restore window, from config. */
export function atlasBackupPolicy(backup: AtlasBackupConfig): Pick<
    mongodbatlas.CloudBackupScheduleArgs,
    "restoreWindowDays" | "referenceHourOfDay" | "referenceMinuteOfHour" | "policyItemHourly" | "policyItemDaily" | "policyItemWeeklies" | "policyItemMonthlies"
> {
    return {
        restoreWindowDays: backup.restoreWindowDays,
        referenceHourOfDay: backup.referenceHourOfDay,
        referenceMinuteOfHour: 0,
        policyItemHourly: { frequencyInterval: backup.hourlyFrequencyHours, retentionUnit: "days", retentionValue: backup.hourlyRetentionDays },
        policyItemDaily: { frequencyInterval: 1, retentionUnit: "days", retentionValue: backup.dailyRetentionDays },
        policyItemWeeklies: [{ frequencyInterval: WEEKLY_SUNDAY, retentionUnit: "weeks", retentionValue: backup.weeklyRetentionWeeks }],
        policyItemMonthlies: [{ frequencyInterval: MONTHLY_LAST_DAY, retentionUnit: "months", retentionValue: backup.monthlyRetentionMonths }],
    };
}

/** Copies of every snapshot and of the oplog to each target region, so point-in-time restore works there too. */
export function atlasBackupCopySettings(targetAwsRegions: string[], zoneId: string): mongodbatlas.types.input.CloudBackupScheduleCopySetting[] {
    return targetAwsRegions.map((region) => ({
        cloudProvider: "AWS",
        regionName: atlasRegionName(region),
        zoneId,
        frequencies: ["HOURLY", "DAILY", "WEEKLY", "MONTHLY", "ON_DEMAND"],
        shouldCopyOplogs: true,
    }));
}

/**
 * Database audit filter: every authentication, user and role change, and schema change (DDL). Reads and
 * writes are left out on purpose: auditing them costs throughput and the services' access is by IAM role.
 */
export function atlasAuditFilter(): string {
    return JSON.stringify({
        atype: {
            $in: [
                "authenticate",
                "logout",
                "createUser",
                "dropUser",
                "dropAllUsersFromDatabase",
                "updateUser",
                "grantRolesToUser",
                "revokeRolesFromUser",
                "createRole",
                "updateRole",
                "dropRole",
                "dropAllRolesFromDatabase",
                "grantRolesToRole",
                "revokeRolesFromRole",
                "grantPrivilegesToRole",
                "revokePrivilegesFromRole",
                "createDatabase",
                "dropDatabase",
                "createCollection",
                "dropCollection",
                "renameCollection",
                "createIndex",
                "dropIndex",
                "shutdown",
            ],
        },
    });
}

/** Trust for the role Atlas assumes to reach KMS: only Atlas's AWS account, and only with the project's external id. */
export function atlasCloudProviderTrustPolicy(atlasAwsAccountArn: string, externalId: string): PolicyDocument {
    return policyDocument([
        {
            Effect: "Allow",
            Principal: { AWS: atlasAwsAccountArn },
            Action: "sts:AssumeRole",
            Condition: { StringEquals: { "sts:ExternalId": externalId } },
        },
    ]);
}

/** What Atlas needs on the customer key (encrypt/decrypt its database keys, check the key), on that key only. */
export function atlasKmsAccessPolicy(keyArn: string): PolicyDocument {
    return policyDocument([{ Sid: "AtlasEncryptionAtRest", Effect: "Allow", Action: ["kms:Encrypt", "kms:Decrypt", "kms:DescribeKey"], Resource: keyArn }]);
}

/**
 * A database user for a service's IAM role: no password, authenticated by AWS IAM (MONGODB-AWS), with
 * read/write on the service's own database only, on this cluster only.
 */
export function atlasDatabaseUserArgs(args: {
    service: string;
    roleArn: pulumi.Input<string>;
    clusterName: pulumi.Input<string>;
    environment: string;
}): Omit<mongodbatlas.DatabaseUserArgs, "projectId"> {
    return {
        username: args.roleArn,
        awsIamType: "ROLE",
        authDatabaseName: ATLAS_EXTERNAL_AUTH_DATABASE,
        roles: [{ roleName: "readWrite", databaseName: args.service }],
        scopes: [{ name: args.clusterName, type: "CLUSTER" }],
        labels: [
            { key: "env", value: args.environment },
            { key: "service", value: args.service },
        ],
        description: `${args.service} (${args.environment}) via its IAM role`,
    };
}

/** The connection-string fields the platform reads from the cluster. */
export interface AtlasConnectionStrings {
    standardSrv?: string;
    privateEndpoints?: Array<{ srvConnectionString?: string; endpoints?: Array<{ endpointId?: string }> }>;
}

/**
 * The SRV connection string a workload should use: the private-endpoint-aware one for its region's
 * interface endpoint when PrivateLink is used, the public one (reachable only from the access list) otherwise.
 */
export function atlasConnectionString(strings: AtlasConnectionStrings | undefined, vpcEndpointId?: string): string | undefined {
    if (vpcEndpointId !== undefined) {
        const match = (strings?.privateEndpoints ?? []).find((pe) => (pe.endpoints ?? []).some((e) => e.endpointId === vpcEndpointId));
        return match?.srvConnectionString;
    }
    return strings?.standardSrv;
}

/** `mongodb+srv://host.mongodb.net/...` -> `host.mongodb.net`. */
export function mongoHost(connectionString: string): string {
    return connectionString.replace(/^mongodb(\+srv)?:\/\//, "").split(/[/?]/)[0];
}

/** A credential-free URI for IAM authentication against one database (drivers take the role from the IRSA token). */
export function mongoIamUri(connectionString: string, database: string): string {
    const base = connectionString.replace(/\/+$/, "").split("?")[0];
    return `${base}/${database}?authSource=%24external&authMechanism=MONGODB-AWS&retryWrites=true&w=majority`;
}

/** One AWS region's view of the platform, as Atlas needs it. */
export interface AtlasAwsRegion extends AtlasRegionPlacement {
    /** `prod-use1`, prefix of the region's resource names. */
    prefix: string;
    provider: aws.Provider;
    vpcId: pulumi.Input<string>;
    vpcCidr: string;
    privateSubnetIds: pulumi.Input<string>[];
    natPublicIps: pulumi.Input<string>[];
}

export interface AtlasArgs {
    config: AtlasConfig;
    environment: string;
    owner: string;
    costCenter: string;
    /** Every configured region, primary included. */
    regions: AtlasAwsRegion[];
    /** The primary region's data CMK: Atlas encrypts its database keys with it. */
    dataKeyArn: pulumi.Input<string>;
    dataKeyId: pulumi.Input<string>;
    /** Protect the project, cluster and encryption settings from deletion (pulumi protect, termination protection per config). */
    protect: boolean;
}

/** The Atlas provider, configured only by environment variables so no credential ever reaches a stack file. */
export function createAtlasProvider(name: string, opts?: pulumi.CustomResourceOptions): mongodbatlas.Provider {
    return new mongodbatlas.Provider(name, {}, opts);
}

export class Atlas extends pulumi.ComponentResource {
    readonly provider: mongodbatlas.Provider;
    readonly projectId: pulumi.Output<string>;
    readonly clusterName: pulumi.Output<string>;
    readonly connectionStrings: pulumi.Output<AtlasConnectionStrings>;
    /** Interface endpoint id per AWS region (PrivateLink only). */
    readonly vpcEndpointIds: Record<string, pulumi.Output<string>>;
    /** The IAM role Atlas assumes to use the data key. */
    readonly kmsAccessRoleArn: pulumi.Output<string>;

    /** opts.providers must include the Atlas provider and the primary region's AWS provider. */
    constructor(name: string, args: AtlasArgs, atlasProvider: mongodbatlas.Provider, opts?: pulumi.ComponentResourceOptions) {
        super("platform:datastores:Atlas", name, {}, opts);
        const parent = { parent: this };
        const { config } = args;
        this.provider = atlasProvider;
        const primary = args.regions.find((r) => r.role === "primary");
        if (!primary) {
            throw new Error("Atlas needs a primary region");
        }
        const atlasTags = { env: args.environment, owner: args.owner, "cost-center": args.costCenter, ...resourceTags("atlas", "pii") };
        const defaultName = atlasDefaultName(args.environment);
        const stateful = { ...parent, protect: args.protect };

        const projectId: pulumi.Output<string> =
            config.projectId !== undefined
                ? pulumi.output(config.projectId)
                : new mongodbatlas.Project(
                      `${name}-project`,
                      { name: config.projectName ?? defaultName, orgId: config.orgId!, withDefaultAlertsSettings: true, tags: atlasTags },
                      stateful,
                  ).id;
        this.projectId = projectId;

        const { encryption, roleArn } = this.createEncryptionAtRest(name, args, primary, projectId, atlasTags);
        this.kmsAccessRoleArn = roleArn;

        new mongodbatlas.Auditing(`${name}-auditing`, { projectId, enabled: true, auditFilter: atlasAuditFilter(), auditAuthorizationSuccess: false }, parent);

        const clusterRegions = new Set(atlasClusterRegions(config, args.regions).map((r) => r.name));
        const vpcEndpointIds: Record<string, pulumi.Output<string>> = {};
        const endpointServices: pulumi.Resource[] = [];
        if (config.networkAccess === "privateLink") {
            for (const region of args.regions.filter((r) => clusterRegions.has(r.name))) {
                const { vpcEndpointId, endpointService } = this.createPrivateLink(name, region, projectId);
                vpcEndpointIds[region.name] = vpcEndpointId;
                endpointServices.push(endpointService);
            }
        } else {
            this.createNatAccessList(name, args.regions, projectId);
        }
        config.accessListCidrs.forEach((cidrBlock, i) => {
            new mongodbatlas.ProjectIpAccessList(`${name}-access-${i}`, { projectId, cidrBlock, comment: `platform:atlas.accessListCidrs[${i}]` }, parent);
        });
        this.vpcEndpointIds = vpcEndpointIds;

        const cluster = new mongodbatlas.AdvancedCluster(
            `${name}-cluster`,
            {
                projectId,
                name: config.clusterName ?? defaultName,
                clusterType: "REPLICASET",
                mongoDbMajorVersion: config.mongoDbMajorVersion,
                versionReleaseSystem: "LTS",
                replicationSpecs: atlasReplicationSpecs(config, args.regions),
                useEffectiveFields: true,
                backupEnabled: true,
                pitEnabled: true,
                retainBackupsEnabled: args.protect,
                encryptionAtRestProvider: "AWS",
                advancedConfiguration: atlasAdvancedConfiguration(config),
                redactClientLogData: true,
                terminationProtectionEnabled: config.terminationProtection,
                tags: atlasTags,
            },
            // The private-endpoint connection strings exist only once the endpoints are linked.
            { ...stateful, dependsOn: [encryption, ...endpointServices] },
        );
        this.clusterName = cluster.name;
        this.connectionStrings = cluster.connectionStrings;

        const copyTargets = config.backup.copyToSecondaryRegions ? args.regions.filter((r) => r.role === "secondary").map((r) => r.name) : [];
        new mongodbatlas.CloudBackupSchedule(
            `${name}-backup-schedule`,
            {
                projectId,
                clusterName: cluster.name,
                ...atlasBackupPolicy(config.backup),
                ...(copyTargets.length > 0
                    ? { copySettings: cluster.replicationSpecs.apply((specs) => atlasBackupCopySettings(copyTargets, specs?.[0]?.zoneId ?? "")) }
                    : {}),
            },
            parent,
        );

        this.registerOutputs({ projectId, clusterName: this.clusterName, vpcEndpointIds, kmsAccessRoleArn: this.kmsAccessRoleArn });
    }

    /**
     * The SRV connection string for workloads in `awsRegion`: its own interface endpoint with PrivateLink (the
     * primary region's when the cluster has no nodes, hence no endpoint, there), the public SRV otherwise.
     */
    connectionStringFor(awsRegion: string): pulumi.Output<string | undefined> {
        const endpointId: pulumi.Input<string | undefined> = this.vpcEndpointIds[awsRegion] ?? Object.values(this.vpcEndpointIds)[0];
        return pulumi.all([this.connectionStrings, endpointId]).apply(([strings, id]) => atlasConnectionString(strings, id));
    }

    /** Cloud-provider access (an IAM role Atlas assumes) and project encryption at rest with the data CMK. */
    private createEncryptionAtRest(
        name: string,
        args: AtlasArgs,
        primary: AtlasAwsRegion,
        projectId: pulumi.Output<string>,
        atlasTags: Record<string, string>,
    ): { encryption: mongodbatlas.EncryptionAtRest; roleArn: pulumi.Output<string> } {
        const parent = { parent: this };
        const setup = new mongodbatlas.CloudProviderAccessSetup(`${name}-aws-access`, { projectId, providerName: "AWS" }, parent);
        const role = new aws.iam.Role(
            `${name}-kms-role`,
            {
                description: `MongoDB Atlas (${args.environment}): encryption at rest with the data key`,
                assumeRolePolicy: setup.awsConfigs.apply((configs) => {
                    const awsConfig = configs?.[0];
                    return JSON.stringify(atlasCloudProviderTrustPolicy(awsConfig?.atlasAwsAccountArn ?? "", awsConfig?.atlasAssumedRoleExternalId ?? ""));
                }),
                tags: atlasTags,
            },
            { ...parent, protect: args.protect },
        );
        const rolePolicy = new aws.iam.RolePolicy(
            `${name}-kms-policy`,
            { role: role.id, policy: pulumi.output(args.dataKeyArn).apply((arn) => JSON.stringify(atlasKmsAccessPolicy(arn))) },
            parent,
        );
        // Atlas checks the role can be assumed when authorizing, so the policy must exist first.
        const authorization = new mongodbatlas.CloudProviderAccessAuthorization(
            `${name}-aws-access-authorization`,
            { projectId, roleId: setup.roleId, aws: { iamAssumedRoleArn: role.arn } },
            { ...parent, dependsOn: [rolePolicy] },
        );
        const encryption = new mongodbatlas.EncryptionAtRest(
            `${name}-encryption-at-rest`,
            {
                projectId,
                awsKmsConfig: {
                    enabled: true,
                    customerMasterKeyId: args.dataKeyId,
                    region: atlasRegionName(primary.name),
                    roleId: authorization.roleId,
                },
            },
            { ...parent, protect: args.protect },
        );
        return { encryption, roleArn: role.arn };
    }

    /** Atlas endpoint service in the region, an interface endpoint in the private subnets, and the link between them. */
    private createPrivateLink(
        name: string,
        region: AtlasAwsRegion,
        projectId: pulumi.Output<string>,
    ): { vpcEndpointId: pulumi.Output<string>; endpointService: mongodbatlas.PrivateLinkEndpointService } {
        const parent = { parent: this };
        const regional = { parent: this, provider: region.provider };
        const endpoint = new mongodbatlas.PrivateLinkEndpoint(
            `${name}-${region.prefix}-privatelink`,
            { projectId, providerName: "AWS", region: atlasRegionName(region.name) },
            parent,
        );
        const securityGroup = new aws.ec2.SecurityGroup(
            `${name}-${region.prefix}-privatelink-sg`,
            {
                vpcId: region.vpcId,
                description: "MongoDB Atlas PrivateLink: Atlas node ports from inside the VPC only",
                ingress: [
                    {
                        protocol: "tcp",
                        fromPort: ATLAS_PRIVATE_LINK_PORTS.from,
                        toPort: ATLAS_PRIVATE_LINK_PORTS.to,
                        cidrBlocks: [region.vpcCidr],
                        description: "MongoDB from the VPC through the Atlas endpoint",
                    },
                ],
                egress: [],
                tags: { Name: `${name}-${region.prefix}-privatelink`, ...resourceTags("atlas", "pii") },
            },
            regional,
        );
        const vpcEndpoint = new aws.ec2.VpcEndpoint(
            `${name}-${region.prefix}-privatelink-endpoint`,
            {
                vpcId: region.vpcId,
                serviceName: endpoint.endpointServiceName,
                vpcEndpointType: "Interface",
                subnetIds: region.privateSubnetIds,
                securityGroupIds: [securityGroup.id],
                // Atlas publishes the endpoint-aware host names itself; private DNS is for AWS services.
                privateDnsEnabled: false,
                tags: { Name: `${name}-${region.prefix}-atlas`, ...resourceTags("atlas", "pii") },
            },
            regional,
        );
        const endpointService = new mongodbatlas.PrivateLinkEndpointService(
            `${name}-${region.prefix}-privatelink-link`,
            { projectId, privateLinkId: endpoint.privateLinkId, endpointServiceId: vpcEndpoint.id, providerName: "AWS" },
            parent,
        );
        return { vpcEndpointId: vpcEndpoint.id, endpointService };
    }

    /** Without PrivateLink: only the NAT gateways' public addresses of every region may connect. */
    private createNatAccessList(name: string, regions: AtlasAwsRegion[], projectId: pulumi.Output<string>): void {
        for (const region of regions) {
            region.natPublicIps.forEach((ipAddress, i) => {
                new mongodbatlas.ProjectIpAccessList(
                    `${name}-${region.prefix}-nat-${i}`,
                    { projectId, ipAddress, comment: `NAT gateway ${i} of ${region.prefix}` },
                    { parent: this },
                );
            });
        }
    }
}
