/**
 * Pod Security Standards (kubernetes.io/docs/concepts/security/pod-security-standards, "latest"), as the
 * PodSecurity admission controller applies them to a pod spec. Pure functions: a pod spec in, one line per
 * violated control out (empty when the pod is admitted).
 *
 * Also where pod templates live in workload kinds, and the namespace level that applies to them.
 */
import { KubernetesObject, SynthesizedObject } from "./kubernetesSchemas";

export type PodSecurityLevel = "privileged" | "baseline" | "restricted";

const LEVEL_LABEL = "pod-security.kubernetes.io/enforce";
/** Annotation on a namespace enforcing less than `restricted`: why (the exception is documented where it is made). */
export const POD_SECURITY_EXCEPTION_ANNOTATION = "platform/pod-security-exception";

const BASELINE_CAPABILITIES = new Set(["AUDIT_WRITE", "CHOWN", "DAC_OVERRIDE", "FOWNER", "FSETID", "KILL", "MKNOD", "NET_BIND_SERVICE", "SETFCAP", "SETGID", "SETPCAP", "SETUID", "SYS_CHROOT"]);
const RESTRICTED_VOLUME_TYPES = new Set(["configMap", "csi", "downwardAPI", "emptyDir", "ephemeral", "persistentVolumeClaim", "projected", "secret"]);
const SAFE_SYSCTLS = new Set([
    "kernel.shm_rmid_forced",
    "net.ipv4.ip_local_port_range",
    "net.ipv4.ip_unprivileged_port_start",
    "net.ipv4.tcp_syncookies",
    "net.ipv4.ping_group_range",
    "net.ipv4.ip_local_reserved_ports",
    "net.ipv4.tcp_keepalive_time",
    "net.ipv4.tcp_fin_timeout",
    "net.ipv4.tcp_keepalive_intvl",
    "net.ipv4.tcp_keepalive_probes",
]);
const SELINUX_TYPES = new Set(["", "container_t", "container_init_t", "container_kvm_t", "container_engine_t"]);

interface Container {
    name: string;
    securityContext?: any;
    ports?: { hostPort?: number }[];
}

function containersOf(pod: any): { where: string; container: Container }[] {
    return (["initContainers", "containers", "ephemeralContainers"] as const).flatMap((field) =>
        ((pod?.[field] ?? []) as Container[]).map((container, i) => ({ where: `${field}[${i}] (${container?.name})`, container })),
    );
}

/** Baseline controls: what every level above privileged forbids. */
export function baselineProblems(pod: any): string[] {
    const problems: string[] = [];
    const podContext = pod?.securityContext ?? {};
    if (pod?.hostNetwork === true || pod?.hostPID === true || pod?.hostIPC === true) {
        problems.push("host namespaces: hostNetwork, hostPID and hostIPC must be unset or false");
    }
    if (podContext.windowsOptions?.hostProcess === true) {
        problems.push("HostProcess: securityContext.windowsOptions.hostProcess must be unset or false");
    }
    for (const volume of pod?.volumes ?? []) {
        if (volume?.hostPath !== undefined) {
            problems.push(`hostPath volumes: volume "${volume.name}" is a hostPath`);
        }
    }
    const seLinux = [podContext.seLinuxOptions, ...containersOf(pod).map((c) => c.container.securityContext?.seLinuxOptions)];
    if (seLinux.some((o) => o && (!SELINUX_TYPES.has(o.type ?? "") || o.user !== undefined || o.role !== undefined))) {
        problems.push("SELinux: type must be one of container_t, container_init_t, container_kvm_t, container_engine_t; user and role unset");
    }
    for (const sysctl of podContext.sysctls ?? []) {
        if (!SAFE_SYSCTLS.has(sysctl?.name)) {
            problems.push(`sysctls: ${sysctl?.name} is not in the safe set`);
        }
    }
    const appArmor = [podContext.appArmorProfile, ...containersOf(pod).map((c) => c.container.securityContext?.appArmorProfile)];
    if (appArmor.some((p) => p && p.type !== "RuntimeDefault" && p.type !== "Localhost")) {
        problems.push("AppArmor: appArmorProfile.type must be RuntimeDefault or Localhost");
    }
    if (podContext.seccompProfile?.type === "Unconfined") {
        problems.push("seccomp: the pod's seccompProfile must not be Unconfined");
    }
    for (const { where, container } of containersOf(pod)) {
        const context = container.securityContext ?? {};
        if (context.privileged === true) {
            problems.push(`privileged: ${where} is privileged`);
        }
        if (context.windowsOptions?.hostProcess === true) {
            problems.push(`HostProcess: ${where} sets windowsOptions.hostProcess`);
        }
        const extra = (context.capabilities?.add ?? []).filter((c: string) => !BASELINE_CAPABILITIES.has(c));
        if (extra.length > 0) {
            problems.push(`capabilities: ${where} adds ${extra.join(", ")} (beyond the baseline set)`);
        }
        if ((container.ports ?? []).some((p) => p?.hostPort !== undefined && p.hostPort !== 0)) {
            problems.push(`host ports: ${where} uses a hostPort`);
        }
        if (context.procMount !== undefined && context.procMount !== "Default") {
            problems.push(`/proc mount: ${where} sets procMount ${context.procMount}`);
        }
        if (context.seccompProfile?.type === "Unconfined") {
            problems.push(`seccomp: ${where} seccompProfile must not be Unconfined`);
        }
    }
    return problems;
}

/** Restricted controls, baseline's included. */
export function restrictedProblems(pod: any): string[] {
    const problems = baselineProblems(pod);
    const podContext = pod?.securityContext ?? {};
    for (const volume of pod?.volumes ?? []) {
        const types = Object.keys(volume ?? {}).filter((k) => k !== "name");
        const forbidden = types.filter((t) => !RESTRICTED_VOLUME_TYPES.has(t));
        if (forbidden.length > 0) {
            problems.push(`volume types: volume "${volume.name}" is ${forbidden.join(", ")} (allowed: ${[...RESTRICTED_VOLUME_TYPES].join(", ")})`);
        }
    }
    if (podContext.runAsUser === 0) {
        problems.push("running as non-root user: the pod's runAsUser must not be 0");
    }
    if (podContext.runAsNonRoot === false) {
        problems.push("running as non-root: the pod's runAsNonRoot must not be false");
    }
    const podSeccomp = podContext.seccompProfile?.type;
    for (const { where, container } of containersOf(pod)) {
        const context = container.securityContext ?? {};
        if (context.allowPrivilegeEscalation !== false) {
            problems.push(`privilege escalation: ${where} must set allowPrivilegeEscalation: false`);
        }
        const nonRoot = context.runAsNonRoot ?? podContext.runAsNonRoot;
        if (nonRoot !== true) {
            problems.push(`running as non-root: ${where} must run with runAsNonRoot: true (its own or the pod's)`);
        }
        if (context.runAsUser === 0) {
            problems.push(`running as non-root user: ${where} runAsUser must not be 0`);
        }
        const seccomp = context.seccompProfile?.type ?? podSeccomp;
        if (seccomp !== "RuntimeDefault" && seccomp !== "Localhost") {
            problems.push(`seccomp: ${where} needs seccompProfile RuntimeDefault or Localhost (its own or the pod's)`);
        }
        if (!(context.capabilities?.drop ?? []).includes("ALL")) {
            problems.push(`capabilities: ${where} must drop ALL`);
        }
        const added = (context.capabilities?.add ?? []).filter((c: string) => c !== "NET_BIND_SERVICE");
        if (added.length > 0) {
            problems.push(`capabilities: ${where} may add only NET_BIND_SERVICE (adds ${added.join(", ")})`);
        }
    }
    return problems;
}

export function podSecurityProblems(pod: any, level: PodSecurityLevel): string[] {
    return level === "restricted" ? restrictedProblems(pod) : level === "baseline" ? baselineProblems(pod) : [];
}

/** The pod spec a workload object runs, or undefined for objects that run no pods. */
export function podSpecOf(object: KubernetesObject): any | undefined {
    switch (object.kind) {
        case "Pod":
            return object.spec;
        case "Deployment":
        case "StatefulSet":
        case "DaemonSet":
        case "ReplicaSet":
        case "Job":
        case "Rollout": // argoproj.io; one with workloadRef has no template of its own
            return object.spec?.template?.spec;
        case "CronJob":
            return object.spec?.jobTemplate?.spec?.template?.spec;
        default:
            return undefined;
    }
}

export const POD_TEMPLATE_KINDS = ["Pod", "Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Job", "CronJob", "Rollout"];

/**
 * The level enforced on `namespace` by the stack's own Namespace objects (same Kubernetes provider). A namespace
 * the stack does not create, or one without the label, must still pass `restricted`: the platform does not rely
 * on cluster defaults. A lower level counts only with the exception annotation saying why; otherwise it is
 * returned as `restricted` with the reason in `undocumented`.
 */
export function namespaceLevel(objects: SynthesizedObject[], provider: string | undefined, namespace: string): { level: PodSecurityLevel; undocumented?: string } {
    const ns = objects.find((o) => o.object.kind === "Namespace" && o.object.apiVersion === "v1" && o.resource.provider === provider && o.object.metadata?.name === namespace);
    const label = ns?.object.metadata?.labels?.[LEVEL_LABEL];
    if (label !== "baseline" && label !== "privileged") {
        return { level: "restricted" };
    }
    const reason = ns?.object.metadata?.annotations?.[POD_SECURITY_EXCEPTION_ANNOTATION];
    if (typeof reason !== "string" || reason.trim() === "") {
        return { level: "restricted", undocumented: `namespace ${namespace} enforces ${label} without a ${POD_SECURITY_EXCEPTION_ANNOTATION} annotation saying why` };
    }
    return { level: label };
}
