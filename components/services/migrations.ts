/**
 * A service's database migrations: a Job in its namespace, run as the service's ServiceAccount (IRSA role with
 * `rds-db:connect` as the database user named after the service, which the database bootstrap made the owner of
 * the schema named after it, so DDL there is allowed), logging in with an IAM token, never a password.
 *
 * - An init container (AWS CLI, pinned by digest) signs the token locally with the pod's IRSA credentials
 *   (`aws rds generate-db-auth-token`, no call to RDS) into a memory-backed emptyDir; the migration container
 *   reads it as PGPASSWORD and as the password of DATABASE_URL (URL-encoded with node, which a prisma or knex
 *   image has), with host, port, database, user and schema from the service's ConfigMap (POSTGRES_*), TLS
 *   `verify-full` against Amazon's RDS CA bundle (a ConfigMap in the namespace). A token is valid 15 minutes:
 *   enough to open the connections; a migration that opens new ones later than that fails and is retried.
 * - Pod Security restricted: non-root, read-only root with /tmp on an emptyDir, no privilege escalation, no
 *   capabilities, RuntimeDefault seccomp. Deadline, backoff limit, TTL after it finishes, `restartPolicy: Never`.
 * - Its pods carry `app.kubernetes.io/component: migration`, not the service's `app.kubernetes.io/name`: the
 *   Service, the PDB and the topology spread must not select them. The namespace's NetworkPolicy selects every
 *   pod (`podSelector: {}`), so they get the service's Postgres and AWS endpoint egress.
 *
 * Pulumi-owned (no GitOps): the Job's name carries a hash of the image, so a new image is a new Job, which Pulumi
 * awaits (until Complete, longer than the Job's deadline) before it updates the workload that `dependsOn` it. Argo CD-owned: a PreSync
 * hook with a fixed name (CI bumps the digest in place), re-run on every sync (migrations are idempotent).
 */
import { createHash } from "crypto";
import { migrationCommand, MigrationsConfig } from "../../config";
import { RDS_CA_FILE, rdsCaBundle } from "../datastores/databaseBootstrap";
import { restrictedContainerSecurityContext, TMP_VOLUME } from "./service";

export { RDS_CA_FILE };

/** The label the `k8s-migration-job-restricted` policy recognises migration Jobs by. */
export const MIGRATION_COMPONENT_LABEL = { "app.kubernetes.io/component": "migration" } as const;
/** AWS CLI v2 (Amazon Linux based) from ECR Public, pinned by digest; it only signs the token. */
export const AWS_CLI_IMAGE = "public.ecr.aws/aws-cli/aws-cli:2.31.23@sha256:668ffb01408e03e1002b36886797c1a97b09f7d0f02fba3123f9fcd68a081dc5";
/** The CLI image runs as root by default; restricted needs a non-root user (any uid works with HOME on /tmp). */
export const AWS_CLI_UID = 65532;
/** The ConfigMap of Amazon's RDS CA bundle in a service namespace (rendered by Pulumi for services with migrations). */
export const RDS_CA_CONFIG_MAP = "rds-ca-bundle";
export const RDS_CA_MOUNT = "/etc/rds-ca";
export const DB_AUTH_MOUNT = "/var/run/db-auth";
/**
 * How long Pulumi waits for the Job (its await logic gives up after 10 minutes unless told): the deadline, which
 * bounds every retry together, plus time to schedule and pull.
 */
export function migrationAwaitTimeout(migrations: Pick<MigrationsConfig, "activeDeadlineSeconds">): string {
    return `${Math.ceil(migrations.activeDeadlineSeconds / 60) + 5}m`;
}

/** Finished Jobs (and their logs) stay a day. */
export const MIGRATION_TTL_SECONDS = 86_400;

/** Argo CD hook annotations: before the Sync phase; the previous run's Job is deleted when the next one starts (its logs stay until then). */
export const PRESYNC_HOOK_ANNOTATIONS = {
    "argocd.argoproj.io/hook": "PreSync",
    "argocd.argoproj.io/hook-delete-policy": "BeforeHookCreation",
} as const;

const regionalBundles = new Map<string, string>();

/**
 * The roots of Amazon's RDS CAs for one region (`Amazon RDS <region> Root CA ...`, the three current CAs), cut
 * from the vendored global bundle: 6 KB in each migrating service's namespace instead of 160 KB. Found by the
 * common name's bytes in each certificate's DER (no X.509 parsing on the preview path).
 */
export function regionalRdsCaBundle(region: string): string {
    let bundle = regionalBundles.get(region);
    if (bundle === undefined) {
        const needle = Buffer.from(`Amazon RDS ${region} Root CA`);
        const certificates = rdsCaBundle().match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
        const chosen = certificates.filter((pem) => Buffer.from(pem.replace(/-----[A-Z ]+-----|\s/g, ""), "base64").includes(needle));
        if (chosen.length === 0) {
            throw new Error(`the vendored RDS CA bundle has no root for ${region}`);
        }
        bundle = chosen.join("\n") + "\n";
        regionalBundles.set(region, bundle);
    }
    return bundle;
}

/** `<service>-migrate-<8 hex of the image>` (Pulumi), or `<service>-migrate` (an Argo CD hook, whose image CI bumps in place). */
export function migrationJobName(service: string, image: string | undefined): string {
    return image === undefined ? `${service}-migrate` : `${service}-migrate-${createHash("sha256").update(image).digest("hex").slice(0, 8)}`;
}

/** Labels of the Job and its pods. */
export function migrationLabels(service: string): Record<string, string> {
    return { ...MIGRATION_COMPONENT_LABEL, "app.kubernetes.io/part-of": "platform", "platform/service": service };
}

/**
 * TLS parameters of DATABASE_URL, in each tool's dialect: Prisma's engines know only `sslmode`
 * prefer|disable|require, with `sslcert` the CA to verify against and `sslaccept=strict` (verify); knex hands the
 * URL to node-postgres (pg-connection-string), which reads libpq's `sslmode=verify-full` and `sslrootcert`.
 * Plain libpq clients use the PG* variables, which carry verify-full too.
 */
export function databaseUrlTls(tool: MigrationsConfig["tool"]): string {
    return tool === "prisma" ? "sslmode=require&sslcert=$PGSSLROOTCERT&sslaccept=strict" : "sslmode=verify-full&sslrootcert=$PGSSLROOTCERT";
}

/**
 * The shell the migration container runs: credentials from the token file, connection from the ConfigMap, then
 * the tool. HOME is /tmp (the root filesystem is read-only; npm and the tools write caches there) and the image's
 * own node_modules/.bin comes first on PATH, as under `npm run`, so `prisma` or `knex` is the version the
 * service depends on.
 */
export function migrationScript(command: string, tool: MigrationsConfig["tool"]): string {
    return [
        "set -eu",
        `export HOME=${TMP_VOLUME.mountPath}`,
        'export PATH="$PWD/node_modules/.bin:$PATH"',
        `PGPASSWORD="$(cat ${DB_AUTH_MOUNT}/token)"`,
        'PGHOST="$POSTGRES_HOST" PGPORT="$POSTGRES_PORT" PGDATABASE="$POSTGRES_DB" PGUSER="$POSTGRES_IAM_USER"',
        `PGSSLMODE=verify-full PGSSLROOTCERT=${RDS_CA_MOUNT}/${RDS_CA_FILE}`,
        "export PGPASSWORD PGHOST PGPORT PGDATABASE PGUSER PGSSLMODE PGSSLROOTCERT",
        `DATABASE_URL="postgresql://$PGUSER:$(node -e 'process.stdout.write(encodeURIComponent(process.env.PGPASSWORD))')@$PGHOST:$PGPORT/$PGDATABASE?schema=$POSTGRES_SCHEMA&${databaseUrlTls(tool)}"`,
        "export DATABASE_URL",
        `exec ${command}`,
    ].join("\n");
}

/** The init container's shell: sign an IAM token for the service's database user. */
export const TOKEN_SCRIPT = `aws rds generate-db-auth-token --hostname "$POSTGRES_HOST" --port "$POSTGRES_PORT" --username "$POSTGRES_IAM_USER" --region "$AWS_REGION" --output text > ${DB_AUTH_MOUNT}/token`;

export interface MigrationJobArgs {
    service: string;
    namespace: string;
    migrations: MigrationsConfig;
    /** The migration image: `migrations.image`, else the service's image. */
    image: string;
    /** The service's ConfigMap (POSTGRES_HOST, POSTGRES_PORT, POSTGRES_DB, POSTGRES_IAM_USER, POSTGRES_SCHEMA, AWS_REGION). */
    configMapName: string;
    /** Pulumi names the Job after the image; an Argo CD hook keeps one name. */
    hook: boolean;
}

export function migrationJobManifest(args: MigrationJobArgs) {
    const { service, migrations } = args;
    const fromConfigMap = (name: string) => ({ name, valueFrom: { configMapKeyRef: { name: args.configMapName, key: name } } });
    const resources = { requests: { cpu: "100m", memory: "256Mi" }, limits: { cpu: "1", memory: "512Mi" } };
    const tmpMount = { name: TMP_VOLUME.name, mountPath: TMP_VOLUME.mountPath };
    const tokenMount = { name: "db-auth", mountPath: DB_AUTH_MOUNT };
    return {
        apiVersion: "batch/v1" as const,
        kind: "Job" as const,
        metadata: {
            name: migrationJobName(service, args.hook ? undefined : args.image),
            namespace: args.namespace,
            labels: migrationLabels(service),
            ...(args.hook ? { annotations: { ...PRESYNC_HOOK_ANNOTATIONS } } : {}),
        },
        spec: {
            activeDeadlineSeconds: migrations.activeDeadlineSeconds,
            backoffLimit: migrations.backoffLimit,
            ttlSecondsAfterFinished: MIGRATION_TTL_SECONDS,
            template: {
                metadata: { labels: migrationLabels(service) },
                spec: {
                    serviceAccountName: service,
                    automountServiceAccountToken: false,
                    enableServiceLinks: false,
                    restartPolicy: "Never",
                    securityContext: { runAsNonRoot: true, seccompProfile: { type: "RuntimeDefault" } },
                    initContainers: [
                        {
                            name: "db-token",
                            image: AWS_CLI_IMAGE,
                            imagePullPolicy: "IfNotPresent",
                            command: ["/bin/sh", "-ec", TOKEN_SCRIPT],
                            env: [fromConfigMap("POSTGRES_HOST"), fromConfigMap("POSTGRES_PORT"), fromConfigMap("POSTGRES_IAM_USER"), fromConfigMap("AWS_REGION"), { name: "HOME", value: TMP_VOLUME.mountPath }],
                            resources: { requests: { cpu: "50m", memory: "64Mi" }, limits: { cpu: "500m", memory: "256Mi" } },
                            securityContext: { ...restrictedContainerSecurityContext(), runAsUser: AWS_CLI_UID, runAsGroup: AWS_CLI_UID },
                            volumeMounts: [tmpMount, tokenMount],
                        },
                    ],
                    containers: [
                        {
                            name: "migrate",
                            image: args.image,
                            imagePullPolicy: "IfNotPresent",
                            command: ["/bin/sh", "-ec", migrationScript(migrationCommand(migrations), migrations.tool)],
                            envFrom: [{ configMapRef: { name: args.configMapName } }],
                            resources,
                            securityContext: restrictedContainerSecurityContext(),
                            volumeMounts: [tmpMount, { ...tokenMount, readOnly: true }, { name: "rds-ca", mountPath: RDS_CA_MOUNT, readOnly: true }],
                        },
                    ],
                    volumes: [
                        { name: TMP_VOLUME.name, emptyDir: { sizeLimit: TMP_VOLUME.sizeLimit } },
                        { name: "db-auth", emptyDir: { medium: "Memory", sizeLimit: "1Mi" } },
                        { name: "rds-ca", configMap: { name: RDS_CA_CONFIG_MAP } },
                    ],
                },
            },
        },
    };
}
