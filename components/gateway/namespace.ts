/**
 * The baseline of Kong's namespace, as data the Kubernetes baseline applies (the same shape as a service
 * namespace's): quota for the proxy pods and their controller sidecar, container defaults, and a default-deny
 * network policy admitting only the VPC (the NLB, probes, scrapes) on the TLS proxy and status ports.
 */
import type * as k8s from "@pulumi/kubernetes";
import { GatewayConfig } from "../../config/sections/gateway";
import type { GatewayNamespaceBaseline } from "../cluster/kubernetesBaseline";
import { KONG_POD_LABELS } from "./kongNames";
import { KONG_PROXY_TLS_PORT, KONG_STATUS_PORT } from "./loadBalancer";

/** The ingress controller sidecar's requests and limits (kong.ts values). */
const CONTROLLER = { cpuRequest: 100, cpuLimit: 500, memoryRequest: 128, memoryLimit: 512 };

const milli = (q: string) => parseInt(q, 10);

/** Room for every replica, a rolling-update surge of one, and one spare; one load balancer (the NLB), no node ports. */
export function gatewayNamespaceQuota(gateway: GatewayConfig): Record<string, string> {
    const pods = gateway.replicas + 2;
    const r = gateway.resources;
    return {
        pods: String(pods),
        "requests.cpu": `${pods * (milli(r.cpuRequest) + CONTROLLER.cpuRequest)}m`,
        "limits.cpu": `${pods * (milli(r.cpuLimit) + CONTROLLER.cpuLimit)}m`,
        "requests.memory": `${pods * (milli(r.memoryRequest) + CONTROLLER.memoryRequest)}Mi`,
        "limits.memory": `${pods * (milli(r.memoryLimit) + CONTROLLER.memoryLimit)}Mi`,
        "services.loadbalancers": "1",
        "services.nodeports": "0",
    };
}

/** The port of an http(s) URL (explicit, else the scheme's). */
export function urlPort(url: string): number {
    const parsed = new URL(url);
    return parsed.port ? Number(parsed.port) : parsed.protocol === "https:" ? 443 : 80;
}

/**
 * Deny by default. In: from the VPC only (the NLB's addresses with IP targets and no client IP preservation,
 * nodes and pods), on the TLS proxy port (traffic and TCP health checks) and the status port (kubelet probes,
 * Prometheus); never the Admin API (it listens on the pod's loopback). Out:
 * DNS; the services' pods on their ports; the VPC on 443 (Kubernetes API for the controller) and 6379 (Redis);
 * the configured log and trace endpoints; the Datadog agent (DogStatsD, UDP) with sink datadog.
 */
export function gatewayNetworkPolicy(args: {
    gateway: GatewayConfig;
    vpcCidr: string;
    servicePorts: Record<string, number>;
    dnsRule: k8s.types.input.networking.v1.NetworkPolicyEgressRule;
    redisPort: number;
}): k8s.types.input.networking.v1.NetworkPolicySpec {
    const { gateway } = args;
    const egress: k8s.types.input.networking.v1.NetworkPolicyEgressRule[] = [args.dnsRule];
    for (const [service, port] of Object.entries(args.servicePorts)) {
        egress.push({
            to: [{ namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": service } }, podSelector: { matchLabels: { "app.kubernetes.io/name": service } } }],
            ports: [{ protocol: "TCP", port }],
        });
    }
    egress.push({
        to: [{ ipBlock: { cidr: args.vpcCidr } }],
        ports: [
            { protocol: "TCP", port: 443 },
            { protocol: "TCP", port: args.redisPort },
        ],
    });
    const urls = [gateway.logging?.sink === "elk" ? gateway.logging.endpoint : undefined, gateway.tracing?.endpoint].filter((u): u is string => u !== undefined);
    for (const port of [...new Set(urls.map(urlPort))]) {
        egress.push({ to: [{ ipBlock: { cidr: "0.0.0.0/0" } }], ports: [{ protocol: "TCP", port }] });
    }
    if (gateway.logging?.sink === "datadog") {
        egress.push({ to: [{ ipBlock: { cidr: args.vpcCidr } }], ports: [{ protocol: "UDP", port: gateway.logging.agentPort }] });
    }
    return {
        podSelector: {},
        policyTypes: ["Ingress", "Egress"],
        ingress: [
            {
                from: [{ ipBlock: { cidr: args.vpcCidr } }],
                ports: [
                    { protocol: "TCP", port: KONG_PROXY_TLS_PORT },
                    { protocol: "TCP", port: KONG_STATUS_PORT },
                ],
            },
        ],
        egress,
    };
}

/** Everything the Kubernetes baseline needs for Kong's namespace. */
export function gatewayNamespaceBaseline(args: Parameters<typeof gatewayNetworkPolicy>[0]): GatewayNamespaceBaseline {
    const r = args.gateway.resources;
    return {
        quota: gatewayNamespaceQuota(args.gateway),
        limits: {
            type: "Container",
            defaultRequest: { cpu: `${CONTROLLER.cpuRequest}m`, memory: `${CONTROLLER.memoryRequest}Mi` },
            default: { cpu: `${CONTROLLER.cpuLimit}m`, memory: `${CONTROLLER.memoryLimit}Mi` },
            max: { cpu: `${Math.max(milli(r.cpuLimit), CONTROLLER.cpuLimit)}m`, memory: `${Math.max(milli(r.memoryLimit), CONTROLLER.memoryLimit)}Mi` },
        },
        networkPolicy: gatewayNetworkPolicy(args),
    };
}

export { KONG_POD_LABELS };
