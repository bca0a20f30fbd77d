/**
 * Argo CD in one region's cluster, when `platform:gitOps` is set: it owns the services' workloads (Deployment or
 * canary Rollout and the migration PreSync Job), which `npm run gitops` renders into the deployment repository;
 * Pulumi owns everything around them (namespaces, identities, secrets, Services, autoscaling, analysis).
 *
 * Per region: the argo-helm `argo-cd` chart (one Helm Release, pinned) in namespace `argocd` at Pod Security
 * `restricted`; its server ClusterIP only unless `gitOps.argoCd.exposure` (which needs SSO: validation and the
 * argocd-not-public-without-sso policy); SSO by OIDC with the client secret from Secrets Manager through
 * External Secrets; the local admin disabled with SSO, otherwise its password generated here, kept in Secrets
 * Manager and given to Argo CD as a bcrypt hash with a pinned mtime. The deployment repository's credentials
 * come from Secrets Manager through an ExternalSecret (HTTPS only). One AppProject (the deployment repository,
 * the service namespaces of this cluster, no cluster-scoped kinds, only workload kinds) and one ApplicationSet
 * generating an Application per configured service.
 */
import * as aws from "@pulumi/aws";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type * as random from "@pulumi/random";
import { PlatformConfig } from "../../config";
import { argoCdAdminEnabled, ArgoCdConfig, ArgoCdSsoConfig, gitOpsApplicationPath, GitOpsConfig } from "../../config/sections/gitops";
import { irsaTrustPolicy, policyDocument, PolicyStatement } from "../../lib/iam";
import { PLATFORM_SERVICE, resourceTags } from "../../lib/tags";
import { podSecurityLabels } from "../cluster/kubernetesBaseline";
import { generatedPasswordArgs } from "../datastores/redis";
import { EXTERNAL_SECRETS_API_VERSION, secretArn, secretReadStatements, secretStoreManifest } from "../secrets/externalSecrets";
import { SecretsHome, secretReplicas } from "../secrets/secretReplicas";
import type { ExternalSecretsByRegion, RegionFoundation } from "../secrets/secretsAndAccess";
import { HELM_RELEASE_POLICY } from "../helm";

export const ARGO_CD_NAMESPACE = "argocd";
export const ARGO_CD_RELEASE = "argocd";
export const ARGO_CD_CHART_REPOSITORY = "https://argoproj.github.io/argo-helm";
export const ARGO_CD_API_VERSION = "argoproj.io/v1alpha1";
/** The in-cluster destination every Application deploys to (Argo CD manages only its own cluster). */
export const IN_CLUSTER_SERVER = "https://kubernetes.default.svc";
/** The AppProject's finalizer (argo-cd docs/operator-manual/project.yaml): not deleted while Applications use it. */
export const PROJECT_FINALIZER = "resources-finalizer.argocd.argoproj.io";
/** The ServiceAccount the namespace's SecretStore authenticates as (IRSA); no pod runs as it. */
export const ARGO_CD_SECRETS_SERVICE_ACCOUNT = "argocd-secrets";
export const ARGO_CD_SECRET_STORE = "argocd-secrets";
/** The Secret holding the OIDC client secret, referenced from oidc.config as `$<name>:<key>`. */
export const OIDC_SECRET_NAME = "argocd-oidc";
export const OIDC_SECRET_KEY = "clientSecret";
export const REPOSITORY_SECRET_NAME = "argocd-repository";

/**
 * What a service's Application may create: the workloads `npm run gitops` renders (a Deployment, or a Rollout for
 * canary services, and the migration Job as a PreSync hook). Everything else in a service namespace is Pulumi's.
 */
export const GITOPS_WORKLOAD_KINDS: ReadonlyArray<{ group: string; kind: string }> = [
    { group: "apps", kind: "Deployment" },
    { group: "argoproj.io", kind: "Rollout" },
    { group: "batch", kind: "Job" },
];

/** Secrets Manager name of a secret configured relative to `platform/<env>/argocd/`. */
export function argoCdSecretName(environment: string, relative: string): string {
    return `platform/${environment}/argocd/${relative}`;
}

/** Where the generated admin password is kept: per region, outside the prefix the SecretStore may read. */
export function argoCdAdminSecretName(environment: string, region: string): string {
    return `platform/${environment}/${region}/argocd/admin`;
}

/** The AppProject of an environment's cluster (one per cluster, so named after the environment). */
export function argoCdProjectName(environment: string): string {
    return `${environment}-services`;
}

/**
 * argocd-cm `oidc.config`. YAML is a superset of JSON, so the JSON text is what Argo CD parses; the client secret
 * is a reference to the External Secrets-owned Secret (labelled part-of argocd), never the value.
 */
export function oidcConfig(sso: ArgoCdSsoConfig): string {
    return JSON.stringify(
        {
            name: "SSO",
            issuer: sso.issuer,
            clientID: sso.clientId,
            clientSecret: `$${OIDC_SECRET_NAME}:${OIDC_SECRET_KEY}`,
            requestedScopes: sso.requestedScopes,
        },
        null,
        2,
    );
}

/** argocd-rbac-cm `policy.csv`: IdP groups to the built-in admin and readonly roles; nobody else gets anything. */
export function rbacPolicyCsv(sso: ArgoCdSsoConfig | undefined): string {
    if (!sso) {
        return "";
    }
    const lines = [...sso.adminGroups.map((g) => `g, ${g}, role:admin`), ...sso.readonlyGroups.map((g) => `g, ${g}, role:readonly`)];
    return lines.length > 0 ? `${lines.join("\n")}\n` : "";
}

/** Requests and limits of each Argo CD component (the chart sets none). */
const RESOURCES = {
    controller: { requests: { cpu: "250m", memory: "512Mi" }, limits: { memory: "2Gi" } },
    server: { requests: { cpu: "50m", memory: "128Mi" }, limits: { memory: "512Mi" } },
    repoServer: { requests: { cpu: "100m", memory: "256Mi" }, limits: { memory: "1Gi" } },
    applicationSet: { requests: { cpu: "50m", memory: "64Mi" }, limits: { memory: "256Mi" } },
    redis: { requests: { cpu: "50m", memory: "64Mi" }, limits: { memory: "256Mi" } },
} as const;

/**
 * Chart values (keys checked against tests/delivery/fixtures/argo-cd-10.1.1-values.yaml; argocd-cm, -rbac-cm and
 * -cmd-params-cm keys against Argo CD v3.4.4's documented ConfigMaps). Dex and notifications are off; the server
 * is a ClusterIP Service without Ingress unless exposure is configured; ingress to every component is denied by
 * default (the chart's NetworkPolicies then admit each component's peers); the chart's container security
 * contexts are already `restricted`-compatible and are left as they are.
 */
export function argoCdHelmValues(args: { argoCd: ArgoCdConfig; adminPasswordHash?: string }): Record<string, unknown> {
    const { argoCd } = args;
    const admin = argoCdAdminEnabled(argoCd);
    if (admin && !args.adminPasswordHash) {
        throw new Error("argoCdHelmValues: the admin user is kept, so its generated password hash is required (never the chart's default)");
    }
    const cm: Record<string, string> = {
        "admin.enabled": String(admin),
        "users.anonymous.enabled": "false",
        "exec.enabled": "false",
    };
    if (argoCd.sso) {
        cm["oidc.config"] = oidcConfig(argoCd.sso);
    }
    const exposure = argoCd.exposure;
    // Stateless components scale out; a PDB keeps one of them through voluntary disruptions.
    const scaled = (resources: object) =>
        argoCd.replicas > 1 ? { replicas: argoCd.replicas, pdb: { enabled: true, maxUnavailable: 1 }, resources } : { replicas: 1, resources };
    return {
        global: { domain: argoCd.domain, networkPolicy: { create: true, defaultDenyIngress: true } },
        configs: {
            cm,
            params: {
                // The ApplicationSet controller's policy wins over the field in each ApplicationSet; state it once here.
                "applicationsetcontroller.policy": argoCd.applicationsSync,
            },
            rbac: { "policy.default": "", "policy.csv": rbacPolicyCsv(argoCd.sso), scopes: "[groups]" },
            secret: admin ? { argocdServerAdminPassword: args.adminPasswordHash, argocdServerAdminPasswordMtime: argoCd.adminPasswordMtime } : {},
        },
        dex: { enabled: false },
        notifications: { enabled: false },
        controller: { resources: RESOURCES.controller },
        repoServer: scaled(RESOURCES.repoServer),
        applicationSet: scaled(RESOURCES.applicationSet),
        redis: { resources: RESOURCES.redis },
        server: {
            ...scaled(RESOURCES.server),
            service: { type: "ClusterIP" },
            ingress: exposure
                ? {
                      enabled: true,
                      ingressClassName: exposure.ingressClassName,
                      hostname: argoCd.domain,
                      // The server serves TLS itself; Kong re-encrypts to it.
                      annotations: exposure.ingressClassName === "kong" ? { "konghq.com/protocol": "https" } : {},
                  }
                : { enabled: false },
        },
    };
}

/** The IRSA role of the namespace's SecretStore: exactly the configured Argo CD secrets (any version suffix). */
export function argoCdSecretsStatements(args: { environment: string; region: string; accountId: string; argoCd: ArgoCdConfig; dataKeyArn: string }): PolicyStatement[] {
    const names = [args.argoCd.repositoryCredentialsKey, ...(args.argoCd.sso ? [args.argoCd.sso.clientSecretKey] : [])];
    return secretReadStatements({
        // Secrets Manager appends "-" and six characters to every secret's ARN.
        secretArns: [...new Set(names)].map((n) => secretArn({ region: args.region, accountId: args.accountId, name: `${argoCdSecretName(args.environment, n)}-??????` })),
        dataKeyArn: args.dataKeyArn,
        secretsRegion: args.region,
    });
}

interface ExternalSecretManifest {
    apiVersion: string;
    kind: "ExternalSecret";
    metadata: { name: string; namespace: string };
    spec: Record<string, unknown>;
}

/**
 * The deployment repository's credentials as Argo CD reads them (a Secret labelled secret-type repository,
 * declarative-setup.md): HTTPS URL, username and token, scoped to the services' project.
 */
export function repositorySecretManifest(args: { environment: string; gitOps: GitOpsConfig; refreshInterval: string }): ExternalSecretManifest {
    const key = argoCdSecretName(args.environment, args.gitOps.argoCd.repositoryCredentialsKey);
    return {
        apiVersion: EXTERNAL_SECRETS_API_VERSION,
        kind: "ExternalSecret",
        metadata: { name: REPOSITORY_SECRET_NAME, namespace: ARGO_CD_NAMESPACE },
        spec: {
            refreshInterval: args.refreshInterval,
            secretStoreRef: { kind: "SecretStore", name: ARGO_CD_SECRET_STORE },
            target: {
                name: REPOSITORY_SECRET_NAME,
                creationPolicy: "Owner",
                template: {
                    engineVersion: "v2",
                    metadata: { labels: { "argocd.argoproj.io/secret-type": "repository" } },
                    data: {
                        type: "git",
                        url: args.gitOps.repositoryUrl,
                        project: argoCdProjectName(args.environment),
                        username: "{{ .username }}",
                        password: "{{ .password }}",
                    },
                },
            },
            data: [
                { secretKey: "username", remoteRef: { key, property: "username" } },
                { secretKey: "password", remoteRef: { key, property: "password" } },
            ],
        },
    };
}

/** The OIDC client secret, in a Secret Argo CD may read (label part-of argocd) under the key oidc.config names. */
export function oidcSecretManifest(args: { environment: string; sso: ArgoCdSsoConfig; refreshInterval: string }): ExternalSecretManifest {
    return {
        apiVersion: EXTERNAL_SECRETS_API_VERSION,
        kind: "ExternalSecret",
        metadata: { name: OIDC_SECRET_NAME, namespace: ARGO_CD_NAMESPACE },
        spec: {
            refreshInterval: args.refreshInterval,
            secretStoreRef: { kind: "SecretStore", name: ARGO_CD_SECRET_STORE },
            target: { name: OIDC_SECRET_NAME, creationPolicy: "Owner", template: { engineVersion: "v2", metadata: { labels: { "app.kubernetes.io/part-of": "argocd" } } } },
            data: [{ secretKey: OIDC_SECRET_KEY, remoteRef: { key: argoCdSecretName(args.environment, args.sso.clientSecretKey), property: OIDC_SECRET_KEY } }],
        },
    };
}

/**
 * One AppProject per environment's cluster: only the deployment repository, only the service namespaces of this
 * cluster, no cluster-scoped kinds at all, only the workload kinds; sync windows from config.
 */
export function appProjectManifest(args: { environment: string; gitOps: GitOpsConfig; services: readonly string[] }) {
    const windows = args.gitOps.argoCd.syncWindows;
    return {
        apiVersion: ARGO_CD_API_VERSION,
        kind: "AppProject" as const,
        metadata: { name: argoCdProjectName(args.environment), namespace: ARGO_CD_NAMESPACE, finalizers: [PROJECT_FINALIZER] },
        spec: {
            sourceRepos: [args.gitOps.repositoryUrl],
            destinations: args.services.map((service) => ({ server: IN_CLUSTER_SERVER, namespace: service })),
            clusterResourceWhitelist: [],
            namespaceResourceWhitelist: GITOPS_WORKLOAD_KINDS.map((k) => ({ group: k.group, kind: k.kind })),
            ...(windows.length > 0
                ? {
                      syncWindows: windows.map((w) => ({
                          kind: w.kind,
                          schedule: w.schedule,
                          duration: w.duration,
                          timeZone: w.timeZone,
                          manualSync: w.manualSync,
                          applications: ["*"],
                      })),
                  }
                : {}),
        },
    };
}

/** The list generator's elements: one per configured service, with the repository path `npm run gitops` writes. */
export function applicationSetElements(args: { environment: string; region: string; gitOps: GitOpsConfig; services: readonly string[] }): Array<Record<string, string>> {
    return args.services.map((service) => ({
        service,
        namespace: service,
        path: gitOpsApplicationPath(args.gitOps, args.environment, args.region, service),
    }));
}

/**
 * One ApplicationSet generating an Application per configured service. Automated sync with prune and self-heal
 * only with `gitOps.autoSync`; otherwise a person syncs (promotes). Namespaces are Pulumi's (CreateNamespace=false).
 * Removing a service never deletes its running workloads on its own: the Applications carry no resources
 * finalizer and preserveResourcesOnDeletion is on, and `applicationsSync` decides whether the Application goes.
 */
export function applicationSetManifest(args: { environment: string; region: string; gitOps: GitOpsConfig; services: readonly string[] }) {
    const { gitOps } = args;
    const syncOptions = ["CreateNamespace=false", "PruneLast=true", "FailOnSharedResource=true"];
    return {
        apiVersion: ARGO_CD_API_VERSION,
        kind: "ApplicationSet" as const,
        metadata: { name: `${args.environment}-services`, namespace: ARGO_CD_NAMESPACE },
        spec: {
            goTemplate: true,
            goTemplateOptions: ["missingkey=error"],
            generators: [{ list: { elements: applicationSetElements(args) } }],
            syncPolicy: { applicationsSync: gitOps.argoCd.applicationsSync, preserveResourcesOnDeletion: true },
            template: {
                metadata: { name: "{{.service}}", labels: { "platform/service": "{{.service}}" } },
                spec: {
                    project: argoCdProjectName(args.environment),
                    source: { repoURL: gitOps.repositoryUrl, targetRevision: gitOps.targetRevision, path: "{{.path}}" },
                    destination: { server: IN_CLUSTER_SERVER, namespace: "{{.namespace}}" },
                    syncPolicy: gitOps.autoSync
                        ? {
                              automated: { enabled: true, prune: true, selfHeal: true },
                              syncOptions,
                              retry: { limit: 5, backoff: { duration: "10s", factor: 2, maxDuration: "3m" } },
                          }
                        : { syncOptions },
                    revisionHistoryLimit: 10,
                },
            },
        },
    };
}

export interface ArgoCdArgs {
    environment: string;
    accountId: string;
    region: string;
    gitOps: GitOpsConfig;
    /** The configured services (`Object.keys(config.services)`): one Application each, their namespaces the destinations. */
    services: string[];
    oidcProviderArn: pulumi.Input<string>;
    oidcProviderUrl: pulumi.Input<string>;
    /** This region's data key: the Argo CD secrets are read from this region's Secrets Manager. */
    dataKeyArn: pulumi.Input<string>;
    /** Where the generated admin password is kept (primary region, replicated), when the admin user is kept. */
    secretsHome: SecretsHome;
    externalSecrets: { refreshInterval: string; ready: pulumi.Resource[] };
    protect: boolean;
}

export class ArgoCd extends pulumi.ComponentResource {
    readonly release: k8s.helm.v3.Release;

    /** opts.providers: the region's AWS provider and the cluster's Kubernetes provider. */
    constructor(name: string, args: ArgoCdArgs, opts?: pulumi.ComponentResourceOptions) {
        super("platform:delivery:ArgoCd", name, {}, opts);
        const parent = { parent: this };
        const { argoCd } = args.gitOps;

        const namespace = new k8s.core.v1.Namespace(
            `${name}-ns`,
            { metadata: { name: ARGO_CD_NAMESPACE, labels: { ...podSecurityLabels("restricted"), "platform/component": "argocd" } } },
            parent,
        );

        // The SecretStore's identity: reads exactly the repository credentials and the OIDC client secret.
        const secretsRole = new aws.iam.Role(
            `${name}-secrets-role`,
            {
                description: `Argo CD (${args.environment}, ${args.region}): read its repository and SSO secrets`,
                assumeRolePolicy: pulumi
                    .all([args.oidcProviderArn, args.oidcProviderUrl])
                    .apply(([arn, url]) =>
                        JSON.stringify(irsaTrustPolicy({ oidcProviderArn: arn, oidcIssuerUrl: url, namespace: ARGO_CD_NAMESPACE, serviceAccounts: [ARGO_CD_SECRETS_SERVICE_ACCOUNT] })),
                    ),
                inlinePolicies: [
                    {
                        name: "read-argocd-secrets",
                        policy: pulumi
                            .output(args.dataKeyArn)
                            .apply((dataKeyArn) =>
                                JSON.stringify(policyDocument(argoCdSecretsStatements({ environment: args.environment, region: args.region, accountId: args.accountId, argoCd, dataKeyArn }))),
                            ),
                    },
                ],
                tags: resourceTags(PLATFORM_SERVICE, "confidential"),
            },
            parent,
        );
        const serviceAccount = new k8s.core.v1.ServiceAccount(
            `${name}-secrets-sa`,
            {
                metadata: {
                    name: ARGO_CD_SECRETS_SERVICE_ACCOUNT,
                    namespace: namespace.metadata.name,
                    annotations: { "eks.amazonaws.com/role-arn": secretsRole.arn, "eks.amazonaws.com/sts-regional-endpoints": "true" },
                },
                automountServiceAccountToken: false,
            },
            parent,
        );
        const store = new k8s.apiextensions.CustomResource(
            `${name}-store`,
            secretStoreManifest({ name: ARGO_CD_SECRET_STORE, namespace: namespace.metadata.name, region: args.region, serviceAccount: ARGO_CD_SECRETS_SERVICE_ACCOUNT }),
            { ...parent, dependsOn: [...args.externalSecrets.ready, serviceAccount] },
        );
        const externalSecret = (suffix: string, manifest: ExternalSecretManifest) =>
            new k8s.apiextensions.CustomResource(`${name}-${suffix}`, { ...manifest, metadata: { ...manifest.metadata, namespace: namespace.metadata.name } }, { ...parent, dependsOn: [store] });
        const secrets = [externalSecret("repository", repositorySecretManifest({ environment: args.environment, gitOps: args.gitOps, refreshInterval: args.externalSecrets.refreshInterval }))];
        if (argoCd.sso) {
            secrets.push(externalSecret("oidc", oidcSecretManifest({ environment: args.environment, sso: argoCd.sso, refreshInterval: args.externalSecrets.refreshInterval })));
        }

        // The local admin, only when kept: a generated password in Secrets Manager, a bcrypt hash in the chart.
        let adminPasswordHash: pulumi.Output<string> | undefined;
        if (argoCdAdminEnabled(argoCd)) {
            const { RandomPassword } = require("@pulumi/random") as typeof random;
            // The platform's generated-password settings (64 alphanumerics: within bcrypt's 72 bytes, all of it hashed).
            const password = new RandomPassword(`${name}-admin-password`, generatedPasswordArgs(), parent);
            const home = args.secretsHome;
            const secret = new aws.secretsmanager.Secret(
                `${name}-admin`,
                {
                    name: argoCdAdminSecretName(args.environment, args.region),
                    description: `Argo CD local admin (${args.environment}, ${args.region}); Argo CD holds only its bcrypt hash`,
                    kmsKeyId: home.keyArn,
                    replicas: secretReplicas(home),
                    recoveryWindowInDays: args.protect ? 30 : 7,
                    tags: resourceTags(PLATFORM_SERVICE, "confidential"),
                },
                { ...parent, provider: home.provider, protect: args.protect },
            );
            new aws.secretsmanager.SecretVersion(
                `${name}-admin-version`,
                { secretId: secret.id, secretString: pulumi.secret(pulumi.jsonStringify({ username: "admin", password: password.result })) },
                { ...parent, provider: home.provider },
            );
            adminPasswordHash = password.bcryptHash;
        }

        this.release = new k8s.helm.v3.Release(
            `${name}-release`,
            {
                name: ARGO_CD_RELEASE,
                chart: "argo-cd",
                version: argoCd.chartVersion,
                repositoryOpts: { repo: ARGO_CD_CHART_REPOSITORY },
                namespace: namespace.metadata.name,
                values: adminPasswordHash
                    ? pulumi.secret(adminPasswordHash).apply((hash) => argoCdHelmValues({ argoCd, adminPasswordHash: hash }))
                    : argoCdHelmValues({ argoCd }),
                ...HELM_RELEASE_POLICY,
            },
            { ...parent, dependsOn: secrets },
        );

        // The CRDs come with the chart.
        const afterChart = { ...parent, dependsOn: [this.release] };
        const services = args.services;
        const project = new k8s.apiextensions.CustomResource(`${name}-project`, appProjectManifest({ environment: args.environment, gitOps: args.gitOps, services }), afterChart);
        // The Applications name the project: it exists before the first one is generated.
        new k8s.apiextensions.CustomResource(
            `${name}-applications`,
            applicationSetManifest({ environment: args.environment, region: args.region, gitOps: args.gitOps, services }),
            { ...parent, dependsOn: [this.release, project] },
        );
        this.registerOutputs({ releaseName: this.release.name });
    }
}

/** Per region, with `platform:gitOps`: Argo CD in the region's cluster, reading its secrets from that region. */
export function createArgoCd(config: PlatformConfig, foundations: RegionFoundation[], externalSecrets: ExternalSecretsByRegion): ArgoCd[] {
    const gitOps = config.gitOps;
    if (!gitOps) {
        return [];
    }
    const services = Object.keys(config.services);
    return foundations.map(
        (f) =>
            new ArgoCd(
                `${f.prefix}-argocd`,
                {
                    environment: config.environment,
                    accountId: config.awsAccountId,
                    region: f.region.name,
                    gitOps,
                    services,
                    oidcProviderArn: f.cluster.oidcProviderArn,
                    oidcProviderUrl: f.cluster.oidcProviderUrl,
                    dataKeyArn: f.keys.arns.data,
                    secretsHome: f.dataStores.secretsHome,
                    externalSecrets: { refreshInterval: externalSecrets[f.region.name].refreshInterval, ready: externalSecrets[f.region.name].ready },
                    protect: config.protectStatefulResources,
                },
                { providers: [f.provider, f.cluster.kubernetesProvider] },
            ),
    );
}
