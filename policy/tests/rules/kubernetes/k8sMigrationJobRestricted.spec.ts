import * as assert from "assert";
import * as k8s from "@pulumi/kubernetes";
import { k8sMigrationJobRestricted, migrationJobProblems } from "../../../rules/kubernetes/k8sMigrationJobRestricted";
import { assertNoResourceViolation, assertResourceViolation, resourceArgs, violationsOf } from "../../helpers";
import { DIGEST } from "./fixtures";

/** A compliant migration Job: restricted contexts, deadline, backoff, Never, an IAM token from an init container. */
function jobProps(): Record<string, any> {
    const restricted = () => ({ allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ["ALL"] } });
    return {
        metadata: { name: "contractor-migrate-0a1b2c3d", namespace: "contractor", labels: { "app.kubernetes.io/component": "migration" } },
        spec: {
            activeDeadlineSeconds: 600,
            backoffLimit: 1,
            ttlSecondsAfterFinished: 86400,
            template: {
                metadata: { labels: { "app.kubernetes.io/component": "migration" } },
                spec: {
                    restartPolicy: "Never",
                    securityContext: { runAsNonRoot: true, seccompProfile: { type: "RuntimeDefault" } },
                    initContainers: [{ name: "db-token", image: `public.ecr.aws/aws-cli/aws-cli@${DIGEST}`, securityContext: { ...restricted(), runAsUser: 65532 } }],
                    containers: [
                        {
                            name: "migrate",
                            image: `123456789012.dkr.ecr.us-east-1.amazonaws.com/services/contractor@${DIGEST}`,
                            env: [{ name: "PGSSLMODE", value: "verify-full" }, { name: "POSTGRES_HOST", valueFrom: { configMapKeyRef: { name: "contractor-config", key: "POSTGRES_HOST" } } }],
                            envFrom: [{ configMapRef: { name: "contractor-config" } }],
                            securityContext: restricted(),
                        },
                    ],
                },
            },
        },
    };
}

function job(mutate: (props: Record<string, any>) => void = () => undefined) {
    const props = jobProps();
    mutate(props);
    return resourceArgs(k8s.batch.v1.Job, props);
}
const pod = (p: Record<string, any>) => p.spec.template.spec;
const main = (p: Record<string, any>) => pod(p).containers[0];
const init = (p: Record<string, any>) => pod(p).initContainers[0];

describe("k8s-migration-job-restricted", () => {
    it("passes a restricted migration Job with a deadline, a backoff limit and no password", async () => {
        await assertNoResourceViolation(k8sMigrationJobRestricted, job());
    });

    it("ignores Jobs without the migration label (and other values of the label)", async () => {
        assert.deepStrictEqual(await violationsOf(k8sMigrationJobRestricted, job((p) => delete p.metadata.labels)), []);
        assert.deepStrictEqual(await violationsOf(k8sMigrationJobRestricted, job((p) => ((p.metadata.labels["app.kubernetes.io/component"] = "worker"), delete p.spec.backoffLimit))), []);
        assert.deepStrictEqual(migrationJobProblems({}), []);
        assert.deepStrictEqual(migrationJobProblems(undefined as any), []);
        assert.deepStrictEqual(migrationJobProblems({ metadata: {} }), []);
    });

    const failing: Array<[string, (p: Record<string, any>) => void, RegExp]> = [
        ["activeDeadlineSeconds unset", (p) => delete p.spec.activeDeadlineSeconds, /^spec\.activeDeadlineSeconds must be a positive number of seconds .*\(found: undefined\)$/],
        ["activeDeadlineSeconds 0", (p) => (p.spec.activeDeadlineSeconds = 0), /spec\.activeDeadlineSeconds must be a positive .*\(found: 0\)/],
        ["activeDeadlineSeconds as a string", (p) => (p.spec.activeDeadlineSeconds = "600"), /spec\.activeDeadlineSeconds must be/],
        ["backoffLimit unset (Kubernetes' 6 retries)", (p) => delete p.spec.backoffLimit, /^spec\.backoffLimit must be set, 0-6 .*\(found: undefined\)$/],
        ["backoffLimit 7", (p) => (p.spec.backoffLimit = 7), /spec\.backoffLimit must be set, 0-6.*\(found: 7\)/],
        ["backoffLimit -1", (p) => (p.spec.backoffLimit = -1), /spec\.backoffLimit must be set/],
        ["activeDeadlineSeconds not whole", (p) => (p.spec.activeDeadlineSeconds = 600.5), /spec\.activeDeadlineSeconds must be .*\(found: 600\.5\)/],
        ["backoffLimit not whole", (p) => (p.spec.backoffLimit = 1.5), /spec\.backoffLimit must be set.*\(found: 1\.5\)/],
        ["restartPolicy OnFailure", (p) => (pod(p).restartPolicy = "OnFailure"), /^spec\.template\.spec\.restartPolicy must be "Never".*\(found: "OnFailure"\)$/],
        ["no pod template at all", (p) => delete p.spec.template, /^spec\.template\.spec\.containers must list the containers \(found: undefined\)$/],
        ["hostPID", (p) => (pod(p).hostPID = true), /^spec\.template\.spec\.hostPID must not be true$/],
        ["hostIPC", (p) => (pod(p).hostIPC = true), /^spec\.template\.spec\.hostIPC must not be true$/],
        ["a PASSWD variable", (p) => main(p).env.push({ name: "DB_PASSWD", value: "x" }), /env DB_PASSWD sets a static database password/],
        ["restartPolicy unset", (p) => delete pod(p).restartPolicy, /restartPolicy must be "Never".*\(found: undefined\)/],
        ["runAsNonRoot unset", (p) => delete pod(p).securityContext.runAsNonRoot, /container "migrate" .*runAsNonRoot .* must be true \(found: undefined\)/],
        ["runAsNonRoot false on the init container", (p) => (init(p).securityContext.runAsNonRoot = false), /container "db-token" .*runAsNonRoot .* must be true \(found: false\)/],
        ["runAsUser 0", (p) => (init(p).securityContext.runAsUser = 0), /container "db-token" .*runAsUser must not be 0/],
        ["seccomp unset", (p) => delete pod(p).securityContext.seccompProfile, /seccompProfile\.type must be "RuntimeDefault" or "Localhost" \(found: undefined\)/],
        ["seccomp Unconfined", (p) => (main(p).securityContext.seccompProfile = { type: "Unconfined" }), /container "migrate".*seccompProfile\.type must be/],
        ["allowPrivilegeEscalation unset", (p) => delete main(p).securityContext.allowPrivilegeEscalation, /allowPrivilegeEscalation must be false \(found: undefined\)/],
        ["allowPrivilegeEscalation true on the init container", (p) => (init(p).securityContext.allowPrivilegeEscalation = true), /container "db-token".*allowPrivilegeEscalation must be false \(found: true\)/],
        ["privileged", (p) => (main(p).securityContext.privileged = true), /privileged must not be true/],
        ["readOnlyRootFilesystem unset", (p) => delete main(p).securityContext.readOnlyRootFilesystem, /readOnlyRootFilesystem must be true \(found: undefined\)/],
        ["capabilities not dropped", (p) => delete main(p).securityContext.capabilities, /capabilities\.drop must include "ALL" \(found: undefined\)/],
        ["a capability added", (p) => (main(p).securityContext.capabilities.add = ["NET_ADMIN"]), /capabilities\.add may only name NET_BIND_SERVICE/],
        ["no securityContext at all", (p) => delete main(p).securityContext, /container "migrate".*allowPrivilegeEscalation must be false/],
        ["hostNetwork", (p) => (pod(p).hostNetwork = true), /hostNetwork must not be true/],
        ["no containers", (p) => ((pod(p).containers = []), (pod(p).initContainers = [])), /containers must list the containers/],
        ["a password in env", (p) => main(p).env.push({ name: "PGPASSWORD", value: "hunter2" }), /env PGPASSWORD sets a static database password/],
        ["a password from a Secret", (p) => main(p).env.push({ name: "DB_PASSWORD", valueFrom: { secretKeyRef: { name: "db", key: "password" } } }), /env DB_PASSWORD sets a static database password/],
        ["a URL with a password", (p) => main(p).env.push({ name: "DATABASE_URL", value: "postgresql://contractor:hunter2@db:5432/platform" }), /env DATABASE_URL holds a URL with a password/],
        ["envFrom a Secret", (p) => main(p).envFrom.push({ secretRef: { name: "contractor-credentials" } }), /envFrom Secret "contractor-credentials"/],
    ];
    for (const [name, change, expected] of failing) {
        it(`fails: ${name}`, async () => {
            await assertResourceViolation(k8sMigrationJobRestricted, job(change), expected);
        });
    }

    it("accepts what only looks close: a URL without a password, a password name from a ConfigMap, NET_BIND_SERVICE, Localhost seccomp", async () => {
        const args = job((p) => {
            main(p).env.push({ name: "DATABASE_HOST_URL", value: "postgresql://db:5432/platform" }, { name: "PASSWORD_POLICY", valueFrom: { configMapKeyRef: { name: "c", key: "k" } } });
            main(p).securityContext.capabilities.add = ["NET_BIND_SERVICE"];
            pod(p).securityContext.seccompProfile = { type: "Localhost", localhostProfile: "p.json" };
            p.spec.backoffLimit = 0;
            main(p).env.push(null, { value: "x" });
            main(p).envFrom.push(null, {});
            p.spec.activeDeadlineSeconds = 1;
        });
        await assertNoResourceViolation(k8sMigrationJobRestricted, args);
        await assertNoResourceViolation(k8sMigrationJobRestricted, job((p) => (p.spec.backoffLimit = 6)));
    });

    it("names a Secret without a name in an envFrom without crashing", async () => {
        await assertResourceViolation(k8sMigrationJobRestricted, job((p) => main(p).envFrom.push({ secretRef: null })), /envFrom Secret undefined: a migration logs in with an IAM token/);
    });
});
