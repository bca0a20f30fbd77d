/**
 * The cluster keys checked against kubernetesVersion (config/sections/cluster.ts), called directly: every add-on
 * has a version (configured or known for that Kubernetes), kube-proxy and node AMIs are builds of that version.
 * Also the region-name suggestion and the IAM path bound of config/sections/common.ts.
 */
import * as assert from "assert";
import { clusterProblems, KNOWN_ADDON_VERSIONS, nodeGroupSchema, resolveAddonVersions } from "../../config/sections/cluster";
import { awsRegionName, iamRoleArn } from "../../config/sections/common";

const KNOWN = "1.33";
const group = { name: "general", instanceTypes: ["m7i.large"], minSize: 1, maxSize: 3, desiredSize: 1 };
const keysOf = (problems: { path: (string | number)[] }[]) => problems.map((p) => p.path.join("."));
const check = (patch: Partial<Parameters<typeof clusterProblems>[0]>) =>
    clusterProblems({ kubernetesVersion: KNOWN, clusterAddonVersions: {}, nodeGroups: [nodeGroupSchema.parse(group)], ...patch });

describe("config sections: cluster versions", () => {
    it("a known Kubernetes version needs no add-on versions; the known ones are used", () => {
        assert.deepStrictEqual(check({}), []);
        assert.deepStrictEqual(resolveAddonVersions(KNOWN, {}), KNOWN_ADDON_VERSIONS[KNOWN]);
    });

    it("an unknown Kubernetes version names each add-on without a version, and how to find one", () => {
        const problems = check({ kubernetesVersion: "1.40" });
        assert.deepStrictEqual(keysOf(problems), ["vpcCni", "kubeProxy", "coredns", "ebsCsiDriver", "podIdentityAgent"].map((k) => `clusterAddonVersions.${k}`));
        assert.match(problems[2].message, /^no known coredns version for Kubernetes 1\.40; set one \(aws eks describe-addon-versions --kubernetes-version 1\.40 --addon-name coredns\)$/);
    });

    it("configured versions fill the gaps: a kube-proxy of that Kubernetes version passes, another one is named", () => {
        const versions = { vpcCni: "v1.20.1-eksbuild.3", coredns: "v1.12.4-eksbuild.1", ebsCsiDriver: "v1.48.0-eksbuild.2", podIdentityAgent: "v1.3.8-eksbuild.2" };
        assert.deepStrictEqual(check({ kubernetesVersion: "1.40", clusterAddonVersions: { ...versions, kubeProxy: "v1.40.0-eksbuild.1" } }), []);
        const problems = check({ clusterAddonVersions: { kubeProxy: "v1.32.5-eksbuild.2" } });
        assert.deepStrictEqual(keysOf(problems), ["clusterAddonVersions.kubeProxy"]);
        assert.match(problems[0].message, /^v1\.32\.5-eksbuild\.2 is not a kube-proxy build of Kubernetes 1\.33; expected v1\.33\.x-eksbuild\.N$/);
        // 1.3 is not a prefix match for 1.33's builds.
        assert.deepStrictEqual(keysOf(check({ kubernetesVersion: "1.3", clusterAddonVersions: { ...versions, kubeProxy: "v1.33.5-eksbuild.2" } })), ["clusterAddonVersions.kubeProxy"]);
    });

    it("node AMI releases: of the Kubernetes version, at the group's index; unset is fine", () => {
        const good = nodeGroupSchema.parse({ ...group, amiReleaseVersion: "1.33.5-20251016" });
        const other = nodeGroupSchema.parse({ ...group, name: "other", amiReleaseVersion: "1.32.9-20251016" });
        assert.deepStrictEqual(check({ nodeGroups: [good] }), []);
        const problems = check({ nodeGroups: [good, other] });
        assert.deepStrictEqual(keysOf(problems), ["nodeGroups.1.amiReleaseVersion"]);
        assert.match(problems[0].message, /^1\.32\.9-20251016 is an AMI release of another Kubernetes version; expected 1\.33\.x-YYYYMMDD \(kubernetesVersion\)$/);
    });

    it("node labels: 50 at most", () => {
        const labels = (n: number) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`l${i}`, "x"]));
        assert.ok(nodeGroupSchema.safeParse({ ...group, labels: labels(50) }).success);
        const result = nodeGroupSchema.safeParse({ ...group, labels: labels(51) });
        assert.ok(!result.success);
        assert.match(result.error.issues[0].message, /at most 50 labels/);
    });
});

describe("config sections: region names and IAM paths", () => {
    const message = (value: string) => {
        const result = awsRegionName.safeParse(value);
        assert.ok(!result.success, `${value} accepted`);
        return result.error.issues[0].message;
    };

    it("a name two characters off a region gets a suggestion, three off does not", () => {
        assert.match(message("us-eats-1"), /did you mean us-east-1\?/);
        assert.doesNotMatch(message("xx-east-9"), /did you mean/);
        assert.match(message("xx-east-9"), /^not an AWS region \(expected a region name like us-east-1\)$/);
    });

    it("IAM role paths: 512 characters at most, counted between role/ and the name", () => {
        const arn = (pathLength: number) => `arn:aws:iam::123456789012:role/${"p".repeat(pathLength - 1)}/admin`;
        assert.ok(iamRoleArn.safeParse(arn(511)).success);
        assert.ok(!iamRoleArn.safeParse(arn(512)).success, "a 512-character path plus the leading slash is 513");
        assert.ok(iamRoleArn.safeParse("arn:aws:iam::123456789012:role/admin").success);
    });
});
