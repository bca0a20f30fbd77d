/**
 * Realistic mock state for the offline preview: ids, ARNs, endpoints and kubeconfigs shaped like AWS's,
 * and answers to the invokes the program makes. Deterministic: the same program gives the same plan.
 */
import * as crypto from "crypto";
import * as pulumi from "@pulumi/pulumi";

function hex(seed: string, length: number): string {
    return crypto.createHash("sha256").update(seed).digest("hex").slice(0, length);
}

/** Id prefixes AWS uses for EC2 objects, by resource type. */
const EC2_ID_PREFIXES: Record<string, string> = {
    "aws:ec2/vpc:Vpc": "vpc",
    "aws:ec2/subnet:Subnet": "subnet",
    "aws:ec2/internetGateway:InternetGateway": "igw",
    "aws:ec2/natGateway:NatGateway": "nat",
    "aws:ec2/eip:Eip": "eipalloc",
    "aws:ec2/routeTable:RouteTable": "rtb",
    "aws:ec2/securityGroup:SecurityGroup": "sg",
    "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup": "sg",
    "aws:ec2/vpcEndpoint:VpcEndpoint": "vpce",
    "aws:ec2/flowLog:FlowLog": "fl",
    "aws:ec2/launchTemplate:LaunchTemplate": "lt",
};

export interface MockContext {
    accountId: string;
    /** Region of a provider reference (`urn::id`), when it is an AWS provider. */
    regionOf(providerRef: string | undefined): string | undefined;
    defaultRegion: string;
}

export function createMocks(context: MockContext): pulumi.runtime.Mocks {
    return {
        newResource(args: pulumi.runtime.MockResourceArgs): { id: string; state: Record<string, any> } {
            const region = context.regionOf(args.provider) ?? context.defaultRegion;
            return mockResourceState(args, region, context.accountId);
        },
        call(args: pulumi.runtime.MockCallArgs): Record<string, any> {
            const region = (args.provider ? context.regionOf(args.provider) : undefined) ?? context.defaultRegion;
            return mockCall(args, region, context.accountId);
        },
    };
}

export function mockResourceState(args: pulumi.runtime.MockResourceArgs, region: string, accountId: string): { id: string; state: Record<string, any> } {
    const { type, name, inputs } = args;
    const seed = `${type}::${name}`;
    const [pkg, module] = type.split(":");
    const service = (module ?? "").split("/")[0];
    const physicalName: string = inputs.name ?? `${name}-${hex(seed, 7)}`;
    const state: Record<string, any> = { ...inputs };

    if (type.startsWith("pulumi:providers:")) {
        return { id: `${hex(seed, 8)}-provider`, state };
    }
    if (type === "eks:index:Cluster") {
        return { id: "", state: { ...state, ...eksClusterOutputs(inputs.name ?? name, region, accountId, seed) } };
    }
    if (pkg !== "aws") {
        return { id: args.custom ? `${name}-${hex(seed, 8)}` : "", state };
    }

    const ec2Prefix = EC2_ID_PREFIXES[type];
    let id = ec2Prefix ? `${ec2Prefix}-0${hex(seed, 16)}` : physicalName;
    switch (type) {
        case "aws:iam/role:Role":
            state.arn = `arn:aws:iam::${accountId}:role/${physicalName}`;
            state.name = physicalName;
            state.uniqueId = `AROA${hex(seed, 17).toUpperCase()}`;
            break;
        case "aws:kms/key:Key":
            id = `${hex(seed, 8)}-${hex(seed + "1", 4)}-${hex(seed + "2", 4)}-${hex(seed + "3", 4)}-${hex(seed + "4", 12)}`;
            state.keyId = id;
            state.arn = `arn:aws:kms:${region}:${accountId}:key/${id}`;
            break;
        case "aws:cloudwatch/logGroup:LogGroup":
            state.arn = `arn:aws:logs:${region}:${accountId}:log-group:${physicalName}`;
            break;
        case "aws:ec2/natGateway:NatGateway":
            state.publicIp = `203.0.113.${parseInt(hex(seed, 2), 16) % 254 + 1}`;
            break;
        case "aws:ec2/eip:Eip":
            state.publicIp = `198.51.100.${parseInt(hex(seed, 2), 16) % 254 + 1}`;
            break;
        case "aws:ec2/launchTemplate:LaunchTemplate":
            state.latestVersion = 1;
            break;
        default:
            break;
    }
    state.arn ??= `arn:aws:${service}:${region}:${accountId}:${service === "ec2" ? `${type.split(":")[2].toLowerCase()}/` : ""}${id}`;
    return { id, state };
}

function eksClusterOutputs(clusterName: string, region: string, accountId: string, seed: string): Record<string, any> {
    const oidcId = hex(seed, 32).toUpperCase();
    const endpoint = `https://${oidcId}.gr7.${region}.eks.amazonaws.com`;
    const kubeconfig = {
        apiVersion: "v1",
        kind: "Config",
        clusters: [{ name: clusterName, cluster: { server: endpoint, "certificate-authority-data": Buffer.from(`mock-ca-${clusterName}`).toString("base64") } }],
        contexts: [{ name: "aws", context: { cluster: clusterName, user: "aws" } }],
        "current-context": "aws",
        users: [
            {
                name: "aws",
                user: { exec: { apiVersion: "client.authentication.k8s.io/v1beta1", command: "aws", args: ["eks", "get-token", "--cluster-name", clusterName, "--region", region] } },
            },
        ],
    };
    return {
        kubeconfig,
        kubeconfigJson: JSON.stringify(kubeconfig),
        oidcProviderArn: `arn:aws:iam::${accountId}:oidc-provider/oidc.eks.${region}.amazonaws.com/id/${oidcId}`,
        oidcProviderUrl: `https://oidc.eks.${region}.amazonaws.com/id/${oidcId}`,
        oidcIssuer: `oidc.eks.${region}.amazonaws.com/id/${oidcId}`,
        clusterSecurityGroupId: `sg-0${hex(seed + "cluster", 16)}`,
        nodeSecurityGroupId: `sg-0${hex(seed + "node", 16)}`,
    };
}

export function mockCall(args: pulumi.runtime.MockCallArgs, region: string, accountId: string): Record<string, any> {
    switch (args.token) {
        case "aws:index/getAvailabilityZones:getAvailabilityZones": {
            const letters = ["a", "b", "c", "d", "e", "f"];
            return {
                id: region,
                names: letters.map((l) => `${region}${l}`),
                zoneIds: letters.map((_, i) => `${region.replace(/-/g, "").slice(0, 4)}-az${i + 1}`),
                state: "available",
            };
        }
        case "aws:index/getCallerIdentity:getCallerIdentity":
            return { accountId, arn: `arn:aws:sts::${accountId}:assumed-role/offline-preview/session`, userId: "AROAOFFLINEPREVIEW:session", id: accountId };
        case "aws:index/getRegion:getRegion":
            return { name: region, region, id: region, endpoint: `ec2.${region}.amazonaws.com`, description: region };
        case "aws:index/getPartition:getPartition":
            return { partition: "aws", dnsSuffix: "amazonaws.com", reverseDnsPrefix: "com.amazonaws", id: "aws" };
        default:
            return args.inputs;
    }
}
