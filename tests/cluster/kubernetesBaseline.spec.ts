import * as assert from "assert";
import { containerLimitRange, namespaceQuota, podSecurityLabels, serviceNetworkPolicySpec } from "../../components/cluster/kubernetesBaseline";
import { SERVICE_NAMES, ServiceConfig } from "../../config";
import { ofType, synthesizeStack } from "../support/synthesis";

const service: ServiceConfig = {
    minReplicas: 2,
    maxReplicas: 8,
    cpuRequest: "250m",
    cpuLimit: "1000m",
    memoryRequest: "512Mi",
    memoryLimit: "1Gi",
    port: 8080,
    allowInternetEgress: false,
    dataStores: [],
};

describe("kubernetes baseline: pure rules", () => {
    it("enforces the restricted Pod Security Standard", () => {
        const labels = podSecurityLabels();
        assert.strictEqual(labels["pod-security.kubernetes.io/enforce"], "restricted");
        assert.strictEqual(labels["pod-security.kubernetes.io/warn"], "restricted");
        assert.strictEqual(labels["pod-security.kubernetes.io/audit"], "restricted");
    });

    it("sizes the quota for maxReplicas plus a 25% surge and one job pod", () => {
        // 8 + 2 + 1 = 11 pods
        assert.deepStrictEqual(namespaceQuota(service), {
            pods: "11",
            "requests.cpu": "2750m",
            "limits.cpu": "11000m",
            "requests.memory": "5632Mi",
            "limits.memory": "11264Mi",
            "services.loadbalancers": "0",
            "services.nodeports": "0",
        });
    });

    it("defaults containers to the service's requests and caps them at its limits", () => {
        assert.deepStrictEqual(containerLimitRange(service), {
            type: "Container",
            defaultRequest: { cpu: "250m", memory: "512Mi" },
            default: { cpu: "1000m", memory: "1Gi" },
            max: { cpu: "1000m", memory: "1Gi" },
        });
    });

    it("denies by default; admits the gateway and the same namespace; egress to DNS and the VPC only", () => {
        const spec = serviceNetworkPolicySpec({ gatewayNamespace: "kong", vpcCidrs: ["10.30.0.0/16"], allowInternetEgress: false }) as any;
        assert.deepStrictEqual(spec.podSelector, {});
        assert.deepStrictEqual(spec.policyTypes, ["Ingress", "Egress"]);
        assert.deepStrictEqual(spec.ingress[0].from, [{ namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "kong" } } }, { podSelector: {} }]);
        assert.strictEqual(spec.egress.length, 2);
        assert.deepStrictEqual(spec.egress[0].ports, [
            { protocol: "UDP", port: 53 },
            { protocol: "TCP", port: 53 },
        ]);
        assert.deepStrictEqual(spec.egress[1].to, [{ ipBlock: { cidr: "10.30.0.0/16" } }]);
    });

    it("adds internet egress on 443 only for services that ask, never into the VPC through that rule", () => {
        const spec = serviceNetworkPolicySpec({ gatewayNamespace: "kong", vpcCidrs: ["10.30.0.0/16"], allowInternetEgress: true }) as any;
        assert.deepStrictEqual(spec.egress[2], { to: [{ ipBlock: { cidr: "0.0.0.0/0", except: ["10.30.0.0/16"] } }], ports: [{ protocol: "TCP", port: 443 }] });
    });
});

describe("kubernetes baseline: synthesized stacks", () => {
    it("creates a namespace with quota, limits and network policy for each of the seven services, in every cluster", async () => {
        const result = await synthesizeStack("prod");
        for (const region of ["us-east-1", "us-west-2"]) {
            const namespaces = ofType(result, "kubernetes:core/v1:Namespace").filter((n) => n.region === region && n.inputs.metadata.labels?.["platform/service"]);
            assert.deepStrictEqual(namespaces.map((n) => n.inputs.metadata.name).sort(), [...SERVICE_NAMES].sort());
            for (const namespace of namespaces) {
                const name = namespace.inputs.metadata.name;
                assert.strictEqual(namespace.inputs.metadata.labels["pod-security.kubernetes.io/enforce"], "restricted");
                for (const type of ["kubernetes:core/v1:ResourceQuota", "kubernetes:core/v1:LimitRange", "kubernetes:networking.k8s.io/v1:NetworkPolicy"]) {
                    const inNamespace = ofType(result, type).filter((r) => r.region === region && r.inputs.metadata.namespace === name);
                    assert.strictEqual(inNamespace.length, 1, `${region}/${name} has ${inNamespace.length} ${type}`);
                    assert.ok(inNamespace[0].propertyDependencies.metadata.includes(namespace.urn), `${type} waits for its namespace`);
                }
            }
        }
    });

    it("uses each service's own settings: notification may reach the internet, bff may not", async () => {
        const result = await synthesizeStack("staging");
        const policies = ofType(result, "kubernetes:networking.k8s.io/v1:NetworkPolicy");
        const egressOf = (ns: string) => policies.find((p) => p.inputs.metadata.namespace === ns)!.inputs.spec.egress;
        assert.strictEqual(egressOf("notification").length, 3);
        assert.strictEqual(egressOf("bff").length, 2);
        const quota = ofType(result, "kubernetes:core/v1:ResourceQuota").find((q) => q.inputs.metadata.namespace === "realtime")!;
        assert.strictEqual(quota.inputs.spec.hard.pods, String(10 + 3 + 1));
    });

    it("Kubernetes objects go through the cluster's provider", async () => {
        const result = await synthesizeStack("dev");
        const provider = ofType(result, "pulumi:providers:kubernetes")[0];
        for (const resource of result.resources.filter((r) => r.type.startsWith("kubernetes:"))) {
            assert.ok(resource.provider?.startsWith(provider.urn), `${resource.name} uses ${resource.provider}`);
        }
    });
});
