/**
 * Cluster config: every EKS add-on version is pinned, by default to versions known to exist for the
 * configured Kubernetes version, and versions or AMI releases of another Kubernetes version are rejected
 * with the key named.
 */
import * as assert from "assert";
import { ADDON_NAMES, AddonKey, KNOWN_ADDON_VERSIONS, validateConfig } from "../../config";
import { configProblems, stackConfig } from "../support/config";

const ADDON_KEYS = Object.keys(ADDON_NAMES) as AddonKey[];

describe("cluster config: add-on versions and node AMI releases", () => {
    it("pins every add-on of a known Kubernetes version to a version of the form EKS publishes", () => {
        const config = validateConfig(stackConfig("prod"));
        assert.strictEqual(config.kubernetesVersion, "1.33");
        assert.deepStrictEqual(Object.keys(config.clusterAddonVersions).sort(), [...ADDON_KEYS].sort());
        for (const key of ADDON_KEYS) {
            assert.match(config.clusterAddonVersions[key], /^v\d+\.\d+\.\d+-eksbuild\.\d+$/, key);
        }
        assert.match(config.clusterAddonVersions.kubeProxy, /^v1\.33\./, "kube-proxy is the build of the cluster's version");
        assert.deepStrictEqual(config.clusterAddonVersions, KNOWN_ADDON_VERSIONS["1.33"]);
    });

    it("a configured version replaces the default of that add-on only", () => {
        const config = validateConfig({ ...stackConfig("dev"), clusterAddonVersions: { ebsCsiDriver: "v1.46.0-eksbuild.1" } });
        assert.strictEqual(config.clusterAddonVersions.ebsCsiDriver, "v1.46.0-eksbuild.1");
        assert.strictEqual(config.clusterAddonVersions.coredns, KNOWN_ADDON_VERSIONS["1.33"].coredns);
    });

    it("a Kubernetes version without known add-on versions needs every one configured, each key named", () => {
        // (dev's Cluster Autoscaler image is 1.33's: left out, its own check is in tests/config/nodeAutoscalingRules.spec.ts.)
        const raw = { ...stackConfig("dev"), kubernetesVersion: "1.34", nodeAutoscaling: { mode: "none" } };
        const problems = configProblems(raw);
        for (const key of ADDON_KEYS) {
            const problem = problems.find((p) => p.key === `platform:clusterAddonVersions.${key}`);
            assert.ok(problem, `no problem for ${key}: ${JSON.stringify(problems)}`);
            assert.match(problem.message, new RegExp(`no known ${ADDON_NAMES[key]} version for Kubernetes 1\\.34.*describe-addon-versions --kubernetes-version 1\\.34`));
        }
        const versions = { vpcCni: "v1.20.5-eksbuild.1", kubeProxy: "v1.34.1-eksbuild.2", coredns: "v1.12.4-eksbuild.1", ebsCsiDriver: "v1.53.0-eksbuild.1", podIdentityAgent: "v1.3.10-eksbuild.1" };
        assert.deepStrictEqual(validateConfig({ ...raw, clusterAddonVersions: versions }).clusterAddonVersions, versions);
    });

    it("rejects a kube-proxy of another Kubernetes version and versions not of EKS's form", () => {
        const raw = stackConfig("staging");
        const kubeProxy = configProblems({ ...raw, clusterAddonVersions: { kubeProxy: "v1.32.6-eksbuild.8" } });
        assert.match(kubeProxy.find((p) => p.key === "platform:clusterAddonVersions.kubeProxy")?.message ?? "", /not a kube-proxy build of Kubernetes 1\.33/);
        const coredns = configProblems({ ...raw, clusterAddonVersions: { coredns: "1.12.4" } });
        assert.match(coredns.find((p) => p.key === "platform:clusterAddonVersions.coredns")?.message ?? "", /expected an EKS add-on version/);
        assert.match(configProblems({ ...raw, clusterAddonVersions: { coreDns: "v1.12.4-eksbuild.1" } })[0].key, /clusterAddonVersions\.coreDns/, "unknown add-on keys are errors");
    });

    it("rejects an AMI release of another Kubernetes version, or not of EKS's form", () => {
        const raw = stackConfig("prod");
        const pin = (release: string) => ({ ...raw, nodeGroups: raw.nodeGroups.map((g: any, i: number) => (i === 1 ? { ...g, amiReleaseVersion: release } : g)) });
        assert.match(configProblems(pin("1.32.3-20250610")).find((p) => p.key === "platform:nodeGroups[1].amiReleaseVersion")?.message ?? "", /another Kubernetes version; expected 1\.33/);
        assert.match(configProblems(pin("latest")).find((p) => p.key === "platform:nodeGroups[1].amiReleaseVersion")?.message ?? "", /expected an EKS AMI release version/);
        assert.strictEqual(validateConfig(pin("1.33.0-20250704")).nodeGroups[1].amiReleaseVersion, "1.33.0-20250704");
    });
});
