/**
 * The Postgres master password when the stack owns it (`postgres.masterUserManagement: stack`, required for
 * cross-region replicas: RDS refuses a replica of a source whose password it manages). The password is a
 * `random` result, wrapped as a secret; it lives in a Secrets Manager secret of ours, encrypted with the data
 * key, replicated (under each region's own data key) to every region holding a replica, so after a promotion
 * the replica's master password is already readable in its region. AWS's single-user PostgreSQL rotation
 * function, deployed from the Serverless Application Repository into the database subnets, rotates it.
 *
 * The secret is deliberately outside `platform/<env>/`, the path the shared External Secrets role may read:
 * only the database bootstrap's role is granted it.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { PostgresConfig } from "../../config/sections/datastores/postgres";
import { resourceTags } from "../../lib/tags";
import type { PostgresOutputs } from "./dataStores";

/** JSON keys of the master secret that the bootstrap reads (both modes; RDS's managed secret has only these two). */
export const POSTGRES_MASTER_SECRET_KEYS = { username: "username", password: "password" } as const;

/** AWS's single-user rotation function for RDS PostgreSQL (Serverless Application Repository, aws partition). */
export const ROTATION_APPLICATION_ID = "arn:aws:serverlessrepo:us-east-1:297356227824:applications/SecretsManagerRDSPostgreSQLRotationSingleUser";
/** The application creates an IAM role for its function and a resource policy letting Secrets Manager invoke it. */
export const ROTATION_APPLICATION_CAPABILITIES = ["CAPABILITY_IAM", "CAPABILITY_RESOURCE_POLICY"];
/** The application's output naming the deployed function. */
export const ROTATION_LAMBDA_OUTPUT = "RotationLambdaARN";
/** Lambda function names are limited to 64 characters. */
const LAMBDA_NAME_MAX_LENGTH = 64;

export function masterSecretName(environment: string, identifier: string): string {
    return `rds-master/${environment}/${identifier}`;
}

export function rotationFunctionName(identifier: string): string {
    const name = `${identifier}-master-rotation`;
    if (name.length > LAMBDA_NAME_MAX_LENGTH) {
        throw new Error(`rotation function name ${name} is longer than ${LAMBDA_NAME_MAX_LENGTH} characters`);
    }
    return name;
}

/**
 * The secret value in the format the rotation function reads: it requires engine ("postgres"), host,
 * username and password, and takes dbname and port (aws-samples/aws-secrets-manager-rotation-lambdas,
 * SecretsManagerRDSPostgreSQLRotationSingleUser).
 */
export function masterSecretValue(args: { host: string; port: number; username: string; password: string; dbname: string }): Record<string, string | number> {
    return {
        engine: "postgres",
        host: args.host,
        port: args.port,
        [POSTGRES_MASTER_SECRET_KEYS.username]: args.username,
        [POSTGRES_MASTER_SECRET_KEYS.password]: args.password,
        dbname: args.dbname,
    };
}

/**
 * Parameters of the rotation application (those aws-cdk-lib's SecretRotation passes): the Secrets Manager
 * endpoint (its private DNS name resolves to the VPC's interface endpoint), the function's name, its VPC
 * placement, and the key the secret is encrypted with, which the function's role may then use.
 */
export function rotationApplicationParameters(args: {
    region: string;
    functionName: string;
    subnetIds: string[];
    securityGroupId: string;
    kmsKeyArn: string;
}): Record<string, string> {
    return {
        endpoint: `https://secretsmanager.${args.region}.amazonaws.com`,
        functionName: args.functionName,
        vpcSubnetIds: args.subnetIds.join(","),
        vpcSecurityGroupIds: args.securityGroupId,
        kmsKeyArn: args.kmsKeyArn,
    };
}

export interface PostgresMasterSecretArgs {
    environment: string;
    region: string;
    /** The primary instance's identifier. */
    identifier: string;
    username: string;
    /** The generated password the instance was created with (a secret output). */
    password: pulumi.Input<string>;
    host: pulumi.Input<string>;
    port: pulumi.Input<number>;
    databaseName: string;
    /** Data key of the primary region. */
    keyArn: pulumi.Input<string>;
    /** Regions holding a replica, each with its own data key: the secret is replicated there. */
    replicaRegions: Array<{ region: string; keyArn: pulumi.Input<string> }>;
    rotation: { afterDays: number; applicationVersion: string; subnetIds: pulumi.Input<string>[]; securityGroupId: pulumi.Input<string> };
    protect: boolean;
}

export class PostgresMasterSecret extends pulumi.ComponentResource {
    readonly arn: pulumi.Output<string>;
    readonly rotationFunctionArn: pulumi.Output<string>;

    /** opts.provider: the primary region's AWS provider. */
    constructor(name: string, args: PostgresMasterSecretArgs, opts?: pulumi.ComponentResourceOptions) {
        super("platform:datastores:PostgresMasterSecret", name, {}, opts);
        const parent = { parent: this };
        const tags = resourceTags("postgres", "confidential");

        const secret = new aws.secretsmanager.Secret(
            `${name}-secret`,
            {
                name: masterSecretName(args.environment, args.identifier),
                description: `Master credentials of ${args.identifier} (generated by the stack, rotated by Secrets Manager)`,
                kmsKeyId: args.keyArn,
                replicas: args.replicaRegions.map((r) => ({ region: r.region, kmsKeyId: r.keyArn })),
                recoveryWindowInDays: args.protect ? 30 : 7,
                tags,
            },
            { ...parent, protect: args.protect },
        );
        this.arn = secret.arn;
        new aws.secretsmanager.SecretVersion(
            `${name}-initial`,
            {
                secretId: secret.id,
                secretString: pulumi.secret(
                    pulumi
                        .all([args.host, args.port, args.password])
                        .apply(([host, port, password]) => JSON.stringify(masterSecretValue({ host, port, username: args.username, password, dbname: args.databaseName }))),
                ),
            },
            // Rotation moves AWSCURRENT to a new version: the stack must never move it back to this one.
            { ...parent, ignoreChanges: ["secretString", "versionStages"] },
        );

        const functionName = rotationFunctionName(args.identifier);
        const application = new aws.serverlessrepository.CloudFormationStack(
            `${name}-rotation-function`,
            {
                name: `${args.identifier}-master-rotation`,
                applicationId: ROTATION_APPLICATION_ID,
                semanticVersion: args.rotation.applicationVersion,
                capabilities: ROTATION_APPLICATION_CAPABILITIES,
                parameters: pulumi
                    .all([pulumi.all(args.rotation.subnetIds), args.rotation.securityGroupId, args.keyArn])
                    .apply(([subnetIds, securityGroupId, kmsKeyArn]) =>
                        rotationApplicationParameters({ region: args.region, functionName, subnetIds, securityGroupId, kmsKeyArn }),
                    ),
                tags,
            },
            parent,
        );
        this.rotationFunctionArn = application.outputs.apply((outputs) => {
            const arn = outputs?.[ROTATION_LAMBDA_OUTPUT];
            if (!arn) {
                throw new Error(`${name}: the rotation application has no ${ROTATION_LAMBDA_OUTPUT} output`);
            }
            return arn;
        });
        new aws.secretsmanager.SecretRotation(
            `${name}-rotation`,
            {
                secretId: secret.id,
                rotationLambdaArn: this.rotationFunctionArn,
                rotationRules: { automaticallyAfterDays: args.rotation.afterDays },
                // The bootstrap Job reads the first password; the first rotation follows the schedule.
                rotateImmediately: false,
            },
            parent,
        );
        this.registerOutputs({ arn: this.arn, rotationFunctionArn: this.rotationFunctionArn });
    }
}

/**
 * The master secret the bootstrap reads, in the primary region: RDS's managed one, or (generated password)
 * ours, created here once every replica region's data key exists. `keyArn` is the key that encrypts it there.
 */
export function createMasterSecret(args: {
    environment: string;
    settings: PostgresConfig;
    protect: boolean;
    primary: { region: string; prefix: string; provider: aws.Provider; dataKeyArn: pulumi.Input<string>; postgres: PostgresOutputs };
    replicaRegions: Array<{ region: string; keyArn: pulumi.Input<string> }>;
}): { arn: pulumi.Output<string>; keyArn: pulumi.Input<string> } {
    const { postgres } = args.primary;
    if (postgres.masterUserSecretArn) {
        return { arn: postgres.masterUserSecretArn, keyArn: args.primary.dataKeyArn };
    }
    if (!postgres.generatedMaster) {
        throw new Error(`${postgres.identifier}: neither an RDS-managed nor a generated master password`);
    }
    const secret = new PostgresMasterSecret(
        `${args.primary.prefix}-postgres-master`,
        {
            environment: args.environment,
            region: args.primary.region,
            identifier: postgres.identifier,
            username: postgres.masterUsername,
            password: postgres.generatedMaster.password,
            host: postgres.address,
            port: postgres.port,
            databaseName: postgres.databaseName,
            keyArn: args.primary.dataKeyArn,
            replicaRegions: args.replicaRegions,
            rotation: {
                afterDays: args.settings.masterRotationDays,
                applicationVersion: args.settings.rotationFunctionVersion,
                subnetIds: postgres.generatedMaster.subnetIds,
                securityGroupId: postgres.generatedMaster.rotationSecurityGroupId,
            },
            protect: args.protect,
        },
        { provider: args.primary.provider },
    );
    return { arn: secret.arn, keyArn: args.primary.dataKeyArn };
}
