/**
 * Argo CD (components/delivery/argocd.ts): the chart values exist in the pinned chart (vendored
 * fixtures/argo-cd-10.1.1-values.yaml) and the argocd-cm/-rbac-cm/-cmd-params-cm keys in Argo CD v3.4.4's documented
 * ConfigMaps (fixtures/argo-cd-v3.4.4/); the AppProject, ApplicationSet and the Applications it generates validate
 * against @kubernetes-models/argo-cd; the admin is never the chart's default; the server is private unless SSO;
 * the SecretStore's role reads exactly the configured secrets; and every stack gets one of each per region.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { parse as parseYaml } from "yaml";
import {
    appProjectManifest,
    applicationSetElements,
    applicationSetManifest,
    ARGO_CD_NAMESPACE,
    ARGO_CD_SECRETS_SERVICE_ACCOUNT,
    argoCdAdminSecretName,
    argoCdHelmValues,
    argoCdProjectName,
    argoCdSecretName,
    argoCdSecretsStatements,
    GITOPS_WORKLOAD_KINDS,
    IN_CLUSTER_SERVER,
    OIDC_SECRET_KEY,
    OIDC_SECRET_NAME,
    oidcConfig,
    oidcSecretManifest,
    PROJECT_FINALIZER,
    rbacPolicyCsv,
    repositorySecretManifest,
} from "../../components/delivery/argocd";
import { renderGitOps } from "../../components/services/gitopsRender";
import { validateConfig } from "../../config";
import { ARGO_CD_CHART_VERSION, argoCdAdminEnabled, argoCdSchema, GitOpsConfig, gitOpsApplicationPath, gitOpsSchema } from "../../config/sections/gitops";
import { revealSecrets } from "../../offline/secrets";
import { ARGO_CD_EXPOSING_TOGGLES, k8sArgoCdNotPublicWithoutSso } from "../../policy/rules/exposure/k8sArgoCdNotPublicWithoutSso";
import { resourceArgs, violationsOf } from "../../policy/tests/helpers";
import { configProblems, stackConfig } from "../support/config";
import { documentsAllow, rolePermissions, trustedServiceAccounts } from "../support/iamAccess";
import { importEsm } from "../support/importEsm";
import { restrictedProblems } from "../support/podSecurity";
import { ofType, single, STACKS, synthesizeStacks } from "../support/synthesis";

const RELEASE = "kubernetes:helm.sh/v3:Release";
const FIXTURES = path.join(__dirname, "fixtures");
const CHART_FIXTURE = path.join(FIXTURES, `argo-cd-${ARGO_CD_CHART_VERSION}-values.yaml`);
const CHART_VALUES = parseYaml(fs.readFileSync(CHART_FIXTURE, "utf8")) as Record<string, any>;
/** The `data` keys Argo CD v3.4.4 documents for each ConfigMap the chart renders from configs.<x>. */
const DOCUMENTED_KEYS: Record<string, Set<string>> = Object.fromEntries(
    [
        ["cm", "argocd-cm.yaml"],
        ["rbac", "argocd-rbac-cm.yaml"],
        ["params", "argocd-cmd-params-cm.yaml"],
    ].map(([section, file]) => [section, new Set(Object.keys((parseYaml(fs.readFileSync(path.join(FIXTURES, "argo-cd-v3.4.4", file), "utf8")) as any).data))]),
);
/** Chart-level keys of configs.cm/rbac/params (not ConfigMap data). */
const CHART_CONFIG_KEYS = new Set(["create", "annotations"]);

/** Paths of `values` the chart does not define; configs.cm/rbac/params keys are checked against Argo CD's documented ConfigMaps. */
function unknownValuePaths(values: unknown, chart: unknown, at = ""): string[] {
    if (values === null || typeof values !== "object" || Array.isArray(values)) {
        return [];
    }
    const configMap = /^\.configs\.(cm|rbac|params)$/.exec(at);
    if (configMap) {
        return Object.keys(values as object)
            .filter((k) => !CHART_CONFIG_KEYS.has(k) && !DOCUMENTED_KEYS[configMap[1]].has(k))
            .map((k) => `${at}.${k}: not a documented ${configMap[1]} key of Argo CD v3.4.4`);
    }
    if (chart === null || typeof chart !== "object" || Array.isArray(chart)) {
        return [`${at || "$"}: the chart has a scalar here`];
    }
    const chartMap = chart as Record<string, unknown>;
    if (Object.keys(chartMap).length === 0) {
        return [];
    }
    return Object.entries(values as Record<string, unknown>).flatMap(([key, value]) =>
        key in chartMap ? unknownValuePaths(value, chartMap[key], `${at}.${key}`) : [`${at}.${key}: not in the chart's values.yaml`],
    );
}

const REPO = "https://github.com/example-org/deployments.git";
const SSO = { issuer: "https://login.example.com", clientId: "argocd", adminGroups: ["org:platform"], readonlyGroups: ["org:eng"] };
const gitOps = (argoCd: Record<string, unknown> = {}, autoSync = false): GitOpsConfig => gitOpsSchema.parse({ repositoryUrl: REPO, autoSync, argoCd });
const HASH = "$2a$10$abcdefghijklmnopqrstuuABCDEFGHIJKLMNOPQRSTUVWXYZ01234";

/** Renders an ApplicationSet template for one list element the way goTemplate with missingkey=error does for `{{.key}}`. */
function renderTemplate(template: unknown, element: Record<string, string>): any {
    if (typeof template === "string") {
        return template.replace(/\{\{\s*\.([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g, (_, key: string) => {
            if (!(key in element)) {
                throw new Error(`map has no entry for key "${key}"`);
            }
            return element[key];
        });
    }
    if (Array.isArray(template)) {
        return template.map((t) => renderTemplate(t, element));
    }
    if (template !== null && typeof template === "object") {
        return Object.fromEntries(Object.entries(template).map(([k, v]) => [k, renderTemplate(v, element)]));
    }
    return template;
}

function generatedApplications(appSet: ReturnType<typeof applicationSetManifest>): any[] {
    return appSet.spec.generators[0].list.elements.map((element) => ({
        apiVersion: appSet.apiVersion,
        kind: "Application",
        ...renderTemplate({ ...appSet.spec.template, metadata: { ...appSet.spec.template.metadata, namespace: appSet.metadata.namespace } }, element),
    }));
}

async function argoModel(kind: "AppProject" | "ApplicationSet" | "Application"): Promise<new (data: any) => { validate(): void }> {
    const module: any = await importEsm(`@kubernetes-models/argo-cd/argoproj.io/v1alpha1/${kind}`);
    return module[kind];
}

describe("Argo CD: chart values", () => {
    it("pins the chart the values were read from, as the validated default", () => {
        assert.strictEqual(argoCdSchema.parse({}).chartVersion, ARGO_CD_CHART_VERSION);
        assert.match(fs.readFileSync(CHART_FIXTURE, "utf8"), new RegExp(`tag argo-cd-${ARGO_CD_CHART_VERSION.replace(/\./g, "\\.")} \\(commit [0-9a-f]{40}\\)`));
        assert.strictEqual(CHART_VALUES.nameOverride, "argocd");
        assert.throws(() => argoCdSchema.parse({ chartVersion: "9.7.1" }), /10\.0\.0 or later/);
        assert.throws(() => argoCdSchema.parse({ chartVersion: "^10.1.0" }), /exact argo-cd chart version/);
    });

    it("sets only values the pinned chart defines and ConfigMap keys Argo CD documents", () => {
        const variants = [
            argoCdHelmValues({ argoCd: gitOps().argoCd, adminPasswordHash: HASH }),
            argoCdHelmValues({ argoCd: gitOps({ sso: SSO }).argoCd }),
            argoCdHelmValues({ argoCd: gitOps({ sso: SSO, domain: "argocd.example.com", exposure: {}, adminUser: true, replicas: 3 }).argoCd, adminPasswordHash: HASH }),
        ];
        for (const values of variants) {
            assert.deepStrictEqual(unknownValuePaths(values, CHART_VALUES), []);
        }
        // The checker notices a misspelt chart key and an undocumented ConfigMap key.
        assert.deepStrictEqual(unknownValuePaths({ server: { servce: {} }, configs: { cm: { "admin.enable": "false" }, secret: { argocdServerAdminPasword: "x" } } }, CHART_VALUES), [
            ".server.servce: not in the chart's values.yaml",
            ".configs.cm.admin.enable: not a documented cm key of Argo CD v3.4.4",
            ".configs.secret.argocdServerAdminPasword: not in the chart's values.yaml",
        ]);
        // The toggles the policy rule guards are the chart's.
        for (const toggle of ARGO_CD_EXPOSING_TOGGLES) {
            assert.strictEqual(CHART_VALUES.server[toggle].enabled, false, toggle);
        }
    });

    it("leaves the chart's container security contexts, which are restricted-compatible, for every component it runs", () => {
        for (const component of ["controller", "server", "repoServer", "applicationSet", "redis", "redisSecretInit"]) {
            // Redis's pod has a security context of its own (runAsNonRoot, uid 999, RuntimeDefault); the others take global's.
            const podContext = CHART_VALUES[component].securityContext ?? CHART_VALUES.global.securityContext;
            const context = CHART_VALUES[component].containerSecurityContext;
            const pod = { securityContext: podContext, containers: [{ name: component, image: "quay.io/argoproj/argocd", securityContext: context }] };
            assert.deepStrictEqual(restrictedProblems(pod), [], component);
        }
        const values: any = argoCdHelmValues({ argoCd: gitOps({ sso: SSO }).argoCd });
        for (const component of ["controller", "server", "repoServer", "applicationSet", "redis"]) {
            assert.strictEqual(values[component].containerSecurityContext, undefined, `${component}: keep the chart's restricted context`);
        }
        // What it turns off: Dex (OIDC directly) and notifications.
        assert.strictEqual(values.dex.enabled, false);
        assert.strictEqual(values.notifications.enabled, false);
        assert.deepStrictEqual(values.global.networkPolicy, { create: true, defaultDenyIngress: true });
    });
});

describe("Argo CD: availability", () => {
    it("scales the stateless components with a PDB each above one replica, and keeps one application controller", () => {
        const one: any = argoCdHelmValues({ argoCd: gitOps({ sso: SSO }).argoCd });
        const two: any = argoCdHelmValues({ argoCd: gitOps({ sso: SSO, replicas: 2 }).argoCd });
        for (const component of ["server", "repoServer", "applicationSet"]) {
            assert.strictEqual(one[component].replicas, 1, component);
            assert.strictEqual(one[component].pdb, undefined, `${component}: a PDB over one replica would block node drains`);
            assert.strictEqual(two[component].replicas, 2, component);
            assert.deepStrictEqual(two[component].pdb, { enabled: true, maxUnavailable: 1 }, component);
        }
        assert.strictEqual(two.controller.replicas, undefined, "the application controller is not sharded");
        assert.throws(() => argoCdSchema.parse({ replicas: 0 }));
        assert.throws(() => argoCdSchema.parse({ replicas: 6 }));
        assert.strictEqual(validateConfig(stackConfig("prod")).gitOps!.argoCd.replicas, 2);
    });
});

describe("Argo CD: access", () => {
    it("keeps the admin only without SSO, with a generated bcrypt hash and a pinned mtime, never the chart's default", () => {
        const noSso: any = argoCdHelmValues({ argoCd: gitOps().argoCd, adminPasswordHash: HASH });
        assert.strictEqual(noSso.configs.cm["admin.enabled"], "true");
        assert.deepStrictEqual(noSso.configs.secret, { argocdServerAdminPassword: HASH, argocdServerAdminPasswordMtime: "2026-01-01T00:00:00Z" });
        assert.throws(() => argoCdHelmValues({ argoCd: gitOps().argoCd }), /generated password hash is required/);

        const sso: any = argoCdHelmValues({ argoCd: gitOps({ sso: SSO }).argoCd });
        assert.strictEqual(sso.configs.cm["admin.enabled"], "false");
        assert.deepStrictEqual(sso.configs.secret, {});
        const kept: any = argoCdHelmValues({ argoCd: gitOps({ sso: SSO, adminUser: true, adminPasswordMtime: "2026-06-01T00:00:00Z" }).argoCd, adminPasswordHash: HASH });
        assert.strictEqual(kept.configs.cm["admin.enabled"], "true");
        assert.strictEqual(kept.configs.secret.argocdServerAdminPasswordMtime, "2026-06-01T00:00:00Z");
        assert.strictEqual(argoCdAdminEnabled({ sso: undefined, adminUser: false }), false);
        assert.throws(() => argoCdSchema.parse({ adminPasswordMtime: "yesterday" }), /RFC 3339/);
    });

    it("signs in through the IdP with the client secret referenced from an ExternalSecret-owned Secret, never inlined", () => {
        const values: any = argoCdHelmValues({ argoCd: gitOps({ sso: SSO }).argoCd });
        const oidc = parseYaml(values.configs.cm["oidc.config"]);
        assert.deepStrictEqual(oidc, {
            name: "SSO",
            issuer: "https://login.example.com",
            clientID: "argocd",
            clientSecret: `$${OIDC_SECRET_NAME}:${OIDC_SECRET_KEY}`,
            requestedScopes: ["openid", "profile", "email", "groups"],
        });
        assert.strictEqual(oidcConfig(gitOps({ sso: SSO }).argoCd.sso!), values.configs.cm["oidc.config"]);
        assert.strictEqual(values.configs.cm["dex.config"], undefined);
        // The Secret that reference names: same name and key, labelled so Argo CD may read it (user-management docs).
        const es: any = oidcSecretManifest({ environment: "prod", sso: gitOps({ sso: SSO }).argoCd.sso!, refreshInterval: "1h" });
        assert.strictEqual(es.spec.target.name, OIDC_SECRET_NAME);
        assert.deepStrictEqual(es.spec.target.template.metadata.labels, { "app.kubernetes.io/part-of": "argocd" });
        assert.deepStrictEqual(es.spec.data, [{ secretKey: OIDC_SECRET_KEY, remoteRef: { key: "platform/prod/argocd/oidc", property: "clientSecret" } }]);
    });

    it("maps IdP groups to admin and readonly and gives everyone else nothing", () => {
        assert.strictEqual(rbacPolicyCsv(gitOps({ sso: SSO }).argoCd.sso), "g, org:platform, role:admin\ng, org:eng, role:readonly\n");
        assert.strictEqual(rbacPolicyCsv(undefined), "");
        const values: any = argoCdHelmValues({ argoCd: gitOps({ sso: SSO }).argoCd });
        assert.strictEqual(values.configs.rbac["policy.default"], "");
        assert.strictEqual(values.configs.cm["users.anonymous.enabled"], "false");
        assert.throws(() => argoCdSchema.parse({ sso: { ...SSO, adminGroups: ["a,b"] } }), /without commas/);
    });

    it("keeps the server private unless exposure is configured, and the policy agrees either way", async () => {
        const check = (values: unknown) => violationsOf(k8sArgoCdNotPublicWithoutSso, resourceArgs(RELEASE, { chart: "argo-cd", values }));
        const privateValues: any = argoCdHelmValues({ argoCd: gitOps().argoCd, adminPasswordHash: HASH });
        assert.deepStrictEqual(privateValues.server.service, { type: "ClusterIP" });
        assert.deepStrictEqual(privateValues.server.ingress, { enabled: false });
        assert.deepStrictEqual(await check(privateValues), []);

        const exposed: any = argoCdHelmValues({ argoCd: gitOps({ sso: SSO, domain: "argocd.example.com", exposure: {} }).argoCd });
        assert.deepStrictEqual(exposed.server.ingress, { enabled: true, ingressClassName: "kong", hostname: "argocd.example.com", annotations: { "konghq.com/protocol": "https" } });
        assert.strictEqual(exposed.global.domain, "argocd.example.com");
        assert.deepStrictEqual(await check(exposed), []);
        // The same exposure without SSO (what validation refuses) is what the policy fails.
        const withoutSso = { ...exposed, configs: { ...exposed.configs, cm: { ...exposed.configs.cm, "oidc.config": undefined } } };
        assert.strictEqual((await check(withoutSso)).length, 1);
    });

    it("reads exactly the repository and OIDC secrets of its environment and region, never the admin password", () => {
        const dataKeyArn = "arn:aws:kms:us-west-2:333344445555:key/data";
        const doc = (argoCd: GitOpsConfig["argoCd"]) => [
            { Version: "2012-10-17", Statement: argoCdSecretsStatements({ environment: "prod", region: "us-west-2", accountId: "333344445555", argoCd, dataKeyArn }) },
        ];
        const arn = (name: string, region = "us-west-2") => `arn:aws:secretsmanager:${region}:333344445555:secret:${name}-AbCdEf`;
        const sso = doc(gitOps({ sso: SSO }).argoCd);
        assert.ok(documentsAllow(sso, "secretsmanager:GetSecretValue", arn("platform/prod/argocd/repository")));
        assert.ok(documentsAllow(sso, "secretsmanager:GetSecretValue", arn("platform/prod/argocd/oidc")));
        for (const other of [
            arn(argoCdAdminSecretName("prod", "us-west-2")),
            arn("platform/prod/argocd/repository-admin"),
            arn("platform/staging/argocd/repository"),
            arn("platform/prod/argocd/repository", "us-east-1"),
            arn("platform/prod/monitoring/grafana-admin"),
        ]) {
            assert.ok(!documentsAllow(sso, "secretsmanager:GetSecretValue", other), other);
        }
        assert.ok(!documentsAllow(sso, "secretsmanager:PutSecretValue", arn("platform/prod/argocd/repository")));
        assert.ok(!documentsAllow(doc(gitOps().argoCd), "secretsmanager:GetSecretValue", arn("platform/prod/argocd/oidc")), "no SSO, no OIDC secret");
        assert.strictEqual(argoCdSecretName("prod", "repository"), "platform/prod/argocd/repository");
    });

    it("gives the repo server the deployment repository over HTTPS with a token, scoped to the project", () => {
        const es: any = repositorySecretManifest({ environment: "dev", gitOps: gitOps(), refreshInterval: "1h" });
        const template = es.spec.target.template;
        assert.deepStrictEqual(template.metadata.labels, { "argocd.argoproj.io/secret-type": "repository" });
        assert.deepStrictEqual(template.data, { type: "git", url: REPO, project: argoCdProjectName("dev"), username: "{{ .username }}", password: "{{ .password }}" });
        assert.deepStrictEqual(
            es.spec.data.map((d: any) => [d.secretKey, d.remoteRef.key, d.remoteRef.property]),
            [
                ["username", "platform/dev/argocd/repository", "username"],
                ["password", "platform/dev/argocd/repository", "password"],
            ],
        );
        assert.throws(() => gitOpsSchema.parse({ repositoryUrl: "git@github.com:example-org/deployments.git" }), /HTTPS Git URL/);
    });
});

describe("Argo CD: project and applications", () => {
    // Any service set, not the design's seven.
    const services = ["alpha", "beta-api", "gamma"];

    it("restricts the project to the deployment repository, this cluster's service namespaces and the workload kinds", async () => {
        const project = appProjectManifest({ environment: "prod", gitOps: gitOps({ syncWindows: [{ kind: "allow", schedule: "0 7 * * 1-5", duration: "10h" }] }), services });
        const AppProject = await argoModel("AppProject");
        new AppProject(project).validate();
        assert.deepStrictEqual(project.metadata.finalizers, [PROJECT_FINALIZER]);
        assert.deepStrictEqual(project.spec.sourceRepos, [REPO]);
        assert.deepStrictEqual(project.spec.destinations, services.map((namespace) => ({ server: IN_CLUSTER_SERVER, namespace })));
        assert.deepStrictEqual(project.spec.clusterResourceWhitelist, []);
        assert.deepStrictEqual(project.spec.namespaceResourceWhitelist, [
            { group: "apps", kind: "Deployment" },
            { group: "argoproj.io", kind: "Rollout" },
            { group: "batch", kind: "Job" },
        ]);
        assert.deepStrictEqual(GITOPS_WORKLOAD_KINDS.map((k) => k.kind), ["Deployment", "Rollout", "Job"]);
        assert.deepStrictEqual(project.spec.syncWindows, [{ kind: "allow", schedule: "0 7 * * 1-5", duration: "10h", timeZone: "UTC", manualSync: false, applications: ["*"] }]);
        assert.strictEqual("syncWindows" in appProjectManifest({ environment: "dev", gitOps: gitOps(), services }).spec, false);
        assert.throws(() => argoCdSchema.parse({ syncWindows: [{ kind: "allow", schedule: "daily", duration: "1d" }] }), /cron[\s\S]*duration like 2h/);
    });

    it("generates one valid Application per configured service, reading the path `npm run gitops` writes", async () => {
        const appSet = applicationSetManifest({ environment: "prod", region: "us-west-2", gitOps: gitOps(), services });
        const [ApplicationSet, Application] = await Promise.all([argoModel("ApplicationSet"), argoModel("Application")]);
        new ApplicationSet(appSet).validate();
        assert.strictEqual(appSet.spec.goTemplate, true);
        assert.deepStrictEqual(appSet.spec.goTemplateOptions, ["missingkey=error"]);
        const apps = generatedApplications(appSet);
        assert.deepStrictEqual(
            apps.map((a) => [a.metadata.name, a.spec.destination.namespace, a.spec.source.path]),
            services.map((s) => [s, s, gitOpsApplicationPath(gitOps(), "prod", "us-west-2", s)]),
        );
        for (const app of apps) {
            new Application(app).validate();
            assert.strictEqual(app.metadata.namespace, ARGO_CD_NAMESPACE);
            assert.strictEqual(app.spec.project, argoCdProjectName("prod"));
            assert.deepStrictEqual(app.spec.source, { repoURL: REPO, targetRevision: "main", path: app.spec.source.path });
            assert.strictEqual(app.spec.destination.server, IN_CLUSTER_SERVER);
            assert.strictEqual(app.metadata.finalizers, undefined, "no resources finalizer: deleting an Application leaves its workloads");
        }
        // A template key the elements lack fails like missingkey=error would.
        assert.throws(() => renderTemplate("{{.image}}", applicationSetElements({ environment: "prod", region: "us-west-2", gitOps: gitOps(), services })[0]), /no entry for key "image"/);
    });

    it("generates only Applications its project admits (repository and destination), so none is refused at sync", () => {
        const project = appProjectManifest({ environment: "staging", gitOps: gitOps(), services });
        const apps = generatedApplications(applicationSetManifest({ environment: "staging", region: "us-east-1", gitOps: gitOps(), services }));
        assert.strictEqual(apps.length, services.length);
        for (const app of apps) {
            assert.strictEqual(app.spec.project, project.metadata.name);
            assert.ok(project.spec.sourceRepos.includes(app.spec.source.repoURL), app.metadata.name);
            assert.ok(
                project.spec.destinations.some((d) => d.server === app.spec.destination.server && d.namespace === app.spec.destination.namespace),
                `${app.metadata.name} -> ${app.spec.destination.namespace}`,
            );
        }
        // A namespace outside the configured services is not a destination.
        assert.ok(!project.spec.destinations.some((d) => d.namespace === "kube-system" || d.namespace === ARGO_CD_NAMESPACE));
    });

    it("syncs automatically with prune and self-heal only with autoSync; otherwise a person promotes", () => {
        const auto = applicationSetManifest({ environment: "dev", region: "us-east-1", gitOps: gitOps({}, true), services }).spec.template.spec.syncPolicy as any;
        assert.deepStrictEqual(auto.automated, { enabled: true, prune: true, selfHeal: true });
        const manual = applicationSetManifest({ environment: "prod", region: "us-east-1", gitOps: gitOps({}, false), services }).spec.template.spec.syncPolicy as any;
        assert.strictEqual(manual.automated, undefined);
        for (const policy of [auto, manual]) {
            assert.ok(policy.syncOptions.includes("CreateNamespace=false"), "namespaces are Pulumi's");
            assert.ok(policy.syncOptions.includes("PruneLast=true"));
        }
    });

    it("does not delete running workloads when a service leaves the config, unless configured to drop the Application", () => {
        const appSet = applicationSetManifest({ environment: "prod", region: "us-east-1", gitOps: gitOps(), services });
        assert.deepStrictEqual(appSet.spec.syncPolicy, { applicationsSync: "create-update", preserveResourcesOnDeletion: true });
        const values: any = argoCdHelmValues({ argoCd: gitOps({ sso: SSO }).argoCd });
        assert.strictEqual(values.configs.params["applicationsetcontroller.policy"], "create-update", "the controller's policy wins over the field");
        const deleting = gitOps({ sso: SSO, applicationsSync: "create-delete" });
        assert.strictEqual(applicationSetManifest({ environment: "prod", region: "us-east-1", gitOps: deleting, services }).spec.syncPolicy.applicationsSync, "create-delete");
        assert.strictEqual((argoCdHelmValues({ argoCd: deleting.argoCd }) as any).configs.params["applicationsetcontroller.policy"], "create-delete");
    });
});

describe("Argo CD: what npm run gitops renders", () => {
    it("every rendered object is a kind the project admits, in a namespace it admits, at a path an Application reads", () => {
        for (const stack of STACKS) {
            const config = validateConfig(stackConfig(stack));
            const services = Object.keys(config.services);
            const project = appProjectManifest({ environment: stack, gitOps: config.gitOps!, services });
            const apps = renderGitOps(config);
            assert.ok(apps.length > 0, stack);
            for (const app of apps) {
                const element = applicationSetElements({ environment: stack, region: app.region, gitOps: config.gitOps!, services }).find((e) => e.service === app.service);
                assert.strictEqual(app.path, element?.path, `${stack} ${app.region} ${app.service}`);
                for (const object of app.objects) {
                    const group = object.apiVersion.includes("/") ? object.apiVersion.split("/")[0] : "";
                    assert.ok(
                        project.spec.namespaceResourceWhitelist.some((k) => k.group === group && k.kind === object.kind),
                        `${stack} ${app.service}: ${object.apiVersion} ${object.kind} is not in the project's whitelist`,
                    );
                    assert.strictEqual(object.metadata.namespace ?? element?.namespace, element?.namespace, `${object.kind} ${object.metadata.name}`);
                }
            }
        }
    });
});

describe("Argo CD: config", () => {
    it("reports bad Argo CD keys by their full names, and an exposure without SSO in a valid stack", () => {
        const raw = stackConfig("prod");
        raw.gitOps = { ...raw.gitOps, argoCd: { ...raw.gitOps.argoCd, domain: "Argo CD", typo: 1, chartVersion: "10.1" } };
        assert.deepStrictEqual(
            configProblems(raw)
                .map((p) => p.key)
                .sort(),
            ["platform:gitOps.argoCd.chartVersion", "platform:gitOps.argoCd.domain", "platform:gitOps.argoCd.typo"],
        );
        const exposed = stackConfig("dev");
        exposed.gitOps = { ...exposed.gitOps, argoCd: { domain: "argocd.example.com", exposure: {} } };
        assert.deepStrictEqual(
            configProblems(exposed).map((p) => p.key),
            ["platform:gitOps.argoCd.exposure"],
        );
        assert.throws(() => validateConfig(exposed), /no resources were registered[\s\S]*gitOps\.argoCd\.exposure: exposes the Argo CD server without sso/);
    });

    it("stack files: dev and staging sync on their own, prod is promoted by hand behind SSO in a change window", () => {
        const dev = validateConfig(stackConfig("dev")).gitOps!;
        const staging = validateConfig(stackConfig("staging")).gitOps!;
        const prod = validateConfig(stackConfig("prod")).gitOps!;
        assert.strictEqual(dev.autoSync, true);
        assert.strictEqual(staging.autoSync, true);
        assert.strictEqual(prod.autoSync, false);
        assert.ok(prod.argoCd.sso && prod.argoCd.sso.adminGroups.length > 0);
        assert.strictEqual(argoCdAdminEnabled(prod.argoCd), false);
        assert.ok(prod.argoCd.syncWindows.length > 0);
        for (const g of [dev, staging, prod]) {
            assert.strictEqual(g.argoCd.exposure, undefined, "no stack exposes Argo CD");
            assert.match(g.repositoryUrl, /^https:\/\//);
        }
    });
});

describe("Argo CD: synthesized", () => {
    const results = synthesizeStacks();

    it("installs the pinned chart once per region in a restricted argocd namespace, with values the chart defines", () => {
        for (const stack of STACKS) {
            const result = results[stack];
            const regions = validateConfig(stackConfig(stack)).regions.length;
            const releases = ofType(result, RELEASE).filter((r) => r.inputs.chart === "argo-cd");
            assert.strictEqual(releases.length, regions, stack);
            assert.strictEqual(ofType(result, "platform:delivery:ArgoCd").length, regions);
            for (const release of releases) {
                const values = revealSecrets(release.inputs.values);
                assert.strictEqual(release.inputs.version, ARGO_CD_CHART_VERSION);
                assert.strictEqual(release.inputs.repositoryOpts.repo, "https://argoproj.github.io/argo-helm");
                assert.strictEqual(release.inputs.namespace, ARGO_CD_NAMESPACE);
                assert.deepStrictEqual(unknownValuePaths(values, CHART_VALUES), []);
                assert.strictEqual(values.server.service.type, "ClusterIP");
                assert.strictEqual(values.server.ingress.enabled, false);
            }
            for (const ns of ofType(result, "kubernetes:core/v1:Namespace").filter((n) => n.inputs.metadata.name === ARGO_CD_NAMESPACE)) {
                assert.strictEqual(ns.inputs.metadata.labels["pod-security.kubernetes.io/enforce"], "restricted");
            }
            for (const kind of ["AppProject", "ApplicationSet"]) {
                assert.strictEqual(ofType(result, `kubernetes:argoproj.io/v1alpha1:${kind}`).length, regions, `${stack} ${kind}`);
            }
        }
    });

    it("creates the project and the ApplicationSet after the chart's CRDs, and the chart after its secrets", () => {
        for (const stack of STACKS) {
            const result = results[stack];
            for (const component of ofType(result, "platform:delivery:ArgoCd")) {
                const child = (type: string, suffix: string) => single(result, type, `${component.name}-${suffix}`);
                const release = child(RELEASE, "release");
                const project = child("kubernetes:argoproj.io/v1alpha1:AppProject", "project");
                const appSet = child("kubernetes:argoproj.io/v1alpha1:ApplicationSet", "applications");
                assert.ok(project.options.dependsOn.includes(release.urn), project.name);
                assert.ok(appSet.options.dependsOn.includes(release.urn) && appSet.options.dependsOn.includes(project.urn), appSet.name);
                const repository = child("kubernetes:external-secrets.io/v1:ExternalSecret", "repository");
                assert.ok(release.options.dependsOn.includes(repository.urn), release.name);
                assert.ok(repository.options.dependsOn.includes(child("kubernetes:external-secrets.io/v1:SecretStore", "store").urn));
            }
        }
    });

    it("generates an Application for every configured service of the stack, in every region", () => {
        for (const stack of STACKS) {
            const config = validateConfig(stackConfig(stack));
            for (const appSet of ofType(results[stack], "kubernetes:argoproj.io/v1alpha1:ApplicationSet")) {
                const region = config.regions.find((r) => appSet.name.startsWith(`${stack}-${r.name.replace(/^(\w\w)-(\w)\w*-(\d)$/, "$1$2$3")}`))?.name;
                assert.ok(region, appSet.name);
                const elements = appSet.inputs.spec.generators[0].list.elements;
                assert.deepStrictEqual(
                    elements.map((e: any) => [e.service, e.path]),
                    Object.keys(config.services).map((s) => [s, gitOpsApplicationPath(config.gitOps!, stack, region!, s)]),
                );
                assert.strictEqual(!!appSet.inputs.spec.template.spec.syncPolicy.automated, config.gitOps!.autoSync);
            }
        }
    });

    it("deploys only into the service namespaces the cluster baseline creates in the same cluster", () => {
        for (const stack of STACKS) {
            const result = results[stack];
            for (const project of ofType(result, "kubernetes:argoproj.io/v1alpha1:AppProject")) {
                const prefix = project.name.replace(/-argocd-project$/, "");
                const namespaces = ofType(result, "kubernetes:core/v1:Namespace")
                    .filter((n) => n.name.startsWith(`${prefix}-k8s-baseline-`) && n.inputs.metadata.labels?.["platform/service"])
                    .map((n) => n.inputs.metadata.name)
                    .sort();
                assert.ok(namespaces.length > 0, prefix);
                assert.deepStrictEqual(project.inputs.spec.destinations.map((d: any) => d.namespace).sort(), namespaces, project.name);
                assert.deepStrictEqual(project.inputs.spec.sourceRepos, [validateConfig(stackConfig(stack)).gitOps!.repositoryUrl]);
            }
        }
    });

    it("keeps a generated admin password in Secrets Manager and only its hash in the chart, where the admin is kept", () => {
        for (const stack of STACKS) {
            const result = results[stack];
            const admin = validateConfig(stackConfig(stack)).gitOps!.argoCd;
            const passwords = ofType(result, "random:index/randomPassword:RandomPassword").filter((p) => p.name.endsWith("-argocd-admin-password"));
            const releases = ofType(result, RELEASE).filter((r) => r.inputs.chart === "argo-cd");
            if (!argoCdAdminEnabled(admin)) {
                assert.deepStrictEqual(passwords, [], stack);
                for (const release of releases) {
                    const values = revealSecrets(release.inputs.values);
                    assert.strictEqual(values.configs.cm["admin.enabled"], "false");
                    assert.strictEqual(values.configs.secret.argocdServerAdminPassword, undefined);
                }
                continue;
            }
            assert.strictEqual(passwords.length, releases.length, stack);
            for (const release of releases) {
                const prefix = release.name.replace(/-release$/, "");
                const password = single(result, "random:index/randomPassword:RandomPassword", `${prefix}-admin-password`);
                // bcrypt hashes only the first 72 bytes: a longer password would be partly unchecked.
                assert.ok(password.inputs.length >= 32 && password.inputs.length <= 72, `length ${password.inputs.length}`);
                const values = revealSecrets(release.inputs.values);
                assert.strictEqual(values.configs.secret.argocdServerAdminPassword, revealSecrets(password.outputs!.bcryptHash));
                assert.match(values.configs.secret.argocdServerAdminPassword, /^\$2a\$/);
                assert.strictEqual(values.configs.secret.argocdServerAdminPasswordMtime, admin.adminPasswordMtime);
                const secret = single(result, "aws:secretsmanager/secret:Secret", `${prefix}-admin`);
                assert.match(secret.inputs.name, new RegExp(`^platform/${stack}/[a-z0-9-]+/argocd/admin$`));
                assert.ok(secret.inputs.kmsKeyId, "under the data key");
                const version = single(result, "aws:secretsmanager/secretVersion:SecretVersion", `${prefix}-admin-version`);
                assert.strictEqual(JSON.parse(revealSecrets(version.inputs.secretString)).password, revealSecrets(password.outputs!.result));
            }
        }
    });

    it("gives the SecretStore a role trusted only by argocd/argocd-secrets that reads only the Argo CD secrets", () => {
        for (const stack of STACKS) {
            const result = results[stack];
            for (const role of ofType(result, "aws:iam/role:Role").filter((r) => r.name.endsWith("-argocd-secrets-role"))) {
                assert.deepStrictEqual(trustedServiceAccounts(role), [`${ARGO_CD_NAMESPACE}:${ARGO_CD_SECRETS_SERVICE_ACCOUNT}`]);
                const { documents, awsManagedPolicyArns } = rolePermissions(result, role);
                assert.deepStrictEqual(awsManagedPolicyArns, []);
                for (const secret of ofType(result, "aws:secretsmanager/secret:Secret")) {
                    assert.ok(!documentsAllow(documents, "secretsmanager:GetSecretValue", secret.outputs!.arn), `${role.name} must not read ${secret.name}`);
                }
            }
        }
    });
});
