/**
 * Realistic mock state for the offline preview: ids, ARNs, endpoints and kubeconfigs shaped like AWS's,
 * and answers to the invokes the program makes. Deterministic: the same program gives the same plan.
 */
import * as crypto from "crypto";
import * as pulumi from "@pulumi/pulumi";

const digests = new Map<string, string>();

/** Deterministic hex id material from a seed (one-shot hash, memoised: a synthesis asks for the same seed often). */
function hex(seed: string, length: number): string {
    let digest = digests.get(seed);
    if (digest === undefined) {
        digest = crypto.hash("sha256", seed, "hex");
        digests.set(seed, digest);
    }
    return digest.slice(0, length);
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

/**
 * The prefix ElastiCache puts before a global datastore's suffix, per region where it is created (the table in
 * docs.aws.amazon.com/AmazonElastiCache/latest/dg/Redis-Global-Datastores-CLI.html): us-east-1's ldgnf-<suffix>.
 */
export const GLOBAL_DATASTORE_ID_PREFIXES: Record<string, string> = {
    "us-east-2": "fpkhr",
    "us-east-1": "ldgnf",
    "us-west-1": "virxk",
    "us-west-2": "sgaui",
    "ca-central-1": "bxodz",
    "ap-south-1": "erpgt",
    "ap-northeast-1": "quwsw",
    "ap-northeast-2": "lfqnh",
    "ap-northeast-3": "nlapn",
    "ap-southeast-1": "vlqxn",
    "ap-southeast-2": "vbgxd",
    "eu-central-1": "iudkw",
    "eu-west-1": "gxeiz",
    "eu-west-2": "okuqm",
    "eu-west-3": "fgjhi",
    "sa-east-1": "juxlw",
    "cn-north-1": "emvgo",
    "cn-northwest-1": "ckbem",
    "ap-east-1": "knjmp",
};

export interface MockContext {
    accountId: string;
    /** Region of a provider reference (`urn::id`), when it is an AWS provider. */
    regionOf(providerRef: string | undefined): string | undefined;
    /**
     * Region of the registration being answered, from its own provider or, for components (the @pulumi/eks
     * ones), the providers they inherit from their parents: a request names no provider for those.
     */
    regionOfRegistration?(): string | undefined;
    defaultRegion: string;
}

let cloudflareRanges: { ipv4Cidrs: string[]; ipv6Cidrs: string[] } | undefined;
function cloudflareIpRanges(): { ipv4Cidrs: string[]; ipv6Cidrs: string[] } {
    cloudflareRanges ??= require("./fixtures/cloudflare-ip-ranges.json") as { ipv4Cidrs: string[]; ipv6Cidrs: string[] };
    return cloudflareRanges;
}

export function createMocks(context: MockContext): pulumi.runtime.Mocks {
    return {
        newResource(args: pulumi.runtime.MockResourceArgs): { id: string; state: Record<string, any> } {
            const region = context.regionOfRegistration?.() ?? context.regionOf(args.provider) ?? context.defaultRegion;
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
        return { id: "", state: { ...state, ...eksClusterOutputs(inputs, inputs.name ?? name, region, accountId, seed) } };
    }
    const eksResource = eksState(args, region, accountId);
    if (eksResource) {
        return eksResource;
    }
    const dataStore = dataStoreState(args, region, accountId);
    if (dataStore) {
        return dataStore;
    }
    const atlas = atlasState(args);
    if (atlas) {
        return atlas;
    }
    const cloudflareResource = cloudflareState(args);
    if (cloudflareResource) {
        return cloudflareResource;
    }
    const kubernetesResource = kubernetesState(args, region);
    if (kubernetesResource) {
        return kubernetesResource;
    }
    const tlsResource = tlsState(args);
    if (tlsResource) {
        return tlsResource;
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
        case "aws:sqs/queue:Queue":
            // SQS identifies a queue by its URL; policies and IAM name it by ARN.
            id = `https://sqs.${region}.amazonaws.com/${accountId}/${physicalName}`;
            state.url = id;
            state.name = physicalName;
            state.arn = `arn:aws:sqs:${region}:${accountId}:${physicalName}`;
            break;
        case "aws:cloudwatch/eventRule:EventRule":
            // EventBridge rules on the default bus: arn:aws:events:<region>:<account>:rule/<name>, id the name.
            state.arn = `arn:aws:events:${region}:${accountId}:rule/${physicalName}`;
            state.name = physicalName;
            break;
        case "aws:sns/topic:Topic":
            // SNS identifies a topic by its ARN (the id too): arn:aws:sns:<region>:<account>:<name>.
            id = `arn:aws:sns:${region}:${accountId}:${physicalName}`;
            state.arn = id;
            state.name = physicalName;
            break;
        case "aws:cloudwatch/metricAlarm:MetricAlarm":
            state.arn = `arn:aws:cloudwatch:${region}:${accountId}:alarm:${physicalName}`;
            break;
        case "aws:ecr/repository:Repository":
            // ECR's id is the repository name; the URL is the registry host plus the name.
            state.arn = `arn:aws:ecr:${region}:${accountId}:repository/${physicalName}`;
            state.registryId = accountId;
            state.repositoryUrl = `${accountId}.dkr.ecr.${region}.amazonaws.com/${physicalName}`;
            break;
        case "aws:iam/openIdConnectProvider:OpenIdConnectProvider":
            // IAM names a provider by its issuer host.
            id = `arn:aws:iam::${accountId}:oidc-provider/${String(inputs.url).replace(/^https:\/\//, "")}`;
            state.arn = id;
            break;
        default:
            break;
    }
    state.arn ??= `arn:aws:${service}:${region}:${accountId}:${service === "ec2" ? `${type.split(":")[2].toLowerCase()}/` : ""}${id}`;
    return { id, state };
}

/**
 * RDS, ElastiCache, S3, Secrets Manager and generated passwords: the outputs the data-store components
 * read (endpoints, ARNs, the RDS-managed master secret, bucket names, password results).
 */
function dataStoreState(args: pulumi.runtime.MockResourceArgs, region: string, accountId: string): { id: string; state: Record<string, any> } | undefined {
    const { type, name, inputs } = args;
    const seed = `${type}::${name}`;
    switch (type) {
        case "aws:rds/instance:Instance": {
            const id: string = inputs.identifier ?? `${name}-${hex(seed, 7)}`;
            const address = `${id}.c${hex(seed, 11)}.${region}.rds.amazonaws.com`;
            const port: number = inputs.port ?? 5432;
            const masterUserSecrets = inputs.manageMasterUserPassword
                ? [{ kmsKeyId: inputs.masterUserSecretKmsKeyId, secretArn: `arn:aws:secretsmanager:${region}:${accountId}:secret:rds!db-${hex(seed, 8)}-${hex(seed, 4)}-${hex(seed + "s", 4)}-${hex(seed + "t", 12)}-AbCdEf`, secretStatus: "active" }]
                : [];
            return {
                id,
                state: {
                    ...inputs,
                    arn: `arn:aws:rds:${region}:${accountId}:db:${id}`,
                    address,
                    endpoint: `${address}:${port}`,
                    port,
                    resourceId: `db-${hex(seed, 26).toUpperCase()}`,
                    masterUserSecrets,
                },
            };
        }
        case "aws:elasticache/replicationGroup:ReplicationGroup": {
            const id: string = inputs.replicationGroupId ?? `${name}-${hex(seed, 7)}`;
            const suffix = `${hex(seed, 6)}.${region.replace(/-(\w)\w*-(\d+)$/, "$1$2")}.cache.amazonaws.com`;
            return {
                id,
                state: {
                    ...inputs,
                    arn: `arn:aws:elasticache:${region}:${accountId}:replicationgroup:${id}`,
                    primaryEndpointAddress: `master.${id}.${suffix}`,
                    readerEndpointAddress: `replica.${id}.${suffix}`,
                    port: inputs.port ?? 6379,
                },
            };
        }
        case "aws:elasticache/globalReplicationGroup:GlobalReplicationGroup": {
            // AWS names the datastore `<region prefix>-<suffix>`; the prefix of a region missing from AWS's table is
            // derived (five letters) so the id keeps its shape.
            const prefix = GLOBAL_DATASTORE_ID_PREFIXES[region] ?? hex(region, 10).replace(/\d/g, (d) => "abcdefghij"[Number(d)]).slice(0, 5);
            const id = `${prefix}-${inputs.globalReplicationGroupIdSuffix}`;
            return {
                id,
                state: {
                    ...inputs,
                    globalReplicationGroupId: id,
                    // Global datastores are not regional: the ARN has no region.
                    arn: `arn:aws:elasticache::${accountId}:globalreplicationgroup:${id}`,
                    engineVersionActual: inputs.engineVersion,
                    clusterEnabled: false,
                },
            };
        }
        case "aws:rds/subnetGroup:SubnetGroup":
        case "aws:rds/parameterGroup:ParameterGroup":
        case "aws:elasticache/subnetGroup:SubnetGroup":
        case "aws:elasticache/parameterGroup:ParameterGroup": {
            // Auto-named by the provider: the components pass `name` on to the instance and replication group.
            const groupName: string = inputs.name ?? `${name}-${hex(seed, 7)}`;
            return { id: groupName, state: { ...inputs, name: groupName, arn: `arn:aws:${type.split(":")[1].split("/")[0]}:${region}:${accountId}:${type.includes("subnet") ? "subgrp" : "pg"}:${groupName}` } };
        }
        case "aws:s3/bucket:Bucket": {
            const bucket: string = inputs.bucket ?? `${name}-${hex(seed, 8)}`;
            return { id: bucket, state: { ...inputs, bucket, arn: `arn:aws:s3:::${bucket}`, bucketRegionalDomainName: `${bucket}.s3.${region}.amazonaws.com` } };
        }
        case "aws:secretsmanager/secret:Secret": {
            const secretName: string = inputs.name ?? `${name}-${hex(seed, 7)}`;
            const arn = `arn:aws:secretsmanager:${region}:${accountId}:secret:${secretName}-${hex(seed, 6)}`;
            return { id: arn, state: { ...inputs, arn, name: secretName } };
        }
        case "aws:serverlessrepository/cloudFormationStack:CloudFormationStack": {
            // The rotation applications output their function's ARN; the function is named by a parameter.
            const functionName: string = inputs.parameters?.functionName ?? `${name}-${hex(seed, 8)}`;
            const stackName = `serverlessrepo-${inputs.name ?? name}`;
            return {
                id: `arn:aws:cloudformation:${region}:${accountId}:stack/${stackName}/${hex(seed, 8)}`,
                state: { ...inputs, outputs: { RotationLambdaARN: `arn:aws:lambda:${region}:${accountId}:function:${functionName}` } },
            };
        }
        case "random:index/randomPassword:RandomPassword": {
            // Deterministic and obviously fake; the engine treats `result` as a secret.
            const length: number = inputs.length ?? 32;
            const result = `mock${hex(seed, 64)}${hex(seed + "more", 64)}`.slice(0, length);
            return { id: "none", state: { ...inputs, result, bcryptHash: `$2a$10$${hex(seed + "bcrypt", 53)}` } };
        }
        default:
            return undefined;
    }
}

/** PrivateLink links seen so far, by Atlas project: the cluster's private-endpoint connection strings list them. */
const atlasPrivateLinks = new Map<string, Map<string, { endpointId: string; region: string }>>();
const atlasPrivateLinkRegions = new Map<string, string>();

/**
 * MongoDB Atlas: 24-hex ids, the cloud-provider access role's trust data, PrivateLink service names, and
 * cluster connection strings (one private-endpoint entry per interface endpoint linked before the cluster).
 */
function atlasState(args: pulumi.runtime.MockResourceArgs): { id: string; state: Record<string, any> } | undefined {
    const { type, name, inputs } = args;
    const seed = `${type}::${name}`;
    const objectId = (salt = "") => hex(seed + salt, 24);
    switch (type) {
        case "mongodbatlas:index/project:Project":
            return { id: objectId(), state: { ...inputs, clusterCount: 0 } };
        case "mongodbatlas:index/cloudProviderAccessSetup:CloudProviderAccessSetup": {
            const externalId = `${hex(seed, 8)}-${hex(seed + "1", 4)}-${hex(seed + "2", 4)}-${hex(seed + "3", 4)}-${hex(seed + "4", 12)}`;
            return {
                id: objectId(),
                state: { ...inputs, roleId: objectId("role"), awsConfigs: [{ atlasAwsAccountArn: "arn:aws:iam::536727724300:root", atlasAssumedRoleExternalId: externalId }] },
            };
        }
        case "mongodbatlas:index/cloudProviderAccessAuthorization:CloudProviderAccessAuthorization":
            return { id: objectId(), state: { ...inputs, authorizedDate: "2025-01-01T00:00:00Z" } };
        case "mongodbatlas:index/privateLinkEndpoint:PrivateLinkEndpoint": {
            const privateLinkId = objectId();
            const awsRegion = String(inputs.region).toLowerCase().replace(/_/g, "-");
            atlasPrivateLinkRegions.set(privateLinkId, awsRegion);
            return {
                id: privateLinkId,
                state: { ...inputs, privateLinkId, endpointServiceName: `com.amazonaws.vpce.${awsRegion}.vpce-svc-0${hex(seed, 16)}`, status: "AVAILABLE" },
            };
        }
        case "mongodbatlas:index/privateLinkEndpointService:PrivateLinkEndpointService": {
            const links = atlasPrivateLinks.get(inputs.projectId) ?? new Map();
            links.set(inputs.endpointServiceId, { endpointId: inputs.endpointServiceId, region: atlasPrivateLinkRegions.get(inputs.privateLinkId) ?? "unknown" });
            atlasPrivateLinks.set(inputs.projectId, links);
            return { id: objectId(), state: { ...inputs, awsConnectionStatus: "AVAILABLE" } };
        }
        case "mongodbatlas:index/advancedCluster:AdvancedCluster": {
            const clusterName: string = inputs.name ?? name;
            const domain = `${hex(seed, 5)}.mongodb.net`;
            const privateEndpoints = [...(atlasPrivateLinks.get(inputs.projectId)?.values() ?? [])].map((link, i) => ({
                type: "MONGOD",
                srvConnectionString: `mongodb+srv://${clusterName}-pl-${i}.${domain}`,
                connectionString: `mongodb://pl-${i}-${link.region}.${domain}:1024/?ssl=true`,
                endpoints: [{ endpointId: link.endpointId, providerName: "AWS", region: link.region.toUpperCase().replace(/-/g, "_") }],
            }));
            const replicationSpecs = (inputs.replicationSpecs ?? []).map((spec: any, i: number) => ({ ...spec, zoneId: hex(`${seed}zone${i}`, 24), externalId: hex(`${seed}spec${i}`, 24) }));
            return {
                id: objectId(),
                state: {
                    ...inputs,
                    clusterId: objectId("cluster"),
                    name: clusterName,
                    stateName: "IDLE",
                    replicationSpecs,
                    connectionStrings: { standardSrv: `mongodb+srv://${clusterName}.${domain}`, standard: `mongodb://${clusterName}-shard-00-00.${domain}:27017`, privateEndpoints },
                },
            };
        }
        case "mongodbatlas:index/encryptionAtRest:EncryptionAtRest":
        case "mongodbatlas:index/cloudBackupSchedule:CloudBackupSchedule":
        case "mongodbatlas:index/projectIpAccessList:ProjectIpAccessList":
        case "mongodbatlas:index/databaseUser:DatabaseUser":
        case "mongodbatlas:index/auditing:Auditing":
            return { id: objectId(), state: { ...inputs } };
        default:
            return undefined;
    }
}

/**
 * Cloudflare: 32-hex ids like the API's; a created zone's assigned name servers and a DNSSEC DS record
 * (the outputs the program exports for the registrar). Zone settings are identified by their setting id.
 */
function cloudflareState(args: pulumi.runtime.MockResourceArgs): { id: string; state: Record<string, any> } | undefined {
    const { type, name, inputs } = args;
    const seed = `${type}::${name}`;
    switch (type) {
        case "cloudflare:index/zone:Zone":
            return { id: hex(seed, 32), state: { ...inputs, status: "pending", nameServers: ["ada.ns.cloudflare.com", "bob.ns.cloudflare.com"] } };
        case "cloudflare:index/zoneSetting:ZoneSetting":
            return { id: String(inputs.settingId), state: { ...inputs, editable: true } };
        case "cloudflare:index/zoneDnssec:ZoneDnssec": {
            const keyTag = parseInt(hex(seed, 4), 16);
            const digest = hex(seed, 64).toUpperCase();
            return { id: hex(seed, 32), state: { ...inputs, keyTag, algorithm: "13", digestType: "2", digest, ds: `${keyTag} 13 2 ${digest}` } };
        }
        case "cloudflare:index/dnsRecord:DnsRecord":
        case "cloudflare:index/ruleset:Ruleset":
        case "cloudflare:index/loadBalancerMonitor:LoadBalancerMonitor":
        case "cloudflare:index/loadBalancer:LoadBalancer":
            return { id: hex(seed, 32), state: { ...inputs } };
        case "cloudflare:index/loadBalancerPool:LoadBalancerPool":
            return { id: hex(seed, 32), state: { ...inputs, networks: ["cloudflare"] } };
        // Zone-singleton settings: the API identifies them by the zone.
        case "cloudflare:index/tieredCache:TieredCache":
        case "cloudflare:index/argoTieredCaching:ArgoTieredCaching":
        case "cloudflare:index/authenticatedOriginPullsSettings:AuthenticatedOriginPullsSettings":
            return { id: String(inputs.zoneId), state: { ...inputs, editable: true } };
        case "cloudflare:index/originCaCertificate:OriginCaCertificate": {
            // Issued now, for requestedValidity days (the API's default is 5475); the id is the certificate's decimal serial.
            const days = Number(inputs.requestedValidity ?? 5475);
            const expiresOn = new Date(issuedAt().getTime() + days * 86400000).toISOString().replace(/\.\d{3}Z$/, "Z");
            const serial = BigInt(`0x${hex(seed, 40)}`).toString(10);
            return { id: serial, state: { ...inputs, requestedValidity: days, certificate: pem("CERTIFICATE", `${seed}::certificate`, 640), expiresOn } };
        }
        default:
            return undefined;
    }
}

/**
 * The mock clock of issued certificates: the start of the current UTC day, so one day's previews agree with each other
 * while an expiry stays as far ahead as a certificate issued today (a fixed date would age into the expiry policy).
 */
function issuedAt(): Date {
    const now = new Date();
    return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
}

/** A PEM block of `label` with deterministic base64 content, wrapped at 64 columns as encoders do. */
function pem(label: string, seed: string, bytes: number): string {
    let material = "";
    for (let i = 0; material.length < bytes * 2; i++) {
        material += hex(`${seed}:${i}`, 64);
    }
    const body = Buffer.from(material.slice(0, bytes * 2), "hex").toString("base64");
    return `-----BEGIN ${label}-----\n${body.match(/.{1,64}/g)!.join("\n")}\n-----END ${label}-----\n`;
}

/**
 * @pulumi/tls (terraform-provider-tls): a private key's id is the hex SHA-1 of its public key, its PEM is SEC 1
 * ("EC PRIVATE KEY") for ECDSA and PKCS#1 ("RSA PRIVATE KEY") for RSA; a CSR's id is the hash of its PEM.
 */
function tlsState(args: pulumi.runtime.MockResourceArgs): { id: string; state: Record<string, any> } | undefined {
    const { type, name, inputs } = args;
    const seed = `${type}::${name}`;
    switch (type) {
        case "tls:index/privateKey:PrivateKey": {
            const ecdsa = inputs.algorithm === "ECDSA";
            const publicKeyPem = pem("PUBLIC KEY", `${seed}::public`, ecdsa ? 91 : 294);
            return {
                id: crypto.createHash("sha1").update(publicKeyPem).digest("hex"),
                state: {
                    ...inputs,
                    ecdsaCurve: ecdsa ? (inputs.ecdsaCurve ?? "P224") : "P224",
                    rsaBits: inputs.rsaBits ?? 2048,
                    privateKeyPem: pem(ecdsa ? "EC PRIVATE KEY" : "RSA PRIVATE KEY", `${seed}::private`, ecdsa ? 121 : 1191),
                    privateKeyPemPkcs8: pem("PRIVATE KEY", `${seed}::pkcs8`, ecdsa ? 138 : 1217),
                    publicKeyPem,
                    publicKeyFingerprintSha256: `SHA256:${Buffer.from(hex(`${seed}::fp`, 64), "hex").toString("base64").replace(/=+$/, "")}`,
                },
            };
        }
        case "tls:index/certRequest:CertRequest": {
            const certRequestPem = pem("CERTIFICATE REQUEST", seed, 400);
            return { id: crypto.createHash("sha1").update(certRequestPem).digest("hex"), state: { ...inputs, certRequestPem, keyAlgorithm: String(inputs.privateKeyPem ?? "").includes("RSA PRIVATE KEY") ? "RSA" : "ECDSA" } };
        }
        default:
            return undefined;
    }
}

/**
 * Outputs of the @pulumi/eks Cluster component, as its provider computes them (pulumi-eks v4.3.0,
 * nodejs/eks/cluster/cluster.ts). `eksCluster` is the aws.eks.Cluster it creates; the engine returns it as a
 * resource reference, here its state. EKS itself creates the cluster security group
 * (`vpcConfig.clusterSecurityGroupId`): it is on the control plane's network interfaces and on every managed
 * node whose launch template names no security groups. The component adds a cluster and a node group of its
 * own unless `skipDefaultSecurityGroups`; its `clusterSecurityGroupId`/`nodeSecurityGroupId` outputs name
 * those, or EKS's group when they are skipped.
 */
function eksClusterOutputs(inputs: Record<string, any>, clusterName: string, region: string, accountId: string, seed: string): Record<string, any> {
    const oidcId = hex(seed, 32).toUpperCase();
    const endpoint = `https://${oidcId}.gr7.${region}.eks.amazonaws.com`;
    const certificateAuthority = Buffer.from(`mock-ca-${clusterName}`).toString("base64");
    const kubeconfig = {
        apiVersion: "v1",
        kind: "Config",
        clusters: [{ name: clusterName, cluster: { server: endpoint, "certificate-authority-data": certificateAuthority } }],
        contexts: [{ name: "aws", context: { cluster: clusterName, user: "aws" } }],
        "current-context": "aws",
        users: [
            {
                name: "aws",
                user: { exec: { apiVersion: "client.authentication.k8s.io/v1beta1", command: "aws", args: ["eks", "get-token", "--cluster-name", clusterName, "--region", region] } },
            },
        ],
    };
    const issuer = `https://oidc.eks.${region}.amazonaws.com/id/${oidcId}`;
    const eksSecurityGroupId = `sg-0${hex(seed + "eks-created-cluster-sg", 16)}`;
    const componentGroups = inputs.skipDefaultSecurityGroups === true ? undefined : { cluster: `sg-0${hex(seed + "cluster", 16)}`, node: `sg-0${hex(seed + "node", 16)}` };
    const eksCluster = {
        name: clusterName,
        arn: `arn:aws:eks:${region}:${accountId}:cluster/${clusterName}`,
        endpoint,
        version: inputs.version,
        status: "ACTIVE",
        certificateAuthority: { data: certificateAuthority },
        identities: [{ oidcs: [{ issuer }] }],
        accessConfig: { authenticationMode: inputs.authenticationMode, bootstrapClusterCreatorAdminPermissions: true },
        vpcConfig: {
            clusterSecurityGroupId: eksSecurityGroupId,
            securityGroupIds: componentGroups ? [componentGroups.cluster] : [],
            subnetIds: inputs.privateSubnetIds ?? inputs.subnetIds ?? [],
            vpcId: inputs.vpcId,
            endpointPrivateAccess: inputs.endpointPrivateAccess ?? false,
            endpointPublicAccess: inputs.endpointPublicAccess ?? true,
            publicAccessCidrs: inputs.publicAccessCidrs ?? ["0.0.0.0/0"],
        },
    };
    return {
        kubeconfig,
        kubeconfigJson: JSON.stringify(kubeconfig),
        eksCluster,
        oidcProviderArn: `arn:aws:iam::${accountId}:oidc-provider/oidc.eks.${region}.amazonaws.com/id/${oidcId}`,
        oidcProviderUrl: issuer,
        oidcIssuer: `oidc.eks.${region}.amazonaws.com/id/${oidcId}`,
        clusterSecurityGroupId: componentGroups?.cluster ?? eksSecurityGroupId,
        nodeSecurityGroupId: componentGroups?.node ?? eksSecurityGroupId,
    };
}

/** Service-linked role names IAM assigns, by service principal (the ones this program creates). */
const SERVICE_LINKED_ROLE_NAMES: Record<string, string> = {
    "autoscaling.amazonaws.com": "AWSServiceRoleForAutoScaling",
};

/** EKS node groups and addons, and IAM service-linked roles: the names and ARNs AWS assigns. */
function eksState(args: pulumi.runtime.MockResourceArgs, region: string, accountId: string): { id: string; state: Record<string, any> } | undefined {
    const { type, name, inputs } = args;
    const seed = `${type}::${name}`;
    const uuid = `${hex(seed, 8)}-${hex(seed + "1", 4)}-${hex(seed + "2", 4)}-${hex(seed + "3", 4)}-${hex(seed + "4", 12)}`;
    switch (type) {
        case "aws:eks/nodeGroup:NodeGroup": {
            const nodeGroupName: string = inputs.nodeGroupName ?? `${name}-${hex(seed, 8)}`;
            return {
                id: `${inputs.clusterName}:${nodeGroupName}`,
                state: {
                    ...inputs,
                    nodeGroupName,
                    arn: `arn:aws:eks:${region}:${accountId}:nodegroup/${inputs.clusterName}/${nodeGroupName}/${uuid}`,
                    status: "ACTIVE",
                    resources: [{ autoscalingGroups: [{ name: `eks-${nodeGroupName}-${uuid}` }], remoteAccessSecurityGroupId: "" }],
                },
            };
        }
        case "aws:eks/addon:Addon":
            return {
                id: `${inputs.clusterName}:${inputs.addonName}`,
                state: { ...inputs, arn: `arn:aws:eks:${region}:${accountId}:addon/${inputs.clusterName}/${inputs.addonName}/${uuid}` },
            };
        case "aws:iam/serviceLinkedRole:ServiceLinkedRole": {
            const service: string = inputs.awsServiceName;
            const base = SERVICE_LINKED_ROLE_NAMES[service] ?? `AWSServiceRoleFor${service.split(".")[0]}`;
            const roleName = inputs.customSuffix ? `${base}_${inputs.customSuffix}` : base;
            const arn = `arn:aws:iam::${accountId}:role/aws-service-role/${service}/${roleName}`;
            return { id: arn, state: { ...inputs, arn, name: roleName, path: `/aws-service-role/${service}/`, uniqueId: `AROA${hex(seed, 17).toUpperCase()}` } };
        }
        default:
            return undefined;
    }
}

/**
 * A LoadBalancer Service the AWS Load Balancer Controller owns gets its NLB's DNS name in status, as the
 * controller writes it: `<name annotation, else k8s-<ns>-<svc>>-<16 hex>.elb.<region>.amazonaws.com`.
 */
function kubernetesState(args: pulumi.runtime.MockResourceArgs, region: string): { id: string; state: Record<string, any> } | undefined {
    const { type, name, inputs } = args;
    if (type !== "kubernetes:core/v1:Service" || inputs.spec?.type !== "LoadBalancer") {
        return undefined;
    }
    const seed = `${type}::${name}`;
    const metadata = inputs.metadata ?? {};
    const lbName: string = metadata.annotations?.["service.beta.kubernetes.io/aws-load-balancer-name"] ?? `k8s-${String(metadata.namespace ?? "default").slice(0, 8)}-${String(metadata.name ?? name).slice(0, 8)}`;
    const hostname = `${lbName}-${hex(seed, 16)}.elb.${region}.amazonaws.com`;
    return {
        id: `${metadata.namespace ?? "default"}/${metadata.name ?? name}`,
        state: { ...inputs, status: { loadBalancer: { ingress: [{ hostname }] } } },
    };
}

export function mockCall(args: pulumi.runtime.MockCallArgs, region: string, accountId: string): Record<string, any> {
    switch (args.token) {
        case "cloudflare:index/getIpRanges:getIpRanges": {
            // Cloudflare's published ranges (offline/fixtures/cloudflare-ip-ranges.json, dated, with its source).
            const ranges = cloudflareIpRanges();
            return { etag: "offline-fixture", ipv4Cidrs: ranges.ipv4Cidrs, ipv6Cidrs: ranges.ipv6Cidrs, jdcloudCidrs: [], id: "cloudflare-ip-ranges" };
        }
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
