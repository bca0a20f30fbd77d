import * as assert from "assert";
import { CLUSTER_ADMIN_POLICY_ARN, CLUSTER_VIEW_POLICY_ARN, clusterAccessEntries, CONTROL_PLANE_LOG_TYPES, endpointAccess } from "../../components/cluster/cluster";
import { PlatformConfig, validateConfig } from "../../config";
import { runPolicyGate } from "../../offline/policyGate";
import { PROJECT_ROOT } from "../../offline/stackFiles";
import { stackConfig } from "../support/config";
import { ofType, single, STACKS, synthesizeStack } from "../support/synthesis";

const NODE_GROUP = "aws:eks/nodeGroup:NodeGroup";
const ADDON = "aws:eks/addon:Addon";

/** The stack's validated config, as the program receives it. */
function configOf(stack: string): PlatformConfig {
    return validateConfig(stackConfig(stack));
}

describe("cluster: pure rules", () => {
    it("keeps the endpoint private unless CIDRs are configured, and never opens it to the world", () => {
        assert.deepStrictEqual(endpointAccess([]), { endpointPrivateAccess: true, endpointPublicAccess: false });
        assert.deepStrictEqual(endpointAccess(["203.0.113.0/24"]), { endpointPrivateAccess: true, endpointPublicAccess: true, publicAccessCidrs: ["203.0.113.0/24"] });
        assert.throws(() => endpointAccess(["203.0.113.0/24", "0.0.0.0/0"]), /may not be open to 0\.0\.0\.0\/0/);
        assert.throws(() => endpointAccess(["::/0"]), /may not be open to ::\/0/);
    });

    it("grants cluster-admin to admin and CI roles and read-only access to viewers, with stable keys", () => {
        const entries = clusterAccessEntries(
            ["arn:aws:iam::111122223333:role/platform-admin"],
            ["arn:aws:iam::111122223333:role/ci/deployer"],
            ["arn:aws:iam::111122223333:role/github-actions-plan"],
        );
        assert.deepStrictEqual(Object.keys(entries), ["admin-platform-admin", "ci-deployer", "viewer-github-actions-plan"]);
        assert.deepStrictEqual(entries["ci-deployer"].accessPolicies!["cluster-admin"], { policyArn: CLUSTER_ADMIN_POLICY_ARN, accessScope: { type: "cluster" } });
        assert.deepStrictEqual(entries["viewer-github-actions-plan"].accessPolicies, { view: { policyArn: CLUSTER_VIEW_POLICY_ARN, accessScope: { type: "cluster" } } });
    });
});

describe("cluster: synthesized stacks", () => {
    for (const stack of STACKS) {
        it(`${stack}: EKS with API auth, access entries, KMS secrets encryption, all control-plane logs, private endpoint, IRSA`, async () => {
            const result = await synthesizeStack(stack);
            const clusters = ofType(result, "eks:index:Cluster");
            assert.strictEqual(clusters.length, stack === "prod" ? 2 : 1);
            for (const cluster of clusters) {
                const inputs = cluster.inputs;
                assert.strictEqual(inputs.authenticationMode, "API");
                const account = cluster.inputs.accessEntries["admin-platform-admin"].principalArn.split(":")[4];
                assert.deepStrictEqual(Object.keys(inputs.accessEntries).sort(), ["admin-platform-admin", "viewer-github-actions-plan"]);
                assert.ok(Object.values<any>(inputs.accessEntries).every((e) => e.principalArn.startsWith(`arn:aws:iam::${account}:role/`)));
                assert.deepStrictEqual(inputs.enabledClusterLogTypes, [...CONTROL_PLANE_LOG_TYPES]);
                assert.strictEqual(inputs.endpointPrivateAccess, true);
                assert.strictEqual(inputs.createOidcProvider, true);
                assert.strictEqual(inputs.skipDefaultNodeGroup, true);
                assert.ok(Array.isArray(inputs.privateSubnetIds) && inputs.privateSubnetIds.length >= 2);
                assert.strictEqual(inputs.publicSubnetIds, undefined, "control plane ENIs and nodes stay in private subnets");

                const key = result.resources.find((r) => cluster.propertyDependencies.encryptionConfigKeyArn?.includes(r.urn))!;
                assert.strictEqual(key.type, "aws:kms/key:Key");
                assert.ok(key.name.endsWith("-keys-eks-secrets"));
                assert.strictEqual(key.inputs.enableKeyRotation, true);
                assert.strictEqual(key.region, cluster.region);
            }
        });
    }

    it("dev exposes the API only to its configured CIDRs; staging and prod are private-only", async () => {
        const dev = single(await synthesizeStack("dev"), "eks:index:Cluster");
        assert.strictEqual(dev.inputs.endpointPublicAccess, true);
        assert.deepStrictEqual(dev.inputs.publicAccessCidrs, ["203.0.113.0/24"]);
        for (const cluster of ofType(await synthesizeStack("prod"), "eks:index:Cluster")) {
            assert.strictEqual(cluster.inputs.endpointPublicAccess, false);
            assert.strictEqual(cluster.inputs.publicAccessCidrs, undefined);
        }
    });

    it("pre-creates the control-plane log group, encrypted and with retention, before the cluster", async () => {
        const result = await synthesizeStack("prod");
        const cluster = ofType(result, "eks:index:Cluster")[0];
        const logGroup = single(result, "aws:cloudwatch/logGroup:LogGroup", "prod-use1-cluster-control-plane-logs");
        assert.strictEqual(logGroup.inputs.name, `/aws/eks/${cluster.inputs.name}/cluster`);
        assert.strictEqual(logGroup.inputs.retentionInDays, 365);
        assert.ok(logGroup.inputs.kmsKeyId.startsWith("arn:aws:kms:us-east-1:"));
        assert.ok(cluster.options.dependsOn.includes(logGroup.urn));
    });

    it("node groups: AL2023, IMDSv2 with hop limit 1, encrypted volumes, scaling ignored after creation", async () => {
        const result = await synthesizeStack("prod");
        const groups = ofType(result, NODE_GROUP);
        assert.strictEqual(groups.length, 4, "two node groups in each of two regions");
        for (const group of groups) {
            assert.match(group.inputs.amiType, /^AL2023_/);
            assert.deepStrictEqual(group.options.ignoreChanges, ["scalingConfig.desiredSize"]);
            const template = result.resources.find((r) => group.propertyDependencies.launchTemplate?.includes(r.urn))!;
            assert.strictEqual(template.type, "aws:ec2/launchTemplate:LaunchTemplate");
            assert.deepStrictEqual(template.inputs.metadataOptions, { httpEndpoint: "enabled", httpTokens: "required", httpPutResponseHopLimit: 1 });
            const [volume] = template.inputs.blockDeviceMappings;
            assert.strictEqual(volume.ebs.encrypted, "true");
            const key = result.resources.find((r) => template.propertyDependencies.blockDeviceMappings?.includes(r.urn) && r.type === "aws:kms/key:Key")!;
            assert.ok(key.name.endsWith("-keys-ebs"), "volumes use the EBS key");
            assert.strictEqual(template.inputs.imageId, undefined, "EKS picks the AMI from amiType and version");
            // Nodes join only once the role's policies are attached.
            const attachments = result.resources.filter((r) => r.type === "aws:iam/rolePolicyAttachment:RolePolicyAttachment" && r.name.startsWith(group.name.replace(/-ng-.*$/, "-node-policy-")));
            assert.strictEqual(attachments.length, 4);
            assert.ok(attachments.every((a) => group.options.dependsOn.includes(a.urn)));
        }
        const realtime = groups.find((g) => g.name === "prod-use1-cluster-ng-realtime")!;
        assert.deepStrictEqual(realtime.inputs.taints, [{ key: "workload", value: "realtime", effect: "NO_SCHEDULE" }]);
        assert.deepStrictEqual(realtime.inputs.scalingConfig, { minSize: 2, maxSize: 8, desiredSize: 2 });
    });

    it("the policy gate sees the node groups themselves (aws:eks/nodeGroup), not only a component's inputs", async () => {
        const prod = await synthesizeStack("prod");
        const target = ofType(prod, NODE_GROUP)[0];
        const resources = prod.resources.map((r) => (r === target ? { ...r, inputs: { ...r.inputs, launchTemplate: undefined } } : r));
        const gate = await runPolicyGate({ ...prod, resources }, PROJECT_ROOT);
        const fired = gate.violations.filter((v) => v.urn === target.urn).map((v) => `${v.policy} ${v.enforcementLevel}`);
        assert.ok(fired.includes("eks-node-group-launch-template mandatory"), fired.join(", "));
        assert.ok(fired.includes("eks-managed-node-group-launch-template mandatory"), fired.join(", "));
    });

    it("node groups follow kubernetesVersion (and a pinned AMI release), so a control-plane upgrade rolls the nodes", async () => {
        for (const stack of STACKS) {
            const result = await synthesizeStack(stack);
            // Whatever registers them (the @pulumi/eks component leaves the version unset with a launch template).
            const groups = result.resources.filter((r) => r.type === NODE_GROUP || r.type === "eks:index:ManagedNodeGroup");
            assert.ok(groups.length > 0);
            for (const group of groups) {
                assert.strictEqual(group.inputs.version, stackConfig(stack).kubernetesVersion, `${group.name} version`);
                assert.strictEqual(group.inputs.releaseVersion, undefined, "no release pinned: the latest of that version");
            }
        }
        const staging = stackConfig("staging");
        const pinned = await synthesizeStack("staging", {
            kubernetesVersion: staging.kubernetesVersion,
            nodeGroups: staging.nodeGroups.map((g: any) => ({ ...g, amiReleaseVersion: `${staging.kubernetesVersion}.0-20250704` })),
        });
        for (const group of ofType(pinned, NODE_GROUP)) {
            assert.strictEqual(group.inputs.version, staging.kubernetesVersion);
            assert.strictEqual(group.inputs.releaseVersion, `${staging.kubernetesVersion}.0-20250704`);
        }
    });

    it("creates CoreDNS and the EBS CSI driver (Deployments) after the node groups, not inside the cluster component", async () => {
        for (const stack of STACKS) {
            const result = await synthesizeStack(stack);
            for (const cluster of ofType(result, "eks:index:Cluster")) {
                // Enabled there, the component would create CoreDNS before any node exists and wait for it
                // to become ACTIVE while the node groups wait for the component (pulumi/pulumi-eks#1819).
                assert.strictEqual(cluster.inputs.corednsAddonOptions?.enabled, false, `${cluster.name} creates no CoreDNS of its own`);
                const nodeGroups = ofType(result, NODE_GROUP).filter((g) => g.region === cluster.region);
                assert.ok(nodeGroups.length > 0);
                assert.ok(nodeGroups.every((g) => g.propertyDependencies.clusterName?.includes(cluster.urn)), "node groups wait for the cluster");
                const addons = ofType(result, ADDON).filter((a) => a.region === cluster.region);
                for (const name of ["coredns", "aws-ebs-csi-driver"]) {
                    const addon = addons.find((a) => a.inputs.addonName === name);
                    assert.ok(addon, `${cluster.region}: no ${name} addon`);
                    assert.ok(addon.options.dependsOn.includes(cluster.urn));
                    for (const group of nodeGroups) {
                        assert.ok(addon.options.dependsOn.includes(group.urn), `${addon.name} waits for ${group.name}`);
                    }
                }
            }
        }
    });

    it("pins every addon version, from config (defaults known for the Kubernetes version)", async () => {
        for (const stack of STACKS) {
            const result = await synthesizeStack(stack);
            const versions = configOf(stack).clusterAddonVersions;
            for (const cluster of ofType(result, "eks:index:Cluster")) {
                assert.strictEqual(cluster.inputs.vpcCniOptions.addonVersion, versions.vpcCni);
                assert.strictEqual(cluster.inputs.kubeProxyAddonOptions.version, versions.kubeProxy);
                assert.strictEqual(cluster.inputs.kubeProxyAddonOptions.enabled, true);
                assert.strictEqual(cluster.inputs.vpcCniOptions.enableNetworkPolicy, true);
            }
            const addons = ofType(result, ADDON);
            assert.strictEqual(addons.length, 3 * ofType(result, "eks:index:Cluster").length);
            const expected: Record<string, string> = { coredns: versions.coredns, "aws-ebs-csi-driver": versions.ebsCsiDriver, "eks-pod-identity-agent": versions.podIdentityAgent };
            for (const addon of addons) {
                assert.strictEqual(addon.inputs.addonVersion, expected[addon.inputs.addonName], `${addon.name} version`);
            }
        }
        const overridden = await synthesizeStack("dev", { clusterAddonVersions: { coredns: "v1.12.1-eksbuild.2" } });
        assert.strictEqual(ofType(overridden, ADDON).find((a) => a.inputs.addonName === "coredns")!.inputs.addonVersion, "v1.12.1-eksbuild.2");
    });

    it("installs the EBS CSI driver with an IRSA role and the Pod Identity agent as managed addons", async () => {
        const result = await synthesizeStack("staging");
        const addons = ofType(result, ADDON);
        assert.deepStrictEqual(addons.map((a) => a.inputs.addonName).sort(), ["aws-ebs-csi-driver", "coredns", "eks-pod-identity-agent"]);
        const cluster = single(result, "eks:index:Cluster");
        assert.ok(addons.every((a) => a.inputs.clusterName === cluster.inputs.name && a.options.dependsOn.includes(cluster.urn)));
        const role = single(result, "aws:iam/role:Role", "-ebs-csi-role");
        const csi = addons.find((a) => a.inputs.addonName === "aws-ebs-csi-driver")!;
        assert.ok(csi.propertyDependencies.serviceAccountRoleArn.includes(role.urn));
        const trust = JSON.parse(role.inputs.assumeRolePolicy);
        const conditions = trust.Statement[0].Condition.StringEquals;
        assert.ok(Object.entries(conditions).some(([k, v]) => k.endsWith(":sub") && v === "system:serviceaccount:kube-system:ebs-csi-controller-sa"));
        assert.ok(Object.entries(conditions).some(([k, v]) => k.endsWith(":aud") && v === "sts.amazonaws.com"));
    });

    it("builds a Kubernetes provider from the cluster's kubeconfig", async () => {
        const result = await synthesizeStack("dev");
        const provider = single(result, "pulumi:providers:kubernetes");
        const kubeconfig = JSON.parse(provider.inputs.kubeconfig);
        assert.match(kubeconfig.clusters[0].cluster.server, /^https:\/\/.+\.eks\.amazonaws\.com$/);
        assert.ok(provider.propertyDependencies.kubeconfig.includes(single(result, "eks:index:Cluster").urn));
    });

    it("every AWS resource uses its region's explicit provider, never a default one", async () => {
        const result = await synthesizeStack("prod");
        const aws = result.resources.filter((r) => r.custom && r.type.startsWith("aws:"));
        assert.ok(aws.length > 100);
        for (const resource of aws) {
            assert.match(resource.provider ?? "", /[:$]pulumi:providers:aws::prod-(use1|usw2)-aws::/, `${resource.name} has provider ${resource.provider}`);
        }
        assert.deepStrictEqual([...new Set(aws.map((r) => r.region))].sort(), ["us-east-1", "us-west-2"]);
        const providers = ofType(result, "pulumi:providers:aws");
        // Provider inputs reach the engine JSON-encoded.
        const decode = (value: unknown) => (typeof value === "string" ? JSON.parse(value) : value);
        for (const provider of providers) {
            assert.deepStrictEqual(decode(provider.inputs.allowedAccountIds), ["333344445555"]);
            assert.deepStrictEqual(
                Object.keys(decode(provider.inputs.defaultTags).tags).sort(),
                ["cost-center", "data-classification", "env", "managed-by", "owner", "project", "service"],
            );
        }
    });
});
