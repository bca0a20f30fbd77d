/**
 * Kubernetes baseline: one namespace per service, Pod Security Admission at `restricted`, a ResourceQuota
 * sized from the service's autoscaling ceiling, a LimitRange with defaults, and default-deny network policy
 * with explicit allowances (ingress from the gateway and the same namespace; egress to DNS and the VPC).
 */
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { ServiceConfig, ServiceName } from "../../config";
import { mebibytes } from "../../config/validate";

/** Labels enforcing the `restricted` Pod Security Standard (enforce, audit and warn). */
export function podSecurityLabels(level: "restricted" | "baseline" = "restricted"): Record<string, string> {
    return {
        "pod-security.kubernetes.io/enforce": level,
        "pod-security.kubernetes.io/enforce-version": "latest",
        "pod-security.kubernetes.io/audit": level,
        "pod-security.kubernetes.io/warn": level,
    };
}

/**
 * Quota for a service namespace: room for maxReplicas plus a 25% rolling-update surge plus one job pod
 * (migrations), at the service's per-pod requests and limits.
 */
export function namespaceQuota(service: ServiceConfig): Record<string, string> {
    const pods = service.maxReplicas + Math.ceil(service.maxReplicas * 0.25) + 1;
    return {
        pods: String(pods),
        "requests.cpu": `${pods * parseInt(service.cpuRequest, 10)}m`,
        "limits.cpu": `${pods * parseInt(service.cpuLimit, 10)}m`,
        "requests.memory": `${pods * mebibytes(service.memoryRequest)}Mi`,
        "limits.memory": `${pods * mebibytes(service.memoryLimit)}Mi`,
        "services.loadbalancers": "0",
        "services.nodeports": "0",
    };
}

/** Default requests/limits for containers that do not set their own, and a per-container ceiling. */
export function containerLimitRange(service: ServiceConfig): k8s.types.input.core.v1.LimitRangeItem {
    return {
        type: "Container",
        defaultRequest: { cpu: service.cpuRequest, memory: service.memoryRequest },
        default: { cpu: service.cpuLimit, memory: service.memoryLimit },
        max: { cpu: service.cpuLimit, memory: service.memoryLimit },
    };
}

/** Egress to the cluster's DNS (CoreDNS in kube-system), which every default-deny namespace needs. */
export function dnsEgressRule(): k8s.types.input.networking.v1.NetworkPolicyEgressRule {
    return {
        to: [{ namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "kube-system" } }, podSelector: { matchLabels: { "k8s-app": "kube-dns" } } }],
        ports: [
            { protocol: "UDP", port: 53 },
            { protocol: "TCP", port: 53 },
        ],
    };
}

/** Network policy for a service namespace: deny by default, then the allowances this platform relies on. */
export function serviceNetworkPolicySpec(args: {
    gatewayNamespace: string;
    vpcCidrs: string[];
    allowInternetEgress: boolean;
}): k8s.types.input.networking.v1.NetworkPolicySpec {
    const egress: k8s.types.input.networking.v1.NetworkPolicyEgressRule[] = [dnsEgressRule(), { to: args.vpcCidrs.map((cidr) => ({ ipBlock: { cidr } })) }];
    if (args.allowInternetEgress) {
        egress.push({ to: [{ ipBlock: { cidr: "0.0.0.0/0", except: args.vpcCidrs } }], ports: [{ protocol: "TCP", port: 443 }] });
    }
    return {
        podSelector: {},
        policyTypes: ["Ingress", "Egress"],
        ingress: [
            {
                from: [
                    { namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": args.gatewayNamespace } } },
                    { podSelector: {} },
                ],
            },
        ],
        egress,
    };
}

export interface KubernetesBaselineArgs {
    services: Record<ServiceName, ServiceConfig>;
    gatewayNamespace: string;
    vpcCidrs: string[];
}

export class KubernetesBaseline extends pulumi.ComponentResource {
    readonly namespaces: Record<ServiceName, pulumi.Output<string>>;

    /** opts.provider is the cluster's Kubernetes provider. */
    constructor(name: string, args: KubernetesBaselineArgs, opts?: pulumi.ComponentResourceOptions) {
        super("platform:cluster:KubernetesBaseline", name, {}, opts);
        const parent = { parent: this };
        const namespaces = {} as Record<ServiceName, pulumi.Output<string>>;
        for (const [serviceName, service] of Object.entries(args.services) as Array<[ServiceName, ServiceConfig]>) {
            const namespace = new k8s.core.v1.Namespace(
                `${name}-${serviceName}-ns`,
                { metadata: { name: serviceName, labels: { ...podSecurityLabels("restricted"), "platform/service": serviceName } } },
                parent,
            );
            const ns = namespace.metadata.name;
            new k8s.core.v1.ResourceQuota(`${name}-${serviceName}-quota`, { metadata: { name: "service-quota", namespace: ns }, spec: { hard: namespaceQuota(service) } }, parent);
            new k8s.core.v1.LimitRange(`${name}-${serviceName}-limits`, { metadata: { name: "container-defaults", namespace: ns }, spec: { limits: [containerLimitRange(service)] } }, parent);
            new k8s.networking.v1.NetworkPolicy(
                `${name}-${serviceName}-netpol`,
                {
                    metadata: { name: "default-deny-with-allowances", namespace: ns },
                    spec: serviceNetworkPolicySpec({ gatewayNamespace: args.gatewayNamespace, vpcCidrs: args.vpcCidrs, allowInternetEgress: service.allowInternetEgress }),
                },
                parent,
            );
            namespaces[serviceName] = ns;
        }
        this.namespaces = namespaces;
        this.registerOutputs({ namespaces });
    }
}
