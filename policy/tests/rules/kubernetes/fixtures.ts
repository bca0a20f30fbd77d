/**
 * A compliant workload (restricted pod security, probes, resources, pinned image); each spec changes
 * one field of it. `deployment(mutate)` hands the mutable props to `mutate` before building the args.
 */
import * as k8s from "@pulumi/kubernetes";
import { resourceArgs } from "../../helpers";

export const DIGEST = "sha256:" + "a".repeat(64);

export function compliantContainer(name = "api"): Record<string, any> {
    return {
        name,
        image: `123456789012.dkr.ecr.eu-west-1.amazonaws.com/${name}@${DIGEST}`,
        ports: [{ containerPort: 8080 }],
        resources: { requests: { cpu: "250m", memory: "256Mi" }, limits: { cpu: "1", memory: "512Mi" } },
        readinessProbe: { httpGet: { path: "/ready", port: 8080 } },
        livenessProbe: { httpGet: { path: "/live", port: 8080 } },
        securityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ["ALL"] } },
    };
}

export function compliantPodSpec(): Record<string, any> {
    return {
        serviceAccountName: "api",
        securityContext: { runAsNonRoot: true, runAsUser: 10001, seccompProfile: { type: "RuntimeDefault" } },
        containers: [compliantContainer()],
    };
}

export function deploymentProps(): Record<string, any> {
    return {
        metadata: { name: "api", namespace: "bff" },
        spec: {
            replicas: 2,
            selector: { matchLabels: { app: "api" } },
            template: { metadata: { labels: { app: "api" } }, spec: compliantPodSpec() },
        },
    };
}

export function deployment(mutate: (props: Record<string, any>) => void = () => undefined) {
    const props = deploymentProps();
    mutate(props);
    return resourceArgs(k8s.apps.v1.Deployment, props);
}

/** The first container of a deployment's pod template. */
export const container = (props: Record<string, any>) => props.spec.template.spec.containers[0];
/** The deployment's pod spec. */
export const podSpec = (props: Record<string, any>) => props.spec.template.spec;

export function cronJob(mutate: (podSpec: Record<string, any>) => void = () => undefined) {
    const spec = compliantPodSpec();
    mutate(spec);
    return resourceArgs(k8s.batch.v1.CronJob, {
        metadata: { name: "report", namespace: "bff" },
        spec: { schedule: "0 * * * *", jobTemplate: { spec: { template: { spec: { ...spec, restartPolicy: "Never" } } } } },
    });
}

export function statefulSet(mutate: (podSpec: Record<string, any>) => void = () => undefined) {
    const spec = compliantPodSpec();
    mutate(spec);
    return resourceArgs(k8s.apps.v1.StatefulSet, {
        metadata: { name: "realtime", namespace: "realtime" },
        spec: { serviceName: "realtime", selector: { matchLabels: { app: "realtime" } }, template: { metadata: { labels: { app: "realtime" } }, spec } },
    });
}

export function daemonSet(mutate: (podSpec: Record<string, any>) => void = () => undefined) {
    const spec = compliantPodSpec();
    mutate(spec);
    return resourceArgs(k8s.apps.v1.DaemonSet, {
        metadata: { name: "agent", namespace: "observability" },
        spec: { selector: { matchLabels: { app: "agent" } }, template: { metadata: { labels: { app: "agent" } }, spec } },
    });
}
