/**
 * The gateway of one region: the AWS Load Balancer Controller (Helm, its own IRSA role with upstream's policy),
 * Kong (Helm, DB-less with KIC) behind an internet-facing NLB that only Cloudflare can reach, the plugins, the
 * JWT consumers and Redis credentials through External Secrets, and an Ingress per public route.
 */
import * as aws from "@pulumi/aws";
import * as cloudflare from "@pulumi/cloudflare";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { GatewayConfig } from "../../config/sections/gateway";
import { irsaTrustPolicy, policyDocument } from "../../lib/iam";
import { resourceTags } from "../../lib/tags";
import { REDIS_SECRET_KEYS } from "../datastores/redis";
import { secretArn, secretReadStatements, secretStoreManifest } from "../secrets/externalSecrets";
import {
    jwtConsumer,
    jwtCredentialExternalSecret,
    jwtKeySecretName,
    KONG_CHART_REPOSITORY,
    KONG_NLB_SERVICE_NAME,
    KONG_POD_LABELS,
    KONG_RELEASE_NAME,
    KONG_SECRETS_SERVICE_ACCOUNT,
    kongHelmValues,
    rateLimitPlugin,
    rateLimitPluginName,
    rateLimits,
    redisCredentialsExternalSecret,
    routeIngress,
    sharedPlugins,
} from "./kong";
import { kongUpstreamTimeoutAnnotations } from "./kongNames";
import {
    KONG_PROXY_TLS_PORT,
    LOAD_BALANCER_CONTROLLER_CHART_REPOSITORY,
    LOAD_BALANCER_CONTROLLER_NAMESPACE,
    LOAD_BALANCER_CONTROLLER_SERVICE_ACCOUNT,
    loadBalancerControllerHelmValues,
    loadBalancerControllerPolicy,
    NLB_LISTENER_PORT,
    NLB_LOAD_BALANCER_CLASS,
    nlbName,
    nlbServiceAnnotations,
} from "./loadBalancer";
import { HELM_RELEASE_POLICY } from "../helm";

export interface OriginCertificate {
    certificatePem: pulumi.Input<string>;
    privateKeyPem: pulumi.Input<string>;
}

export interface GatewayArgs {
    gateway: GatewayConfig;
    environment: string;
    accountId: string;
    region: string;
    prefix: string;
    clusterName: string;
    vpcId: pulumi.Input<string>;
    vpcCidr: string;
    oidcProviderArn: pulumi.Input<string>;
    oidcProviderUrl: pulumi.Input<string>;
    /** Kong's namespace, from the Kubernetes baseline (restricted, quota, default deny). */
    namespace: pulumi.Input<string>;
    namespaceName: string;
    /** Port of each exposed service (`services.<s>.port`). */
    servicePorts: Record<string, number>;
    /** The region's access-log bucket, and what must exist before the NLB writes there (its policy). */
    accessLogBucket: { name: pulumi.Input<string>; ready: pulumi.Resource[] };
    /** The region's Redis (rate-limiting counters) and the secret with its credentials (primary region). */
    redis?: { host: pulumi.Input<string>; port: number; credentialsSecretArn: pulumi.Input<string>; withUsername: boolean };
    /** Where the platform's secrets live and the key that encrypts them. */
    secretsRegion: string;
    dataKeyArn: pulumi.Input<string>;
    /** External Secrets: its refresh interval and release (the CRDs). */
    externalSecrets: { refreshInterval: string; ready: pulumi.Resource[] };
    /** The certificate the NLB's TLS listener presents to Cloudflare (Origin CA, from the CDN module). */
    originCertificate?: OriginCertificate;
    protect: boolean;
}

export class Gateway extends pulumi.ComponentResource {
    /** The NLB's DNS name, as the controller reports it on Kong's Service. */
    readonly hostname: pulumi.Output<string>;
    readonly loadBalancerControllerRoleArn: pulumi.Output<string>;
    /** The NLB's certificate in ACM (imported: ACM does not renew it, so the alarms watch its expiry). */
    readonly certificateArn: pulumi.Output<string>;
    /** Per exposed service: annotations its Kubernetes Service must carry (websocket timeouts), for the services module. */
    readonly upstreamServiceAnnotations: Record<string, Record<string, string>>;

    /** opts.providers: the region's AWS provider and the cluster's Kubernetes provider. */
    constructor(name: string, args: GatewayArgs, opts?: pulumi.ComponentResourceOptions) {
        super("platform:gateway:Gateway", name, {}, opts);
        const parent = { parent: this };
        const { gateway } = args;
        const tags = resourceTags("gateway", "internal");

        // --- AWS Load Balancer Controller ---------------------------------------------------------------
        const lbcRole = new aws.iam.Role(
            `${name}-lbc-role`,
            {
                description: `aws-load-balancer-controller (${args.environment}, ${args.region}) through IRSA`,
                assumeRolePolicy: pulumi
                    .all([args.oidcProviderArn, args.oidcProviderUrl])
                    .apply(([arn, url]) =>
                        JSON.stringify(irsaTrustPolicy({ oidcProviderArn: arn, oidcIssuerUrl: url, namespace: LOAD_BALANCER_CONTROLLER_NAMESPACE, serviceAccounts: [LOAD_BALANCER_CONTROLLER_SERVICE_ACCOUNT] })),
                    ),
                tags,
            },
            parent,
        );
        const lbcPolicy = new aws.iam.RolePolicy(`${name}-lbc-policy`, { role: lbcRole.id, policy: JSON.stringify(loadBalancerControllerPolicy()) }, parent);
        const lbc = new k8s.helm.v3.Release(
            `${name}-lbc`,
            {
                name: "aws-load-balancer-controller",
                chart: "aws-load-balancer-controller",
                version: gateway.loadBalancerControllerChartVersion,
                repositoryOpts: { repo: LOAD_BALANCER_CONTROLLER_CHART_REPOSITORY },
                namespace: LOAD_BALANCER_CONTROLLER_NAMESPACE,
                values: loadBalancerControllerHelmValues({ clusterName: args.clusterName, region: args.region, vpcId: args.vpcId, roleArn: lbcRole.arn }),
                ...HELM_RELEASE_POLICY,
            },
            { ...parent, dependsOn: [lbcPolicy] },
        );

        // --- The NLB's front door: only Cloudflare on 443 --------------------------------------------------
        const cloudflareRanges = cloudflare.getIpRangesOutput({}, { parent: this });
        const frontend = new aws.ec2.SecurityGroup(
            `${name}-nlb-sg`,
            {
                description: "Gateway NLB frontend: HTTPS from Cloudflare only",
                vpcId: args.vpcId,
                ingress: [{ description: "HTTPS from Cloudflare's published ranges", protocol: "tcp", fromPort: NLB_LISTENER_PORT, toPort: NLB_LISTENER_PORT, cidrBlocks: cloudflareRanges.ipv4Cidrs }],
                // To Kong's pods only: proxied traffic and the (TCP) health checks, both on Kong's TLS port.
                egress: [{ description: "Kong TLS proxy and health checks", protocol: "tcp", fromPort: KONG_PROXY_TLS_PORT, toPort: KONG_PROXY_TLS_PORT, cidrBlocks: [args.vpcCidr] }],
                tags: { ...tags, Name: `${name}-nlb` },
            },
            parent,
        );
        const certificate = new aws.acm.Certificate(
            `${name}-origin-cert`,
            { ...this.originCertificate(name, args), tags },
            parent,
        );

        this.certificateArn = certificate.arn;

        // --- Kong ----------------------------------------------------------------------------------------
        const trustedIps = cloudflareRanges.ipv4Cidrs.apply((ranges) => [args.vpcCidr, ...ranges].join(","));
        const kong = new k8s.helm.v3.Release(
            `${name}-kong`,
            {
                name: KONG_RELEASE_NAME,
                chart: "kong",
                version: gateway.chartVersion,
                repositoryOpts: { repo: KONG_CHART_REPOSITORY },
                namespace: args.namespace,
                values: kongHelmValues({ gateway, trustedIps, namespace: args.namespaceName }),
                ...HELM_RELEASE_POLICY,
            },
            // The controller's webhook must answer before any Service is created in the cluster.
            { ...parent, dependsOn: [lbc] },
        );
        const nlbService = new k8s.core.v1.Service(
            `${name}-nlb`,
            {
                metadata: {
                    name: KONG_NLB_SERVICE_NAME,
                    namespace: args.namespace,
                    labels: { "platform/component": "gateway" },
                    annotations: pulumi.all([certificate.arn, frontend.id, args.accessLogBucket.name]).apply(([certificateArn, securityGroupId, accessLogBucket]) =>
                        nlbServiceAnnotations({ name: nlbName(args.environment, args.prefix), certificateArn, securityGroupId, accessLogBucket, deletionProtection: args.protect }),
                    ),
                },
                spec: {
                    type: "LoadBalancer",
                    loadBalancerClass: NLB_LOAD_BALANCER_CLASS,
                    externalTrafficPolicy: "Local",
                    selector: { ...KONG_POD_LABELS },
                    ports: [{ name: "kong-proxy-tls", port: NLB_LISTENER_PORT, targetPort: KONG_PROXY_TLS_PORT, protocol: "TCP" }],
                },
            },
            { ...parent, dependsOn: [lbc, kong, ...args.accessLogBucket.ready], protect: args.protect },
        );
        // Pulumi waits for the controller to publish the NLB on the Service before this resolves.
        this.hostname = nlbService.status.loadBalancer.ingress.apply((ingress) => {
            const hostname = ingress?.[0]?.hostname;
            if (!hostname) {
                throw new Error(`${name}: the Service ${KONG_NLB_SERVICE_NAME} has no load balancer hostname`);
            }
            return hostname;
        });

        // --- Secrets Kong's plugins read (Redis credentials, IdP keys) ---------------------------------------
        const secretsRole = new aws.iam.Role(
            `${name}-secrets-role`,
            {
                description: `Kong's SecretStore (${args.environment}, ${args.region}) through IRSA`,
                assumeRolePolicy: pulumi
                    .all([args.oidcProviderArn, args.oidcProviderUrl])
                    .apply(([arn, url]) => JSON.stringify(irsaTrustPolicy({ oidcProviderArn: arn, oidcIssuerUrl: url, namespace: args.namespaceName, serviceAccounts: [KONG_SECRETS_SERVICE_ACCOUNT] }))),
                tags,
            },
            parent,
        );
        new aws.iam.RolePolicy(
            `${name}-secrets-policy`,
            {
                role: secretsRole.id,
                policy: pulumi.all([args.redis?.credentialsSecretArn, args.dataKeyArn]).apply(([redisArn, dataKeyArn]) =>
                    JSON.stringify(
                        policyDocument(
                            secretReadStatements({
                                secretArns: [
                                    secretArn({ region: args.secretsRegion, accountId: args.accountId, name: `${jwtKeySecretName(args.environment, "")}*` }),
                                    ...(redisArn ? [redisArn] : []),
                                ],
                                dataKeyArn,
                                secretsRegion: args.secretsRegion,
                            }),
                        ),
                    ),
                ),
            },
            parent,
        );
        const secretsServiceAccount = new k8s.core.v1.ServiceAccount(
            `${name}-secrets-sa`,
            {
                metadata: { name: KONG_SECRETS_SERVICE_ACCOUNT, namespace: args.namespace, annotations: { "eks.amazonaws.com/role-arn": secretsRole.arn, "eks.amazonaws.com/sts-regional-endpoints": "true" } },
                automountServiceAccountToken: false,
            },
            parent,
        );
        const store = new k8s.apiextensions.CustomResource(
            `${name}-secret-store`,
            secretStoreManifest({ namespace: args.namespace, region: args.secretsRegion, serviceAccount: KONG_SECRETS_SERVICE_ACCOUNT, labels: { "platform/component": "gateway" } }),
            { ...parent, dependsOn: [...args.externalSecrets.ready, secretsServiceAccount] },
        );
        const afterStore = { ...parent, dependsOn: [...args.externalSecrets.ready, store] };
        const kongCrds = { ...parent, dependsOn: [kong] };

        for (const issuer of gateway.jwtIssuers) {
            new k8s.apiextensions.CustomResource(
                `${name}-jwt-${issuer.name}-credential`,
                jwtCredentialExternalSecret({
                    environment: args.environment,
                    namespace: args.namespaceName,
                    name: issuer.name,
                    issuer: issuer.issuer,
                    algorithm: issuer.algorithm,
                    refreshInterval: args.externalSecrets.refreshInterval,
                    keySecretArn: secretArn({ region: args.secretsRegion, accountId: args.accountId, name: jwtKeySecretName(args.environment, issuer.name) }),
                }) as any,
                afterStore,
            );
            new k8s.apiextensions.CustomResource(`${name}-jwt-${issuer.name}-consumer`, jwtConsumer({ namespace: args.namespaceName, name: issuer.name }) as any, kongCrds);
        }

        // --- Plugins and routes -----------------------------------------------------------------------------
        for (const plugin of sharedPlugins(gateway)) {
            new k8s.apiextensions.CustomResource(`${name}-plugin-${plugin.metadata.name}`, plugin as any, kongCrds);
        }
        const rateLimited = Object.values(gateway.exposedServices).some((s) => s.routes.some((r) => r.rateLimitPerMinute !== undefined));
        if (rateLimited) {
            if (!args.redis) {
                throw new Error(`${name}: routes are rate limited but region ${args.region} has no Redis (validation requires redis.inSecondaryRegions)`);
            }
            const redis = args.redis;
            const credentials = (secretArn: string) =>
                redisCredentialsExternalSecret({
                    namespace: args.namespaceName,
                    secretArn,
                    withUsername: redis.withUsername,
                    refreshInterval: args.externalSecrets.refreshInterval,
                    passwordProperty: REDIS_SECRET_KEYS.password,
                    usernameProperty: REDIS_SECRET_KEYS.username,
                });
            new k8s.apiextensions.CustomResource(
                `${name}-redis-credentials`,
                { ...credentials(""), spec: pulumi.output(redis.credentialsSecretArn).apply((arn) => credentials(arn).spec) } as any,
                afterStore,
            );
            for (const perMinute of rateLimits(gateway)) {
                const pluginName = rateLimitPluginName(perMinute);
                const manifest = (host: string) => rateLimitPlugin({ name: pluginName, perMinute, redis: { host, port: redis.port, withUsername: redis.withUsername }, namespace: args.namespaceName });
                new k8s.apiextensions.CustomResource(
                    `${name}-plugin-${pluginName}`,
                    // Kind and name are known now; only the config waits for the Redis endpoint.
                    { ...manifest(""), config: pulumi.output(redis.host).apply((host) => manifest(host).config) } as any,
                    kongCrds,
                );
            }
        }
        for (const [service, exposed] of Object.entries(gateway.exposedServices)) {
            exposed.routes.forEach((route, routeIndex) => {
                new k8s.networking.v1.Ingress(
                    `${name}-${service}-route-${routeIndex}`,
                    routeIngress({ gateway, service, port: args.servicePorts[service], routeIndex, route }),
                    kongCrds,
                );
            });
        }

        this.upstreamServiceAnnotations = Object.fromEntries(
            Object.entries(gateway.exposedServices).map(([service, exposed]) => [service, exposed.websocket ? kongUpstreamTimeoutAnnotations(gateway.websocketTimeoutSeconds) : {}]),
        );
        this.loadBalancerControllerRoleArn = lbcRole.arn;
        this.registerOutputs({ hostname: this.hostname, loadBalancerControllerRoleArn: this.loadBalancerControllerRoleArn });
    }

    /**
     * The certificate the NLB presents: the CDN module's Cloudflare Origin CA certificate when there is one
     * (Cloudflare `ssl: strict` trusts it), otherwise a self-signed one (only Cloudflare `full` accepts that;
     * for stacks without the CDN module).
     */
    private originCertificate(name: string, args: GatewayArgs): { certificateBody: pulumi.Input<string>; privateKey: pulumi.Input<string> } {
        if (args.originCertificate) {
            return { certificateBody: args.originCertificate.certificatePem, privateKey: pulumi.secret(args.originCertificate.privateKeyPem) };
        }
        // Lazily loaded: only stacks without an origin certificate pay for the tls provider's module.
        const tls = require("@pulumi/tls") as typeof import("@pulumi/tls");
        const key = new tls.PrivateKey(`${name}-origin-key`, { algorithm: "ECDSA", ecdsaCurve: "P256" }, { parent: this });
        const cert = new tls.SelfSignedCert(
            `${name}-origin-self-signed`,
            {
                privateKeyPem: key.privateKeyPem,
                subject: { commonName: `${args.prefix}.gateway.invalid`, organization: "platform" },
                validityPeriodHours: 24 * 365,
                earlyRenewalHours: 24 * 30,
                allowedUses: ["key_encipherment", "digital_signature", "server_auth"],
            },
            { parent: this },
        );
        return { certificateBody: cert.certPem, privateKey: key.privateKeyPem };
    }
}
