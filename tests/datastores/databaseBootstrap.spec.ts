/**
 * The database bootstrap: the SQL run against a real PostgreSQL of the stacks' major version as an RDS-like
 * master (CREATEROLE and CREATEDB, not a superuser, `rds_iam` present), then the synthesized Job, its
 * namespace, store, role and CA bundle.
 */
import * as assert from "assert";
import { X509Certificate } from "crypto";
import { Client } from "pg";
import {
    BOOTSTRAP_ACTIVE_DEADLINE_SECONDS,
    BOOTSTRAP_IMAGE,
    BOOTSTRAP_NAMESPACE,
    BOOTSTRAP_PSQL_COMMAND,
    BOOTSTRAP_SECRETS_SERVICE_ACCOUNT,
    bootstrapJobName,
    bootstrapSql,
    postgresMajor,
    rdsCaBundle,
} from "../../components/datastores/databaseBootstrap";
import { RDS_CURRENT_CAS } from "../../config/sections/datastores/postgres";
import { ofType, single, STACKS, synthesizeStack } from "../support/synthesis";
import { RealPostgres } from "./realPostgres";
import { stackConfig } from "./support";
import { addressIn, egressAllowed, NetworkPolicy } from "../support/networkPolicy";

const EXTERNAL_SECRET = "kubernetes:external-secrets.io/v1:ExternalSecret";
const JOB = "kubernetes:batch/v1:Job";
const MASTER = "platform_admin";
const MASTER_PASSWORD = "master-password-for-tests";
const DATABASE = "platform";

/** What RDS gives the master user: CREATEROLE and CREATEDB, membership in rds_iam it may grant, and no superuser. */
async function createRdsLikeMaster(superuser: Client): Promise<void> {
    await superuser.query("CREATE ROLE rds_iam NOLOGIN");
    await superuser.query(`CREATE ROLE ${MASTER} LOGIN CREATEROLE CREATEDB NOSUPERUSER PASSWORD '${MASTER_PASSWORD}'`);
    await superuser.query(`GRANT rds_iam TO ${MASTER} WITH ADMIN OPTION`);
    await superuser.query(`CREATE DATABASE ${DATABASE} OWNER ${MASTER}`);
}

/** Runs the script as the Job does (psql --single-transaction, stop on error): one simple-protocol query is one transaction. */
async function runAsMaster(server: RealPostgres, sql: string): Promise<void> {
    const master = await server.connect(MASTER, MASTER_PASSWORD, DATABASE);
    try {
        await master.query(sql);
    } finally {
        await master.end();
    }
}

/** Runs `statement` as `role` (SET ROLE from the superuser), returning the error code if it fails. */
async function asRole(superuser: Client, role: string, statement: string): Promise<string | undefined> {
    await superuser.query(`SET ROLE "${role}"`);
    try {
        await superuser.query(statement);
        return undefined;
    } catch (error: any) {
        return error.code ?? String(error);
    } finally {
        await superuser.query("RESET ROLE");
    }
}

describe("database bootstrap: against a real PostgreSQL", function () {
    // initdb and start take about 1.5 s; slower on a loaded machine.
    this.timeout(30_000);
    let server: RealPostgres;
    let superuser: Client;
    let major: number;

    before(async () => {
        server = await RealPostgres.start();
        const admin = await server.connectAsSuperuser();
        try {
            await createRdsLikeMaster(admin);
        } finally {
            await admin.end();
        }
        superuser = await server.connectAsSuperuser(DATABASE);
        major = Number((await superuser.query("SHOW server_version_num")).rows[0].server_version_num.slice(0, -4));
    });

    after(async () => {
        await superuser?.end();
        await server?.stop();
    });

    it("runs the major version every stack configures, as a master that is not a superuser", async () => {
        for (const stack of STACKS) {
            assert.strictEqual(postgresMajor(stackConfig(stack).postgres.engineVersion), major, `${stack} configures another major than the test server's`);
        }
        const { rows } = await superuser.query("SELECT rolsuper, rolcreaterole FROM pg_roles WHERE rolname = $1", [MASTER]);
        assert.deepStrictEqual(rows, [{ rolsuper: false, rolcreaterole: true }]);
    });

    describe("after running the script twice", () => {
        const services = ["contractor", "document", "gamification"];

        before(async () => {
            const sql = bootstrapSql(services, major);
            await runAsMaster(server, sql);
            await runAsMaster(server, sql);
        });

        it("gives each service a login role without a password, a member of rds_iam", async () => {
            for (const service of services) {
                const { rows } = await superuser.query("SELECT rolcanlogin, rolsuper, rolpassword FROM pg_authid WHERE rolname = $1", [service]);
                assert.deepStrictEqual(rows, [{ rolcanlogin: true, rolsuper: false, rolpassword: null }], service);
                const member = await superuser.query("SELECT pg_has_role($1, 'rds_iam', 'MEMBER') AS member", [service]);
                assert.strictEqual(member.rows[0].member, true, `${service} must log in with IAM tokens (rds_iam)`);
            }
        });

        it("gives each service a schema it owns, on its search path", async () => {
            for (const service of services) {
                const { rows } = await superuser.query("SELECT pg_get_userbyid(nspowner) AS owner FROM pg_namespace WHERE nspname = $1", [service]);
                assert.deepStrictEqual(rows, [{ owner: service }]);
                const settings = await superuser.query(
                    "SELECT setconfig FROM pg_db_role_setting s JOIN pg_roles r ON r.oid = s.setrole WHERE r.rolname = $1 AND s.setdatabase = 0",
                    [service],
                );
                assert.deepStrictEqual(settings.rows[0]?.setconfig, [`search_path=${service}`]);
            }
        });

        it("lets a service create and use tables in its own schema", async () => {
            for (const service of services) {
                assert.strictEqual(await asRole(superuser, service, `CREATE TABLE "${service}".items (id int); INSERT INTO "${service}".items VALUES (1)`), undefined, service);
            }
        });

        it("keeps a service out of another service's schema and out of public", async () => {
            // 42501: insufficient_privilege
            assert.strictEqual(await asRole(superuser, "contractor", "SELECT * FROM document.items"), "42501");
            assert.strictEqual(await asRole(superuser, "document", "CREATE TABLE contractor.intruder (id int)"), "42501");
            assert.strictEqual(await asRole(superuser, "gamification", "CREATE TABLE public.shared (id int)"), "42501");
        });

        it("adds a new service's role and schema on a later run, leaving the others intact", async () => {
            await runAsMaster(server, bootstrapSql([...services, "verification"], major));
            const { rows } = await superuser.query("SELECT pg_get_userbyid(nspowner) AS owner FROM pg_namespace WHERE nspname = 'verification'");
            assert.deepStrictEqual(rows, [{ owner: "verification" }]);
            assert.strictEqual(await asRole(superuser, "contractor", "SELECT count(*) FROM contractor.items"), undefined);
        });
    });
});

describe("database bootstrap: script and Job name", () => {
    it("refuses role names that would need escaping", () => {
        assert.throws(() => bootstrapSql(["bff; DROP TABLE x"], 17), /not a safe Postgres role name/);
    });

    it("names the Job after its SQL, so a changed script runs again", () => {
        assert.match(bootstrapJobName(bootstrapSql(["bff"], 17)), /^postgres-bootstrap-[0-9a-f]{8}$/);
        assert.notStrictEqual(bootstrapJobName(bootstrapSql(["bff"], 17)), bootstrapJobName(bootstrapSql(["bff", "document"], 17)));
        assert.strictEqual(bootstrapJobName(bootstrapSql(["bff", "document"], 17)), bootstrapJobName(bootstrapSql(["document", "bff"], 17)));
    });
});

describe("database bootstrap: the RDS CA bundle", () => {
    const certificates = rdsCaBundle()
        .match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g)!
        .map((pem) => new X509Certificate(pem));

    it("holds only unexpired, self-signed Amazon RDS root CAs", () => {
        assert.ok(certificates.length > 50, `found ${certificates.length}`);
        for (const certificate of certificates) {
            assert.ok(certificate.ca && certificate.subject === certificate.issuer && certificate.verify(certificate.publicKey), certificate.subject);
            assert.match(certificate.subject, /^O=Amazon Web Services\\?, Inc\.$/m);
            assert.ok(new Date(certificate.validTo) > new Date(), `${certificate.subject} expired ${certificate.validTo}`);
        }
    });

    it("has the root of every CA a stack may select, for every region a stack runs Postgres in", () => {
        // rds-ca-rsa2048-g1 -> "Root CA RSA2048 G1"
        const rootName = (ca: string) => `Root CA ${ca.replace(/^rds-ca-/, "").replace(/-g1$/, "").toUpperCase()} G1`;
        const subjects = certificates.map((c) => /CN=(.+)/.exec(c.subject)![1]);
        for (const stack of STACKS) {
            for (const region of stackConfig(stack).regions.map((r: { name: string }) => r.name)) {
                for (const ca of RDS_CURRENT_CAS) {
                    assert.ok(subjects.includes(`Amazon RDS ${region} ${rootName(ca)}`), `${stack}: no ${ca} root for ${region}`);
                }
            }
        }
    });
});

describe("database bootstrap: synthesized", () => {
    it("runs once, in the primary region, the SQL for the configured major and the services that use Postgres", async () => {
        const prod = await synthesizeStack("prod");
        // The bootstrap Job (services with migrations have Jobs of their own, components/services/migrations.ts).
        const jobs = ofType(prod, JOB).filter((j) => j.name.endsWith("-db-bootstrap-job"));
        assert.deepStrictEqual(jobs.map((j) => j.region), ["us-east-1"]);
        const sql = single(prod, "kubernetes:core/v1:ConfigMap", "-db-bootstrap-sql").inputs.data["bootstrap.sql"];
        assert.strictEqual(sql, bootstrapSql(["contractor", "document", "verification", "gamification"], postgresMajor(stackConfig("prod").postgres.engineVersion)));
    });

    it("reads the master credentials through its own namespaced store and IRSA role, in a restricted namespace", async () => {
        const prod = await synthesizeStack("prod");
        const credentials = single(prod, EXTERNAL_SECRET, "-db-bootstrap-master-credentials");
        assert.strictEqual(credentials.inputs.metadata.namespace, BOOTSTRAP_NAMESPACE);
        assert.deepStrictEqual(credentials.inputs.spec.secretStoreRef, { kind: "SecretStore", name: "postgres-master" });
        const store = single(prod, "kubernetes:external-secrets.io/v1:SecretStore", "-db-bootstrap-store");
        assert.strictEqual(store.inputs.metadata.namespace, BOOTSTRAP_NAMESPACE);
        assert.deepStrictEqual(store.inputs.spec.provider.aws, {
            service: "SecretsManager",
            region: "us-east-1",
            auth: { jwt: { serviceAccountRef: { name: BOOTSTRAP_SECRETS_SERVICE_ACCOUNT } } },
        });
        const account = single(prod, "kubernetes:core/v1:ServiceAccount", "-db-bootstrap-sa");
        const role = single(prod, "aws:iam/role:Role", "-db-bootstrap-role");
        assert.match(account.inputs.metadata.annotations["eks.amazonaws.com/role-arn"], /^arn:aws:iam::\d{12}:role\//);
        assert.ok(account.propertyDependencies.metadata.includes(role.urn), "the ServiceAccount carries the bootstrap role");
        const trust = JSON.parse(role.inputs.assumeRolePolicy);
        assert.deepStrictEqual(Object.values(trust.Statement[0].Condition.StringEquals).filter((v) => String(v).startsWith("system:")), [
            `system:serviceaccount:${BOOTSTRAP_NAMESPACE}:${BOOTSTRAP_SECRETS_SERVICE_ACCOUNT}`,
        ]);

        const namespace = ofType(prod, "kubernetes:core/v1:Namespace").find((n) => n.inputs.metadata.name === BOOTSTRAP_NAMESPACE)!;
        assert.strictEqual(namespace.inputs.metadata.labels["pod-security.kubernetes.io/enforce"], "restricted");
        const policy = ofType(prod, "kubernetes:networking.k8s.io/v1:NetworkPolicy").find((p) => p.inputs.metadata.namespace === BOOTSTRAP_NAMESPACE)!;
        assert.deepStrictEqual(policy.inputs.spec.ingress, []);
        // The Job carries the master password: it may reach Postgres' subnets on 5432 and nothing else in the VPC.
        const bootstrapPod = { namespace: BOOTSTRAP_NAMESPACE, labels: {} };
        const subnets = ofType(prod, "aws:ec2/subnet:Subnet").filter((s) => s.region === "us-east-1");
        const tier = (name: string) => subnets.filter((s) => s.inputs.tags.tier === name).map((s) => s.inputs.cidrBlock as string);
        assert.ok(tier("database").length > 0);
        for (const cidr of tier("database")) {
            assert.ok(egressAllowed([policy.inputs as NetworkPolicy], bootstrapPod, { ip: addressIn(cidr, 10), port: 5432 }), `database subnet ${cidr} on 5432`);
            assert.ok(!egressAllowed([policy.inputs as NetworkPolicy], bootstrapPod, { ip: addressIn(cidr, 10), port: 22 }), `database subnet ${cidr} on 22`);
        }
        for (const cidr of [...tier("private"), ...tier("public")]) {
            assert.ok(!egressAllowed([policy.inputs as NetworkPolicy], bootstrapPod, { ip: addressIn(cidr, 10), port: 5432 }), `${cidr} on 5432 is not Postgres`);
        }
    });

    it("keeps the bootstrap namespace out of the cluster-wide store", async () => {
        const prod = await synthesizeStack("prod");
        for (const store of ofType(prod, "kubernetes:external-secrets.io/v1:ClusterSecretStore")) {
            const namespaces = store.inputs.spec.conditions.flatMap((c: { namespaces: string[] }) => c.namespaces);
            assert.ok(!namespaces.includes(BOOTSTRAP_NAMESPACE), store.name);
        }
    });

    it("runs psql hardened: non-root, read-only root, no capabilities, credentials only from the secret", async () => {
        const job = single(await synthesizeStack("staging"), JOB, "-db-bootstrap-job");
        const pod = job.inputs.spec.template.spec;
        const [container] = pod.containers;
        assert.strictEqual(container.image, BOOTSTRAP_IMAGE);
        assert.deepStrictEqual(container.command, BOOTSTRAP_PSQL_COMMAND);
        assert.deepStrictEqual(pod.securityContext, { runAsNonRoot: true, runAsUser: 70, runAsGroup: 70, seccompProfile: { type: "RuntimeDefault" } });
        assert.deepStrictEqual(container.securityContext, { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ["ALL"] } });
        assert.strictEqual(pod.automountServiceAccountToken, false);
        const env = Object.fromEntries(container.env.map((e: { name: string; value: string }) => [e.name, e.value]));
        assert.ok(!("PGPASSWORD" in env), "the password comes from the secret, not the manifest");
        assert.deepStrictEqual(container.envFrom, [{ secretRef: { name: "postgres-master" } }]);
        assert.ok(container.resources.limits.cpu && container.resources.limits.memory);
    });

    it("verifies the server certificate and host name against the mounted RDS CA bundle before sending the password", async () => {
        const result = await synthesizeStack("prod");
        const job = single(result, JOB, "-db-bootstrap-job");
        const [container] = job.inputs.spec.template.spec.containers;
        const env = Object.fromEntries(container.env.map((e: { name: string; value: string }) => [e.name, e.value]));
        assert.strictEqual(env.PGSSLMODE, "verify-full");
        // verify-full checks the certificate names PGHOST: it must be the instance's own endpoint name.
        assert.ok(env.PGHOST.startsWith(`${single(result, "aws:rds/instance:Instance", "-use1-postgres-instance").inputs.identifier}.`), env.PGHOST);
        const mount = container.volumeMounts.find((m: { mountPath: string }) => env.PGSSLROOTCERT.startsWith(`${m.mountPath}/`));
        assert.ok(mount, `nothing mounted at ${env.PGSSLROOTCERT}`);
        const volume = job.inputs.spec.template.spec.volumes.find((v: { name: string }) => v.name === mount.name);
        const configMap = ofType(result, "kubernetes:core/v1:ConfigMap").find(
            (c) => c.inputs.metadata.name === volume.configMap.name && c.inputs.metadata.namespace === BOOTSTRAP_NAMESPACE,
        );
        assert.strictEqual(configMap?.inputs.data[env.PGSSLROOTCERT.slice(mount.mountPath.length + 1)], rdsCaBundle());
        assert.ok(job.options.dependsOn.includes(configMap!.urn), "the Job waits for its CA bundle");
    });

    it("lets Pulumi wait for the Job longer than the Job may run", async () => {
        const job = single(await synthesizeStack("prod"), JOB, "-db-bootstrap-job");
        assert.strictEqual(job.inputs.spec.activeDeadlineSeconds, BOOTSTRAP_ACTIVE_DEADLINE_SECONDS);
        const minutes = (duration: string | undefined) => Number(/^(\d+)m$/.exec(duration ?? "")?.[1] ?? NaN);
        for (const operation of ["create", "update"] as const) {
            const timeout = minutes(job.options.customTimeouts?.[operation]);
            assert.ok(timeout * 60 > job.inputs.spec.activeDeadlineSeconds, `${operation} timeout ${job.options.customTimeouts?.[operation]} does not outlast the Job`);
        }
    });

    it("waits for the master credentials and the database", async () => {
        const prod = await synthesizeStack("prod");
        const job = single(prod, JOB, "-db-bootstrap-job");
        const credentials = single(prod, EXTERNAL_SECRET, "-db-bootstrap-master-credentials");
        assert.ok(job.options.dependsOn.includes(credentials.urn));
        const instance = single(prod, "aws:rds/instance:Instance", "-use1-postgres-instance");
        assert.ok(job.options.dependsOn.includes(instance.urn), "the host input ties the Job to the instance");
    });
});
