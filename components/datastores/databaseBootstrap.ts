/**
 * Database bootstrap: the only place the RDS master credentials reach the cluster. A Job in its own namespace
 * (`platform-db`) creates one login role per service that uses Postgres, allowed to sign in only with an IAM
 * token (`rds_iam`, matching each service's `rds-db:connect` grant), and a schema it owns for its tables and
 * migrations. Services themselves never see a password.
 */
import * as crypto from "crypto";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { dnsEgressRule, podSecurityLabels } from "../cluster/kubernetesBaseline";
import { EXTERNAL_SECRETS_API_VERSION } from "../secrets/externalSecrets";
import { POSTGRES_PORT } from "./postgres";
import { POSTGRES_MASTER_SECRET_KEYS } from "../secrets/serviceAccess";

export const BOOTSTRAP_NAMESPACE = "platform-db";
/** psql from the official image, pinned to a release (PostgreSQL clients talk to any newer server). */
export const BOOTSTRAP_IMAGE = "public.ecr.aws/docker/library/postgres:16.4-alpine";
/** The `postgres` user of the official Alpine image. */
const POSTGRES_IMAGE_UID = 70;

/** Quotes an identifier for SQL (service names are lower-case words; quoting keeps that a guarantee, not a hope). */
function identifier(name: string): string {
    if (!/^[a-z][a-z0-9_-]*$/.test(name)) {
        throw new Error(`"${name}" is not a safe Postgres role name`);
    }
    return `"${name}"`;
}

/**
 * Idempotent SQL: per service a login role that authenticates only through IAM, and a schema it owns.
 * Re-running it changes nothing; adding a service adds its role and schema.
 */
export function bootstrapSql(services: string[]): string {
    const statements = ["\\set ON_ERROR_STOP on", "REVOKE CREATE ON SCHEMA public FROM PUBLIC;"];
    for (const service of [...services].sort()) {
        const role = identifier(service);
        statements.push(
            `SELECT 'CREATE ROLE ${role} LOGIN' WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '${service}')\\gexec`,
            `GRANT rds_iam TO ${role};`,
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

export interface DatabaseBootstrapArgs {
    /** Services that use Postgres: each gets a role and a schema. */
    services: string[];
    host: pulumi.Input<string>;
    databaseName: string;
    masterUserSecretArn: pulumi.Input<string>;
    /** CIDRs the Job may reach on 5432 (the VPC). */
    vpcCidrs: string[];
    externalSecrets: { storeName: string; refreshInterval: string; ready: pulumi.Resource[] };
}

export class DatabaseBootstrap extends pulumi.ComponentResource {
    readonly jobName: string;

    /** opts.providers: the cluster's Kubernetes provider. */
    constructor(name: string, args: DatabaseBootstrapArgs, opts?: pulumi.ComponentResourceOptions) {
        super("platform:datastores:DatabaseBootstrap", name, {}, opts);
        const parent = { parent: this };
        const sql = bootstrapSql(args.services);
        this.jobName = bootstrapJobName(sql);

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
                    egress: [dnsEgressRule(), { to: args.vpcCidrs.map((cidr) => ({ ipBlock: { cidr } })), ports: [{ protocol: "TCP", port: POSTGRES_PORT }] }],
                },
            },
            parent,
        );
        const credentials = new k8s.apiextensions.CustomResource(
            `${name}-master-credentials`,
            {
                apiVersion: EXTERNAL_SECRETS_API_VERSION,
                kind: "ExternalSecret",
                metadata: { name: "postgres-master", namespace: ns },
                spec: {
                    refreshInterval: args.externalSecrets.refreshInterval,
                    secretStoreRef: { kind: "ClusterSecretStore", name: args.externalSecrets.storeName },
                    target: { name: "postgres-master", creationPolicy: "Owner" },
                    data: [
                        { secretKey: "PGUSER", remoteRef: { key: args.masterUserSecretArn, property: POSTGRES_MASTER_SECRET_KEYS.username } },
                        { secretKey: "PGPASSWORD", remoteRef: { key: args.masterUserSecretArn, property: POSTGRES_MASTER_SECRET_KEYS.password } },
                    ],
                },
            },
            { ...parent, dependsOn: args.externalSecrets.ready },
        );
        const script = new k8s.core.v1.ConfigMap(`${name}-sql`, { metadata: { name: "postgres-bootstrap", namespace: ns }, data: { "bootstrap.sql": sql } }, parent);
        new k8s.batch.v1.Job(
            `${name}-job`,
            {
                metadata: { name: this.jobName, namespace: ns },
                spec: {
                    backoffLimit: 6,
                    activeDeadlineSeconds: 900,
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
                                    command: ["psql", "--no-psqlrc", "--file", "/sql/bootstrap.sql"],
                                    env: [
                                        { name: "PGHOST", value: args.host },
                                        { name: "PGPORT", value: String(POSTGRES_PORT) },
                                        { name: "PGDATABASE", value: args.databaseName },
                                        // rds.force_ssl refuses anything else; the master password never crosses the network in clear.
                                        { name: "PGSSLMODE", value: "require" },
                                    ],
                                    envFrom: [{ secretRef: { name: "postgres-master" } }],
                                    volumeMounts: [{ name: "sql", mountPath: "/sql", readOnly: true }],
                                    resources: { requests: { cpu: "50m", memory: "64Mi" }, limits: { cpu: "200m", memory: "128Mi" } },
                                    securityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ["ALL"] } },
                                },
                            ],
                            volumes: [{ name: "sql", configMap: { name: "postgres-bootstrap" } }],
                        },
                    },
                },
            },
            // `host` comes from the instance, so the Job also waits for the database.
            { ...parent, dependsOn: [credentials, script] },
        );
        this.registerOutputs({ jobName: this.jobName });
    }
}
