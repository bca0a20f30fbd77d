/**
 * Database bootstrap: the only place the RDS master credentials reach the cluster. A Job in its own namespace
 * (`platform-db`) creates one login role per service that uses Postgres, allowed to sign in only with an IAM
 * token (`rds_iam`, matching each service's `rds-db:connect` grant), and a schema it owns for its tables and
 * migrations. Services themselves never see a password.
 *
 * The master secret (RDS-managed or the stack's own, see postgresMasterSecret.ts) is read through a namespaced
 * SecretStore whose IRSA role is the only principal the platform lets read it: the cluster-wide store used by
 * the service namespaces cannot reach it.
 */
import * as crypto from "crypto";
import * as fs from "fs";
import * as path from "path";
import * as aws from "@pulumi/aws";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { irsaTrustPolicy, policyDocument, PolicyDocument } from "../../lib/iam";
import { resourceTags } from "../../lib/tags";
import { dnsEgressRule, podSecurityLabels } from "../cluster/kubernetesBaseline";
import { EXTERNAL_SECRETS_API_VERSION } from "../secrets/externalSecrets";
import { POSTGRES_PORT } from "./postgres";
import { POSTGRES_MASTER_SECRET_KEYS } from "./postgresMasterSecret";

export const BOOTSTRAP_NAMESPACE = "platform-db";
/** The ServiceAccount External Secrets authenticates as (IRSA) to read the master secret; no pod runs as it. */
export const BOOTSTRAP_SECRETS_SERVICE_ACCOUNT = "postgres-master-reader";
export const BOOTSTRAP_SECRET_STORE = "postgres-master";
/** psql from the official image, pinned to a release (PostgreSQL clients talk to any newer server). */
export const BOOTSTRAP_IMAGE = "public.ecr.aws/docker/library/postgres:16.4-alpine";
/** The `postgres` user of the official Alpine image. */
const POSTGRES_IMAGE_UID = 70;
/** How long the Job may run before Kubernetes stops it (all retries included). */
export const BOOTSTRAP_ACTIVE_DEADLINE_SECONDS = 900;
/** Pulumi waits for the Job to complete; it must outwait the Job's own deadline, or `up` fails first. */
export const BOOTSTRAP_AWAIT_TIMEOUT = `${Math.ceil(BOOTSTRAP_ACTIVE_DEADLINE_SECONDS / 60) + 5}m`;

/**
 * Amazon's RDS global CA bundle (every region's root CAs), vendored: see rds-ca/README.md for source, date
 * and checksum. The Job verifies the server certificate and host name against it (sslmode verify-full)
 * before it sends the master password.
 */
export const RDS_CA_BUNDLE_PATH = path.join(__dirname, "rds-ca", "global-bundle.pem");
export const RDS_CA_MOUNT = "/etc/rds-ca";
export const RDS_CA_FILE = "global-bundle.pem";

export function rdsCaBundle(): string {
    return fs.readFileSync(RDS_CA_BUNDLE_PATH, "utf8");
}

/** The psql invocation: no rc file, stop at the first error, all of it in one transaction. */
export const BOOTSTRAP_PSQL_COMMAND = ["psql", "--no-psqlrc", "--set", "ON_ERROR_STOP=1", "--single-transaction", "--file", "/sql/bootstrap.sql"];

/** Quotes an identifier for SQL (service names are lower-case words; quoting keeps that a guarantee, not a hope). */
function identifier(name: string): string {
    if (!/^[a-z][a-z0-9_-]*$/.test(name)) {
        throw new Error(`"${name}" is not a safe Postgres role name`);
    }
    return `"${name}"`;
}

/** Major version from an engine version (`17`, `17.5`). */
export function postgresMajor(engineVersion: string): number {
    const major = Number(/^(\d+)(\.\d+)?$/.exec(engineVersion)?.[1]);
    if (!Number.isInteger(major) || major <= 0) {
        throw new Error(`"${engineVersion}" is not a PostgreSQL version like 17 or 17.5`);
    }
    return major;
}

/**
 * Idempotent, plain SQL (no psql meta-commands, so any client runs it): per service a login role without a
 * password that authenticates only through IAM, and a schema it owns. Re-running it changes nothing;
 * adding a service adds its role and schema.
 *
 * The RDS master user is not a superuser. Since PostgreSQL 16 a role it creates is granted to it with ADMIN
 * but neither INHERIT nor SET, and `CREATE SCHEMA ... AUTHORIZATION` needs SET ROLE on the owner ("must be
 * able to SET ROLE"): the script grants itself SET (not INHERIT, so it gains no privileges of the service).
 */
export function bootstrapSql(services: string[], engineMajor: number): string {
    const statements = ["REVOKE CREATE ON SCHEMA public FROM PUBLIC;"];
    for (const service of [...services].sort()) {
        const role = identifier(service);
        statements.push(
            `DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_catalog.pg_roles WHERE rolname = '${service}') THEN CREATE ROLE ${role} LOGIN; END IF; END $$;`,
            // Also clears a password someone may have set by hand: IAM tokens only.
            `ALTER ROLE ${role} WITH LOGIN PASSWORD NULL;`,
            `GRANT rds_iam TO ${role};`,
            engineMajor >= 16 ? `GRANT ${role} TO CURRENT_USER WITH INHERIT FALSE, SET TRUE;` : `GRANT ${role} TO CURRENT_USER;`,
            `CREATE SCHEMA IF NOT EXISTS ${role} AUTHORIZATION ${role};`,
            `ALTER ROLE ${role} SET search_path = ${role};`,
        );
    }
    return `${statements.join("\n")}\n`;
}

/** Job name that changes with the SQL, so a changed bootstrap runs again instead of being a no-op update. */
export function bootstrapJobName(sql: string): string {
    return `postgres-bootstrap-${crypto.createHash("sha256").update(sql).digest("hex").slice(0, 8)}`;
}

/**
 * The bootstrap role's permissions: read the master secret and nothing else, and decrypt with the data key
 * only when Secrets Manager does it for that very secret.
 */
export function bootstrapReadPolicy(args: { masterSecretArn: string; keyArn: string; region: string }): PolicyDocument {
    return policyDocument([
        { Sid: "ReadMasterSecret", Effect: "Allow", Action: ["secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"], Resource: args.masterSecretArn },
        {
            Sid: "DecryptMasterSecret",
            Effect: "Allow",
            Action: "kms:Decrypt",
            Resource: args.keyArn,
            Condition: {
                StringEquals: {
                    "kms:ViaService": `secretsmanager.${args.region}.amazonaws.com`,
                    "kms:EncryptionContext:SecretARN": args.masterSecretArn,
                },
            },
        },
    ]);
}

export interface DatabaseBootstrapArgs {
    environment: string;
    /** Region of the database and of its master secret. */
    region: string;
    /** Services that use Postgres: each gets a role and a schema. */
    services: string[];
    engineVersion: string;
    host: pulumi.Input<string>;
    databaseName: string;
    masterSecret: { arn: pulumi.Input<string>; keyArn: pulumi.Input<string> };
    /** CIDRs the Job may reach on 5432: the database subnets, where RDS places the instance. */
    databaseSubnetCidrs: string[];
    oidcProviderArn: pulumi.Input<string>;
    oidcProviderUrl: pulumi.Input<string>;
    externalSecrets: { refreshInterval: string; ready: pulumi.Resource[] };
}

export class DatabaseBootstrap extends pulumi.ComponentResource {
    readonly jobName: string;
    readonly roleArn: pulumi.Output<string>;

    /** opts.providers: the primary region's AWS provider and the cluster's Kubernetes provider. */
    constructor(name: string, args: DatabaseBootstrapArgs, opts?: pulumi.ComponentResourceOptions) {
        super("platform:datastores:DatabaseBootstrap", name, {}, opts);
        const parent = { parent: this };
        const sql = bootstrapSql(args.services, postgresMajor(args.engineVersion));
        this.jobName = bootstrapJobName(sql);

        const role = new aws.iam.Role(
            `${name}-role`,
            {
                description: `Database bootstrap (${args.environment}): read the Postgres master secret`,
                assumeRolePolicy: pulumi.all([args.oidcProviderArn, args.oidcProviderUrl]).apply(([arn, url]) =>
                    JSON.stringify(irsaTrustPolicy({ oidcProviderArn: arn, oidcIssuerUrl: url, namespace: BOOTSTRAP_NAMESPACE, serviceAccounts: [BOOTSTRAP_SECRETS_SERVICE_ACCOUNT] })),
                ),
                tags: resourceTags("database-bootstrap", "confidential"),
            },
            parent,
        );
        new aws.iam.RolePolicy(
            `${name}-read-master-secret`,
            {
                role: role.id,
                policy: pulumi
                    .all([args.masterSecret.arn, args.masterSecret.keyArn])
                    .apply(([masterSecretArn, keyArn]) => JSON.stringify(bootstrapReadPolicy({ masterSecretArn, keyArn, region: args.region }))),
            },
            parent,
        );
        this.roleArn = role.arn;

        const namespace = new k8s.core.v1.Namespace(
            `${name}-ns`,
            { metadata: { name: BOOTSTRAP_NAMESPACE, labels: { ...podSecurityLabels("restricted"), "platform/component": "database-bootstrap" } } },
            parent,
        );
        const ns = namespace.metadata.name;
        new k8s.networking.v1.NetworkPolicy(
            `${name}-netpol`,
            {
                metadata: { name: "bootstrap-egress-only", namespace: ns },
                spec: {
                    podSelector: {},
                    policyTypes: ["Ingress", "Egress"],
                    ingress: [],
                    egress: [dnsEgressRule(), { to: args.databaseSubnetCidrs.map((cidr) => ({ ipBlock: { cidr } })), ports: [{ protocol: "TCP", port: POSTGRES_PORT }] }],
                },
            },
            parent,
        );
        const serviceAccount = new k8s.core.v1.ServiceAccount(
            `${name}-sa`,
            {
                metadata: {
                    name: BOOTSTRAP_SECRETS_SERVICE_ACCOUNT,
                    namespace: ns,
                    annotations: { "eks.amazonaws.com/role-arn": role.arn, "eks.amazonaws.com/sts-regional-endpoints": "true" },
                },
                // External Secrets requests this account's token itself; no pod mounts it.
                automountServiceAccountToken: false,
            },
            parent,
        );
        // Namespaced: only ExternalSecrets in this namespace can use it, whatever the cluster-wide store allows.
        const store = new k8s.apiextensions.CustomResource(
            `${name}-store`,
            {
                apiVersion: EXTERNAL_SECRETS_API_VERSION,
                kind: "SecretStore",
                metadata: { name: BOOTSTRAP_SECRET_STORE, namespace: ns },
                spec: {
                    provider: {
                        aws: { service: "SecretsManager", region: args.region, auth: { jwt: { serviceAccountRef: { name: BOOTSTRAP_SECRETS_SERVICE_ACCOUNT } } } },
                    },
                },
            },
            { ...parent, dependsOn: [...args.externalSecrets.ready, serviceAccount] },
        );
        const credentials = new k8s.apiextensions.CustomResource(
            `${name}-master-credentials`,
            {
                apiVersion: EXTERNAL_SECRETS_API_VERSION,
                kind: "ExternalSecret",
                metadata: { name: "postgres-master", namespace: ns },
                spec: {
                    refreshInterval: args.externalSecrets.refreshInterval,
                    secretStoreRef: { kind: "SecretStore", name: BOOTSTRAP_SECRET_STORE },
                    target: { name: "postgres-master", creationPolicy: "Owner" },
                    data: [
                        { secretKey: "PGUSER", remoteRef: { key: args.masterSecret.arn, property: POSTGRES_MASTER_SECRET_KEYS.username } },
                        { secretKey: "PGPASSWORD", remoteRef: { key: args.masterSecret.arn, property: POSTGRES_MASTER_SECRET_KEYS.password } },
                    ],
                },
            },
            { ...parent, dependsOn: [store] },
        );
        const script = new k8s.core.v1.ConfigMap(`${name}-sql`, { metadata: { name: "postgres-bootstrap", namespace: ns }, data: { "bootstrap.sql": sql } }, parent);
        const caBundle = new k8s.core.v1.ConfigMap(`${name}-rds-ca`, { metadata: { name: "rds-ca-bundle", namespace: ns }, data: { [RDS_CA_FILE]: rdsCaBundle() } }, parent);
        new k8s.batch.v1.Job(
            `${name}-job`,
            {
                metadata: { name: this.jobName, namespace: ns },
                spec: {
                    backoffLimit: 6,
                    activeDeadlineSeconds: BOOTSTRAP_ACTIVE_DEADLINE_SECONDS,
                    template: {
                        metadata: { labels: { "platform/component": "database-bootstrap" } },
                        spec: {
                            restartPolicy: "OnFailure",
                            automountServiceAccountToken: false,
                            securityContext: { runAsNonRoot: true, runAsUser: POSTGRES_IMAGE_UID, runAsGroup: POSTGRES_IMAGE_UID, seccompProfile: { type: "RuntimeDefault" } },
                            containers: [
                                {
                                    name: "psql",
                                    image: BOOTSTRAP_IMAGE,
                                    command: BOOTSTRAP_PSQL_COMMAND,
                                    env: [
                                        { name: "PGHOST", value: args.host },
                                        { name: "PGPORT", value: String(POSTGRES_PORT) },
                                        { name: "PGDATABASE", value: args.databaseName },
                                        // The Job carries the master password: only to a server whose certificate chains to
                                        // Amazon's RDS CA and names PGHOST (rds.force_ssl refuses plaintext anyway).
                                        { name: "PGSSLMODE", value: "verify-full" },
                                        { name: "PGSSLROOTCERT", value: `${RDS_CA_MOUNT}/${RDS_CA_FILE}` },
                                    ],
                                    envFrom: [{ secretRef: { name: "postgres-master" } }],
                                    volumeMounts: [
                                        { name: "sql", mountPath: "/sql", readOnly: true },
                                        { name: "rds-ca", mountPath: RDS_CA_MOUNT, readOnly: true },
                                    ],
                                    resources: { requests: { cpu: "50m", memory: "64Mi" }, limits: { cpu: "200m", memory: "128Mi" } },
                                    securityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ["ALL"] } },
                                },
                            ],
                            volumes: [
                                { name: "sql", configMap: { name: "postgres-bootstrap" } },
                                { name: "rds-ca", configMap: { name: "rds-ca-bundle" } },
                            ],
                        },
                    },
                },
            },
            // `host` comes from the instance, so the Job also waits for the database.
            {
                ...parent,
                dependsOn: [credentials, script, caBundle],
                customTimeouts: { create: BOOTSTRAP_AWAIT_TIMEOUT, update: BOOTSTRAP_AWAIT_TIMEOUT },
            },
        );
        this.registerOutputs({ jobName: this.jobName, roleArn: this.roleArn });
    }
}
