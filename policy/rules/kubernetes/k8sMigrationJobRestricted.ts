/**
 * k8s-migration-job-restricted: a database migration Job holds the right to change the schema; it must run under
 * the restricted Pod Security profile, end (a deadline and a bounded number of retries, never restarted in place)
 * and log in without a stored password (an IAM token generated in the pod). Recognised by the label
 * `app.kubernetes.io/component: migration`. Exported as a pure function too: `npm run gitops` refuses to write
 * manifests that fail it.
 */
import { PlatformResourcePolicy } from "../../lib/rule";
import { found, listOf, mustBe, validateResourceOfTokens } from "../../lib/validate";
import { containersOf, effectiveSecurityField, PodTemplate } from "./lib/workloads";

export const MIGRATION_LABEL_KEY = "app.kubernetes.io/component";
export const MIGRATION_LABEL_VALUE = "migration";
/** Retries beyond this hide a broken migration behind minutes of backoff. */
export const MAX_MIGRATION_BACKOFF_LIMIT = 6;
/** Environment variable names that carry a database password. */
const PASSWORD_NAME = /PASSW(OR)?D|PGPASS|SECRET/i;
/** A connection URL with credentials in it: `scheme://user:password@host`. */
const URL_WITH_PASSWORD = /:\/\/[^/\s:@]+:[^@\s]+@/;
const CONFINED_SECCOMP = ["RuntimeDefault", "Localhost"];

export function isMigrationJob(props: Record<string, any>): boolean {
    return props?.metadata?.labels?.[MIGRATION_LABEL_KEY] === MIGRATION_LABEL_VALUE;
}

/** Pod Security `restricted` essentials of a pod spec, as the pack's container rules read them. */
export function restrictedPodProblems(pod: PodTemplate): string[] {
    const problems: string[] = [];
    for (const hostField of ["hostNetwork", "hostPID", "hostIPC"]) {
        if (pod.spec[hostField] === true) {
            problems.push(`${pod.path}.${hostField} must not be true`);
        }
    }
    const containers = containersOf(pod);
    if (containers.length === 0) {
        problems.push(`${pod.path}.containers must list the containers (found: ${found(pod.spec.containers)})`);
    }
    for (const { container, label } of containers) {
        if (effectiveSecurityField(pod, container, "runAsNonRoot") !== true) {
            problems.push(`${label}: ${mustBe("runAsNonRoot (container or pod securityContext)", "true", effectiveSecurityField(pod, container, "runAsNonRoot"))}`);
        }
        const uid = effectiveSecurityField(pod, container, "runAsUser");
        if (uid === 0) {
            problems.push(`${label}: runAsUser must not be 0 (found: 0)`);
        }
        const seccomp = effectiveSecurityField(pod, container, "seccompProfile")?.type;
        if (!CONFINED_SECCOMP.includes(seccomp)) {
            problems.push(`${label}: seccompProfile.type must be "RuntimeDefault" or "Localhost" (found: ${found(seccomp)})`);
        }
        const context = container.securityContext ?? {};
        if (context.allowPrivilegeEscalation !== false) {
            problems.push(`${label}: ${mustBe("securityContext.allowPrivilegeEscalation", "false", context.allowPrivilegeEscalation)}`);
        }
        if (context.privileged === true) {
            problems.push(`${label}: securityContext.privileged must not be true`);
        }
        if (context.readOnlyRootFilesystem !== true) {
            problems.push(`${label}: ${mustBe("securityContext.readOnlyRootFilesystem", "true", context.readOnlyRootFilesystem)}`);
        }
        if (!listOf(context.capabilities?.drop).includes("ALL")) {
            problems.push(`${label}: securityContext.capabilities.drop must include "ALL" (found: ${found(context.capabilities?.drop)})`);
        }
        const added = listOf(context.capabilities?.add).filter((c: unknown) => c !== "NET_BIND_SERVICE");
        if (added.length > 0) {
            problems.push(`${label}: securityContext.capabilities.add may only name NET_BIND_SERVICE (found: ${found(added)})`);
        }
    }
    return problems;
}

/** Everything wrong with a migration Job (empty for any other object). */
export function migrationJobProblems(props: Record<string, any>): string[] {
    if (!isMigrationJob(props)) {
        return [];
    }
    const spec = props.spec ?? {};
    const pod: PodTemplate = { kind: "Job", spec: spec.template?.spec ?? {}, path: "spec.template.spec" };
    const problems = restrictedPodProblems(pod);
    const deadline = spec.activeDeadlineSeconds;
    if (!(typeof deadline === "number" && Number.isInteger(deadline) && deadline > 0)) {
        problems.push(mustBe("spec.activeDeadlineSeconds", "a positive number of seconds (a migration must end)", deadline));
    }
    const backoff = spec.backoffLimit;
    if (!(typeof backoff === "number" && Number.isInteger(backoff) && backoff >= 0 && backoff <= MAX_MIGRATION_BACKOFF_LIMIT)) {
        problems.push(mustBe("spec.backoffLimit", `set, 0-${MAX_MIGRATION_BACKOFF_LIMIT} (Kubernetes defaults to 6 retries)`, backoff));
    }
    if (pod.spec.restartPolicy !== "Never") {
        problems.push(mustBe(`${pod.path}.restartPolicy`, '"Never" (each retry a new pod, counted by backoffLimit)', pod.spec.restartPolicy));
    }
    for (const { container, label } of containersOf(pod)) {
        for (const env of listOf(container.env)) {
            const name = typeof env?.name === "string" ? env.name : "";
            if (PASSWORD_NAME.test(name) && (env.value !== undefined || env.valueFrom?.secretKeyRef !== undefined)) {
                problems.push(`${label}: env ${name} sets a static database password; expected an IAM token generated in the pod (rds-db:connect)`);
            } else if (typeof env?.value === "string" && URL_WITH_PASSWORD.test(env.value)) {
                problems.push(`${label}: env ${name} holds a URL with a password; expected an IAM token generated in the pod (rds-db:connect)`);
            }
        }
        for (const source of listOf(container.envFrom)) {
            if (source?.secretRef !== undefined) {
                problems.push(`${label}: envFrom Secret ${found(source.secretRef?.name)}: a migration logs in with an IAM token, not stored credentials`);
            }
        }
    }
    return problems;
}

export const k8sMigrationJobRestricted: PlatformResourcePolicy = {
    name: "k8s-migration-job-restricted",
    description:
        "Database migration Jobs (label app.kubernetes.io/component=migration) must run restricted (non-root, RuntimeDefault seccomp, no privilege escalation, read-only root, ALL capabilities dropped), set activeDeadlineSeconds and a backoffLimit of at most 6 with restartPolicy Never, and carry no static database password.",
    enforcementLevel: "mandatory",
    severity: "high",
    theme: "kubernetes",
    anchors: ["KSV-0012", "KSV-0014", "KSV-0106", "CKV_K8S_35"],
    remediationSteps:
        "Render the Job with components/services/migrations.ts (`migrationJobManifest`): restricted security contexts, `activeDeadlineSeconds`, `backoffLimit`, `restartPolicy: Never`, and the IAM token from the init container instead of a password env var or Secret.",
    validateResource: validateResourceOfTokens(["kubernetes:batch/v1:Job"], (props, _args, reportViolation) => {
        for (const problem of migrationJobProblems(props)) {
            reportViolation(problem);
        }
    }),
};
