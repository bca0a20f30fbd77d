/**
 * The database bootstrap: the only consumer of the RDS master credentials in a cluster. Pure SQL generation,
 * and the synthesized Job, namespace, network policy and ExternalSecret in the primary region only.
 */
import * as assert from "assert";
import { BOOTSTRAP_IMAGE, BOOTSTRAP_NAMESPACE, bootstrapJobName, bootstrapSql } from "../../components/datastores/databaseBootstrap";
import { ofType, single, synthesizeStack } from "../support/synthesis";

const EXTERNAL_SECRET = "kubernetes:external-secrets.io/v1:ExternalSecret";
const JOB = "kubernetes:batch/v1:Job";

describe("database bootstrap: SQL", () => {
    it("creates an IAM-only login role and an owned schema per service, idempotently", () => {
        const sql = bootstrapSql(["verification", "contractor"]);
        const lines = sql.trim().split("\n");
        assert.strictEqual(lines[0], "\\set ON_ERROR_STOP on");
        assert.ok(lines.includes("REVOKE CREATE ON SCHEMA public FROM PUBLIC;"));
        for (const service of ["contractor", "verification"]) {
            assert.ok(lines.includes(`SELECT 'CREATE ROLE "${service}" LOGIN' WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '${service}')\\gexec`));
            assert.ok(lines.includes(`GRANT rds_iam TO "${service}";`));
            assert.ok(lines.includes(`CREATE SCHEMA IF NOT EXISTS "${service}" AUTHORIZATION "${service}";`));
        }
        assert.ok(sql.indexOf('"contractor"') < sql.indexOf('"verification"'), "sorted, so the script (and the Job name) do not depend on config order");
        assert.ok(!/PASSWORD/i.test(sql), "no role gets a password: IAM tokens only");
    });

    it("refuses role names that would need escaping", () => {
        assert.throws(() => bootstrapSql(["bff; DROP TABLE x"]), /not a safe Postgres role name/);
    });

    it("names the Job after its SQL, so a changed script runs again", () => {
        assert.match(bootstrapJobName(bootstrapSql(["bff"])), /^postgres-bootstrap-[0-9a-f]{8}$/);
        assert.notStrictEqual(bootstrapJobName(bootstrapSql(["bff"])), bootstrapJobName(bootstrapSql(["bff", "document"])));
        assert.strictEqual(bootstrapJobName(bootstrapSql(["bff", "document"])), bootstrapJobName(bootstrapSql(["document", "bff"])));
    });
});

describe("database bootstrap: synthesized", () => {
    it("runs once, in the primary region, for the services that use Postgres", async () => {
        const prod = await synthesizeStack("prod");
        const jobs = ofType(prod, JOB);
        assert.deepStrictEqual(jobs.map((j) => j.region), ["us-east-1"]);
        const sql = single(prod, "kubernetes:core/v1:ConfigMap", "-db-bootstrap-sql").inputs.data["bootstrap.sql"];
        assert.strictEqual(sql, bootstrapSql(["contractor", "document", "verification", "gamification"]));
    });

    it("is the only reader of the master credentials, in its own restricted namespace", async () => {
        const prod = await synthesizeStack("prod");
        const readers = ofType(prod, EXTERNAL_SECRET).filter((s) => JSON.stringify(s.inputs.spec).includes("rds!db-"));
        assert.deepStrictEqual(
            readers.map((r) => r.inputs.metadata.namespace),
            [BOOTSTRAP_NAMESPACE],
        );
        const namespace = ofType(prod, "kubernetes:core/v1:Namespace").find((n) => n.inputs.metadata.name === BOOTSTRAP_NAMESPACE)!;
        assert.strictEqual(namespace.inputs.metadata.labels["pod-security.kubernetes.io/enforce"], "restricted");
        const policy = ofType(prod, "kubernetes:networking.k8s.io/v1:NetworkPolicy").find((p) => p.inputs.metadata.namespace === BOOTSTRAP_NAMESPACE)!;
        assert.deepStrictEqual(policy.inputs.spec.ingress, []);
        assert.deepStrictEqual(policy.inputs.spec.egress[1], { to: [{ ipBlock: { cidr: "10.30.0.0/16" } }], ports: [{ protocol: "TCP", port: 5432 }] });
    });

    it("runs psql hardened: non-root, read-only root, no capabilities, TLS, credentials only from the secret", async () => {
        const job = single(await synthesizeStack("staging"), JOB);
        const pod = job.inputs.spec.template.spec;
        const [container] = pod.containers;
        assert.strictEqual(container.image, BOOTSTRAP_IMAGE);
        assert.deepStrictEqual(pod.securityContext, { runAsNonRoot: true, runAsUser: 70, runAsGroup: 70, seccompProfile: { type: "RuntimeDefault" } });
        assert.deepStrictEqual(container.securityContext, { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ["ALL"] } });
        assert.strictEqual(pod.automountServiceAccountToken, false);
        const env = Object.fromEntries(container.env.map((e: { name: string; value: string }) => [e.name, e.value]));
        assert.strictEqual(env.PGSSLMODE, "require");
        assert.ok(!("PGPASSWORD" in env), "the password comes from the secret, not the manifest");
        assert.deepStrictEqual(container.envFrom, [{ secretRef: { name: "postgres-master" } }]);
        assert.ok(container.resources.limits.cpu && container.resources.limits.memory);
    });

    it("waits for the master credentials and the database", async () => {
        const prod = await synthesizeStack("prod");
        const job = single(prod, JOB);
        const credentials = single(prod, EXTERNAL_SECRET, "-db-bootstrap-master-credentials");
        assert.ok(job.options.dependsOn.includes(credentials.urn));
        const instance = single(prod, "aws:rds/instance:Instance", "-use1-postgres-instance");
        assert.ok(job.options.dependsOn.includes(instance.urn), "the host input ties the Job to the instance");
    });
});
