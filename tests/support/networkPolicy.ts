/**
 * A small NetworkPolicy evaluator for tests (networking.k8s.io/v1 semantics): can a pod reach an address and
 * port? Policies select pods in their own namespace; a pod selected by any policy with Egress in its
 * policyTypes is isolated for egress and may send only what some rule of those policies allows. A rule with
 * no `to` allows every destination, with no `ports` every port; ipBlock matches the destination address
 * (minus `except`), namespace/pod selectors match destination pods. Ports: number, protocol (default TCP),
 * endPort. Named ports are not supported (the platform uses none) and never match.
 */
import { cidrContains, parseCidr } from "../../lib/cidr";

export interface LabelSelector {
    matchLabels?: Record<string, string>;
    matchExpressions?: Array<{ key: string; operator: "In" | "NotIn" | "Exists" | "DoesNotExist"; values?: string[] }>;
}

export interface NetworkPolicy {
    metadata: { namespace: string; name?: string };
    spec: {
        podSelector: LabelSelector;
        policyTypes?: string[];
        egress?: Array<{ to?: Peer[]; ports?: PolicyPort[] }>;
        ingress?: Array<{ from?: Peer[]; ports?: PolicyPort[] }>;
    };
}

interface Peer {
    ipBlock?: { cidr: string; except?: string[] };
    namespaceSelector?: LabelSelector;
    podSelector?: LabelSelector;
}

interface PolicyPort {
    protocol?: string;
    port?: number | string;
    endPort?: number;
}

export interface Pod {
    namespace: string;
    labels?: Record<string, string>;
    /** Labels of the pod's namespace; kubernetes.io/metadata.name is always added. */
    namespaceLabels?: Record<string, string>;
}

export interface Destination {
    ip: string;
    port: number;
    protocol?: "TCP" | "UDP";
    /** When the destination is a pod, for selector peers. */
    pod?: Pod;
}

export function selects(selector: LabelSelector | undefined, labels: Record<string, string>): boolean {
    if (!selector) {
        return true;
    }
    for (const [key, value] of Object.entries(selector.matchLabels ?? {})) {
        if (labels[key] !== value) {
            return false;
        }
    }
    for (const e of selector.matchExpressions ?? []) {
        const has = Object.prototype.hasOwnProperty.call(labels, e.key);
        const ok =
            e.operator === "In" ? has && (e.values ?? []).includes(labels[e.key]) :
            e.operator === "NotIn" ? !has || !(e.values ?? []).includes(labels[e.key]) :
            e.operator === "Exists" ? has : !has;
        if (!ok) {
            return false;
        }
    }
    return true;
}

const namespaceLabelsOf = (pod: Pod) => ({ ...pod.namespaceLabels, "kubernetes.io/metadata.name": pod.namespace });

function peerMatches(peer: Peer, policyNamespace: string, dest: Destination): boolean {
    if (peer.ipBlock) {
        const host = `${dest.ip}/32`;
        return cidrContains(peer.ipBlock.cidr, host) && !(peer.ipBlock.except ?? []).some((e) => cidrContains(e, host));
    }
    if (!dest.pod) {
        return false;
    }
    const nsOk = peer.namespaceSelector ? selects(peer.namespaceSelector, namespaceLabelsOf(dest.pod)) : dest.pod.namespace === policyNamespace;
    return nsOk && selects(peer.podSelector, dest.pod.labels ?? {});
}

function portMatches(ports: PolicyPort[] | undefined, dest: Destination): boolean {
    if (!ports || ports.length === 0) {
        return true;
    }
    return ports.some((p) => {
        if ((p.protocol ?? "TCP") !== (dest.protocol ?? "TCP")) {
            return false;
        }
        if (p.port === undefined) {
            return true;
        }
        if (typeof p.port !== "number") {
            return false;
        }
        return p.endPort !== undefined ? dest.port >= p.port && dest.port <= p.endPort : dest.port === p.port;
    });
}

/** True when `from` may open a connection to `dest` under `policies` (all namespaces' policies may be passed). */
export function egressAllowed(policies: NetworkPolicy[], from: Pod, dest: Destination): boolean {
    parseCidr(`${dest.ip}/32`); // a typo in a test address should fail loudly, not silently never match
    const selecting = policies.filter((p) => p.metadata.namespace === from.namespace && selects(p.spec.podSelector, from.labels ?? {}));
    const isolating = selecting.filter((p) => (p.spec.policyTypes ?? (p.spec.egress ? ["Ingress", "Egress"] : ["Ingress"])).includes("Egress"));
    if (isolating.length === 0) {
        return true;
    }
    return isolating.some((p) => (p.spec.egress ?? []).some((rule) => (!rule.to || rule.to.length === 0 || rule.to.some((peer) => peerMatches(peer, p.metadata.namespace, dest))) && portMatches(rule.ports, dest)));
}

/** The n-th address of a CIDR (n >= 0), e.g. a host inside a subnet. */
export function addressIn(cidr: string, n: number): string {
    const { network } = parseCidr(cidr);
    const a = (network + n) >>> 0;
    return `${a >>> 24}.${(a >>> 16) & 255}.${(a >>> 8) & 255}.${a & 255}`;
}
