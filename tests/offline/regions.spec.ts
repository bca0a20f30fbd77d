/**
 * The offline preview's mocks answer each resource in its own region. Components (the @pulumi/eks cluster)
 * get their provider from their parent, not from the request: the secondary region's cluster must still
 * get an endpoint, kubeconfig and OIDC issuer of that region, and so must everything built from them.
 */
import * as assert from "assert";
import { SynthesizedResource } from "../../offline/types";
import { ofType, synthesizeStack } from "../support/synthesis";

/** AWS region names, and availability zone names (a region plus a letter). */
const REGION = /\b((?:us|eu|ap|sa|ca|me|af|il|mx)-(?:gov-)?(?:north|south|east|west|central|northeast|southeast|northwest|southwest)-\d)([a-z]?)\b/g;

function strings(value: unknown, path: string, out: Array<{ path: string; text: string }>): void {
    if (typeof value === "string") {
        out.push({ path, text: value });
    } else if (Array.isArray(value)) {
        value.forEach((v, i) => strings(v, `${path}[${i}]`, out));
    } else if (value !== null && typeof value === "object") {
        Object.entries(value).forEach(([k, v]) => strings(v, `${path}.${k}`, out));
    }
}

/** Strings the provider computed: outputs not echoed from the inputs. */
function computedStrings(resource: SynthesizedResource): Array<{ path: string; text: string }> {
    const out: Array<{ path: string; text: string }> = [];
    for (const [key, value] of Object.entries(resource.outputs ?? {})) {
        if (JSON.stringify(value) !== JSON.stringify(resource.inputs[key])) {
            strings(value, key, out);
        }
    }
    return out;
}

/** Regions a string names; of an ARN only its region field (the resource part may carry any name). */
function regionsIn(text: string): string[] {
    if (text.startsWith("arn:")) {
        const region = text.split(":")[3];
        return region ? [region] : [];
    }
    return [...text.matchAll(REGION)].map((m) => m[1]);
}

describe("offline preview: every resource answered in its own region (prod)", () => {
    it("region-shaped outputs the mocks compute (ARNs, endpoints, kubeconfig, OIDC issuer) name the resource's own region", async () => {
        const result = await synthesizeStack("prod");
        const wrong: string[] = [];
        const checked = new Map<string, number>();
        for (const resource of result.resources) {
            // AWS resources and the @pulumi/eks components: Atlas, Cloudflare and Kubernetes objects are not AWS-regional.
            if (!resource.region || !/^(aws|eks):/.test(resource.type)) {
                continue;
            }
            for (const { path, text } of computedStrings(resource)) {
                for (const region of regionsIn(text)) {
                    checked.set(resource.region, (checked.get(resource.region) ?? 0) + 1);
                    if (region !== resource.region) {
                        wrong.push(`${resource.region} ${resource.name} ${path}: ${region} in ${text.slice(0, 120)}`);
                    }
                }
            }
        }
        assert.deepStrictEqual(wrong, []);
        assert.ok((checked.get("us-east-1") ?? 0) > 50 && (checked.get("us-west-2") ?? 0) > 50, `too little checked: ${[...checked]}`);
    });

    it("the secondary region's EKS cluster has that region's endpoint, kubeconfig and OIDC issuer", async () => {
        const result = await synthesizeStack("prod");
        const clusters = ofType(result, "eks:index:Cluster");
        assert.deepStrictEqual(clusters.map((c) => c.region).sort(), ["us-east-1", "us-west-2"]);
        for (const cluster of clusters) {
            const outputs = cluster.outputs!;
            const kubeconfig = JSON.parse(outputs.kubeconfigJson);
            const args: string[] = kubeconfig.users[0].user.exec.args;
            assert.strictEqual(args[args.indexOf("--region") + 1], cluster.region);
            assert.ok(kubeconfig.clusters[0].cluster.server.endsWith(`.${cluster.region}.eks.amazonaws.com`));
            assert.ok(outputs.oidcProviderUrl.startsWith(`https://oidc.eks.${cluster.region}.amazonaws.com/id/`));
            assert.ok(outputs.eksCluster.arn.startsWith(`arn:aws:eks:${cluster.region}:`));
        }
    });

    it("what is built from a region's cluster and zones is of that region: Kubernetes providers, IRSA trust, subnets", async () => {
        const result = await synthesizeStack("prod");
        for (const provider of ofType(result, "pulumi:providers:kubernetes")) {
            assert.deepStrictEqual([...new Set(regionsIn(provider.inputs.kubeconfig))], [provider.region], `${provider.name} kubeconfig`);
        }
        // EKS issuers are regional; GitHub's (CI push roles) is global and has no region to match.
        const irsa = ofType(result, "aws:iam/role:Role").filter((r) => /oidc-provider\/oidc\.eks\./.test(r.inputs.assumeRolePolicy ?? ""));
        assert.ok(irsa.length >= 4);
        for (const role of irsa) {
            assert.deepStrictEqual([...new Set(regionsIn(role.inputs.assumeRolePolicy))], [role.region], `${role.name} trusts another region's cluster`);
        }
        const subnets = ofType(result, "aws:ec2/subnet:Subnet");
        assert.ok(subnets.length > 0);
        for (const subnet of subnets) {
            assert.ok(subnet.inputs.availabilityZone.startsWith(subnet.region!) && subnet.inputs.availabilityZone.length === subnet.region!.length + 1, `${subnet.name} in ${subnet.inputs.availabilityZone}`);
        }
    });
});
