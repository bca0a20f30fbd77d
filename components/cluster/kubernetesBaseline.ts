/**
 * Kubernetes baseline: one namespace per service, Pod Security Admission at `restricted`, a ResourceQuota
 * sized from the service's autoscaling ceiling, a LimitRange with defaults, and default-deny network policy
 * with explicit allowances: ingress from the gateway and the same namespace; egress to DNS, the interface
 * endpoints on 443 (AWS APIs and S3), and only the data stores the service uses, on their ports; 443 to the
 * internet for services that ask for it.
 */
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { DataStoreName, ServiceConfig } from "../../config";
import { mebibytes } from "../../config/validate";
import { ATLAS_PRIVATE_LINK_PORTS } from "../datastores/atlas";
import { POSTGRES_PORT } from "../datastores/postgres";
import { REDIS_PORT } from "../datastores/redis";
import { KONG_POD_LABELS } from "../gateway/kongNames";

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

/** A destination a NetworkPolicy can name: CIDRs (the only thing it can say about addresses outside the cluster) and TCP ports. */
export interface EgressTarget {
    cidrs: string[];
    /** Ranges carved out of every CIDR (the VPC, for targets on the internet). */
    except?: string[];
    /** One port, or a range (NetworkPolicy endPort). */
    port: number;
    endPort?: number;
}

/** Where the region's data stores and AWS endpoints live, as CIDRs known before deployment. */
export interface EgressTargets {
    /** Subnets holding the interface endpoints (STS, ECR, Secrets Manager, KMS, Logs, S3): HTTPS. */
    interfaceEndpoints: EgressTarget;
    /** Per data store a service may use: where it listens. Missing when the region has none reachable. */
    dataStores: Partial<Record<DataStoreName, EgressTarget>>;
    /** The VPC(s), excluded from the internet rule so it cannot be used to reach inside. */
    vpcCidrs: string[];
}

/** Atlas clusters listen on 27017 at public addresses when reached through the IP access list. */
export const ATLAS_PUBLIC_PORT = 27017;

/**
 * The region's egress targets from where things are placed: Postgres in the isolated database subnets,
 * Redis and every interface endpoint (AWS APIs, S3, the Atlas PrivateLink endpoint) in the private subnets.
 * A store the region does not run locally gets no target: a standby region's services cannot reach the
 * primary's VPC anyway (no peering), so opening it would only widen the policy.
 */
export function regionEgressTargets(args: {
    vpcCidr: string;
    subnetCidrs: { private: string[]; database: string[] };
    interfaceEndpointCidrs: string[];
    postgres: boolean;
    redis: boolean;
    atlas?: "privateLink" | "ipAccessList";
}): EgressTargets {
    const dataStores: EgressTargets["dataStores"] = {};
    if (args.postgres) {
        dataStores.postgres = { cidrs: args.subnetCidrs.database, port: POSTGRES_PORT };
    }
    if (args.redis) {
        dataStores.redis = { cidrs: args.subnetCidrs.private, port: REDIS_PORT };
    }
    if (args.atlas === "privateLink") {
        // Atlas's endpoint service maps one port per node out of this range.
        dataStores.atlas = { cidrs: args.subnetCidrs.private, port: ATLAS_PRIVATE_LINK_PORTS.from, endPort: ATLAS_PRIVATE_LINK_PORTS.to };
    } else if (args.atlas === "ipAccessList") {
        dataStores.atlas = { cidrs: ["0.0.0.0/0"], except: [args.vpcCidr], port: ATLAS_PUBLIC_PORT };
    }
    return { interfaceEndpoints: { cidrs: args.interfaceEndpointCidrs, port: 443 }, dataStores, vpcCidrs: [args.vpcCidr] };
}

function egressTo(target: EgressTarget): k8s.types.input.networking.v1.NetworkPolicyEgressRule {
    return {
        to: target.cidrs.map((cidr) => ({ ipBlock: target.except ? { cidr, except: target.except } : { cidr } })),
        ports: [{ protocol: "TCP", port: target.port, ...(target.endPort !== undefined ? { endPort: target.endPort } : {}) }],
    };
}

/**
 * Egress of a service namespace: DNS, HTTPS to the interface endpoints (IRSA needs STS; S3 resolves there
 * through private DNS), each data store the service uses on its own port (the documents bucket is S3, already
 * covered), and 443 to the internet only with allowInternetEgress.
 */
export function serviceEgressRules(args: { dataStores: readonly DataStoreName[]; allowInternetEgress: boolean; targets: EgressTargets }): k8s.types.input.networking.v1.NetworkPolicyEgressRule[] {
    const egress = [dnsEgressRule(), egressTo(args.targets.interfaceEndpoints)];
    for (const store of args.dataStores) {
        const target = args.targets.dataStores[store];
        if (target) {
            egress.push(egressTo(target));
        }
    }
    if (args.allowInternetEgress) {
        egress.push({ to: [{ ipBlock: { cidr: "0.0.0.0/0", except: args.targets.vpcCidrs } }], ports: [{ protocol: "TCP", port: 443 }] });
    }
    return egress;
}

/**
 * Network policy for a service namespace: deny by default, then the allowances this platform relies on. From
 * the gateway, only Kong's proxy pods (namespace and pod selector in one peer: both must match).
 */
export function serviceNetworkPolicySpec(args: {
    gatewayNamespace: string;
    egress: k8s.types.input.networking.v1.NetworkPolicyEgressRule[];
    /** Further allowed sources (the observability module's scrapers). */
    extraIngress?: k8s.types.input.networking.v1.NetworkPolicyIngressRule[];
}): k8s.types.input.networking.v1.NetworkPolicySpec {
    return {
        podSelector: {},
        policyTypes: ["Ingress", "Egress"],
        ingress: [
            {
                from: [
                    { namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": args.gatewayNamespace } }, podSelector: { matchLabels: { ...KONG_POD_LABELS } } },
                    { podSelector: {} },
                ],
            },
            ...(args.extraIngress ?? []),
        ],
        egress: args.egress,
    };
}

/** The gateway's namespace gets the same baseline as a service's, with the gateway module's numbers. */
export interface GatewayNamespaceBaseline {
    quota: Record<string, string>;
    limits: k8s.types.input.core.v1.LimitRangeItem;
    networkPolicy: k8s.types.input.networking.v1.NetworkPolicySpec;
}

export interface KubernetesBaselineArgs {
    services: Record<string, ServiceConfig>;
    gatewayNamespace: string;
    egressTargets: EgressTargets;
    gateway?: GatewayNamespaceBaseline;
    /**
     * Telemetry allowances every service namespace adds (components/observability `telemetryNetworkPolicyRules`:
     * scrapes of port http, OTLP or DogStatsD out); folded into this policy instead of one more object per namespace.
     */
    telemetry?: { ingress: k8s.types.input.networking.v1.NetworkPolicyIngressRule[]; egress: k8s.types.input.networking.v1.NetworkPolicyEgressRule[] };
}

export class KubernetesBaseline extends pulumi.ComponentResource {
    readonly namespaces: Record<string, pulumi.Output<string>>;
    /** The gateway's namespace, when `gateway` was given. */
    readonly gatewayNamespace?: pulumi.Output<string>;

    /** opts.provider is the cluster's Kubernetes provider. */
    constructor(name: string, args: KubernetesBaselineArgs, opts?: pulumi.ComponentResourceOptions) {
        super("platform:cluster:KubernetesBaseline", name, {}, opts);
        const parent = { parent: this };
        const namespaces = {} as Record<string, pulumi.Output<string>>;
        for (const [serviceName, service] of Object.entries(args.services) as Array<[string, ServiceConfig]>) {
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
                    spec: serviceNetworkPolicySpec({
                        gatewayNamespace: args.gatewayNamespace,
                        egress: [
                            ...serviceEgressRules({ dataStores: service.dataStores, allowInternetEgress: service.allowInternetEgress, targets: args.egressTargets }),
                            ...(args.telemetry?.egress ?? []),
                        ],
                        extraIngress: args.telemetry?.ingress,
                    }),
                },
                parent,
            );
            namespaces[serviceName] = ns;
        }
        this.namespaces = namespaces;
        if (args.gateway) {
            // The load balancer controller's readiness gate: a Kong rollout waits until new pods are healthy NLB targets.
            this.gatewayNamespace = this.namespaceWithBaseline(name, args.gatewayNamespace, args.gateway, { "platform/component": "gateway", "elbv2.k8s.aws/pod-readiness-gate-inject": "enabled" });
        }
        this.registerOutputs({ namespaces, gatewayNamespace: this.gatewayNamespace });
    }

    private namespaceWithBaseline(name: string, namespaceName: string, baseline: GatewayNamespaceBaseline, labels: Record<string, string>): pulumi.Output<string> {
        const parent = { parent: this };
        const namespace = new k8s.core.v1.Namespace(`${name}-${namespaceName}-ns`, { metadata: { name: namespaceName, labels: { ...podSecurityLabels("restricted"), ...labels } } }, parent);
        const ns = namespace.metadata.name;
        new k8s.core.v1.ResourceQuota(`${name}-${namespaceName}-quota`, { metadata: { name: "namespace-quota", namespace: ns }, spec: { hard: baseline.quota } }, parent);
        new k8s.core.v1.LimitRange(`${name}-${namespaceName}-limits`, { metadata: { name: "container-defaults", namespace: ns }, spec: { limits: [baseline.limits] } }, parent);
        new k8s.networking.v1.NetworkPolicy(`${name}-${namespaceName}-netpol`, { metadata: { name: "default-deny-with-allowances", namespace: ns }, spec: baseline.networkPolicy }, parent);
        return ns;
    }
}
