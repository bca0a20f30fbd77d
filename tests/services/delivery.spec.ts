/**
 * Canary delivery and migrations, and who owns the pods:
 * - config: canary steps and analysis, migrations only with postgres, no canary without a Prometheus;
 * - pure builders: the AnalysisTemplate's PromQL parses and names Kong's metrics, its conditions accept NaN and
 *   fail above the threshold; the Rollout runs the Deployment's pod template with no replicas; the migration Job
 *   passes the pack's rule, reads only ConfigMap keys that exist, is not selected by the Service and may reach Postgres;
 * - Pulumi-owned (no platform:gitOps): a canary service has a Rollout and no Deployment, the Job runs before it,
 *   KEDA scales the Rollout, one Argo Rollouts release per region, the default image is the stack's ECR repository;
 * - Argo CD-owned (platform:gitOps): Pulumi registers no workload (fewer objects), `npm run gitops` renders them
 *   for every stack, keeps CI's digest and writes what CI's bump can find.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { parser } from "@prometheus-io/lezer-promql";
import { parse as parseYaml, parseAllDocuments } from "yaml";
import { argoRolloutsHelmValues } from "../../components/services/argoRollouts";
import { existingDigestReference, gitOpsManifestProblems, KUSTOMIZATION_FILE, renderGitOps, WORKLOAD_FILE } from "../../components/services/gitopsRender";
import { migrationJobManifest, migrationJobName, PRESYNC_HOOK_ANNOTATIONS, regionalRdsCaBundle } from "../../components/services/migrations";
import { analysisTemplateManifest, analysisTemplateName, atMostOrNaN, canaryAnalysisQueries, rolloutManifest } from "../../components/services/rollout";
import { deploymentManifest, serviceImage, serviceSelector } from "../../components/services/service";
import { ARGO_ROLLOUTS_CHART_VERSION, argoRolloutsSchema, canarySchema, migrationsSchema, PlatformConfig, serviceSchema, validateConfig } from "../../config";
import { serviceEnvironment } from "../../components/secrets/serviceAccess";
import { migrationJobProblems } from "../../policy/rules/kubernetes/k8sMigrationJobRestricted";
import { revealSecrets } from "../../offline/secrets";
import { SynthesisResult, SynthesizedResource } from "../../offline/types";
import { runGitOps } from "../../scripts/gitops";
import { assertConfigProblem, stackConfig } from "../support/config";
import { kubernetesObjectProblems } from "../support/kubernetesSchemas";
import { addressIn, egressAllowed, NetworkPolicy } from "../support/networkPolicy";
import { podSecurityProblems } from "../support/podSecurity";
import { ofType, STACKS, synthesizeStack } from "../support/synthesis";

const GIT_OPS = { repositoryUrl: "https://github.com/example-org/deployments.git" };
const ROLLOUT = "kubernetes:argoproj.io/v1alpha1:Rollout";
const ANALYSIS = "kubernetes:argoproj.io/v1alpha1:AnalysisTemplate";
const DEPLOYMENT = "kubernetes:apps/v1:Deployment";
const JOB = "kubernetes:batch/v1:Job";
const SCALED_OBJECT = "kubernetes:keda.sh/v1alpha1:ScaledObject";
const RELEASE = "kubernetes:helm.sh/v3:Release";

const METRICS = JSON.parse(fs.readFileSync(path.join(__dirname, "..", "observability", "fixtures", "metrics.json"), "utf8")) as Record<string, { metrics: string[] }>;
const KONG_METRICS = new Set(METRICS["kong-prometheus-plugin"].metrics);
const CHART_VALUES = parseYaml(fs.readFileSync(path.join(__dirname, "fixtures", `argo-rollouts-${ARGO_ROLLOUTS_CHART_VERSION}-values.yaml`), "utf8")) as Record<string, unknown>;

/** Parse errors and selected metric names of a PromQL expression (Prometheus's own parser). */
function promql(expr: string): { errors: string[]; metrics: string[] } {
    const errors: string[] = [];
    const metrics: string[] = [];
    const cursor = parser.parse(expr).cursor();
    do {
        if (cursor.type.isError) errors.push(expr.slice(cursor.from, cursor.to + 10) || "<end>");
        if (cursor.type.name === "Identifier" && cursor.node.parent?.type.name === "VectorSelector") metrics.push(expr.slice(cursor.from, cursor.to));
    } while (cursor.next());
    return { errors, metrics };
}

/** Paths of `values` the chart's values.yaml does not define (an empty map in the chart takes any key). */
function unknownValuePaths(values: unknown, chart: unknown, at = ""): string[] {
    if (values === null || typeof values !== "object" || Array.isArray(values)) return [];
    if (chart === null || typeof chart !== "object" || Array.isArray(chart)) return [`${at || "$"}: the chart has a scalar here`];
    const chartMap = chart as Record<string, unknown>;
    if (Object.keys(chartMap).length === 0) return [];
    return Object.entries(values as Record<string, unknown>).flatMap(([key, value]) =>
        key in chartMap ? unknownValuePaths(value, chartMap[key], `${at}.${key}`) : [`${at}.${key}: not in the chart's values.yaml`],
    );
}

/** Evaluates an Argo Rollouts success condition of the form used here (`isNaN(result[0]) || result[0] <= x`), which is also JavaScript. */
function condition(expr: string, value: number): boolean {
    assert.match(expr, /^isNaN\(result\[0\]\) \|\| result\[0\] <= [0-9.]+$/);
    return new Function("result", "isNaN", `return ${expr};`)([value], Number.isNaN) as boolean;
}

const manifest = (r: SynthesizedResource): any => JSON.parse(JSON.stringify(revealSecrets(r.inputs)));
const withGitOps = (stack: string) => validateConfig({ ...stackConfig(stack), gitOps: GIT_OPS }) as PlatformConfig;
/** The stack as Pulumi owns it (gitOps removed if the committed stack sets it) and as Argo CD owns it. */
const pulumiOwned = (stack: string) => synthesizeStack(stack, stackConfig(stack).gitOps ? { gitOps: undefined } : undefined);
const gitOpsOwned = (stack: string) => synthesizeStack(stack, stackConfig(stack).gitOps ? undefined : { gitOps: GIT_OPS });

describe("delivery config: canary and migrations", () => {
    const dev = () => stackConfig("dev");
    const service = (raw: Record<string, any>, name: string, patch: Record<string, unknown>) => ({ ...raw, services: { ...raw.services, [name]: { ...raw.services[name], ...patch } } });

    it("defaults: steps 20/2m/50/5m, analysis 5 % / 1000 ms p99 every minute, the first failure aborts; prisma and knex commands", () => {
        const canary = canarySchema.parse({});
        assert.deepStrictEqual(canary.steps, [{ setWeight: 20 }, { pause: { duration: "2m" } }, { setWeight: 50 }, { pause: { duration: "5m" } }]);
        assert.deepStrictEqual(canary.analysis, { max5xxRatio: 0.05, maxLatencyMs: 1000, latencyQuantile: 0.99, interval: "1m", failureLimit: 0 });
        assert.strictEqual(migrationsSchema.parse({ tool: "knex" }).backoffLimit, 1);
        assert.strictEqual(argoRolloutsSchema.parse({}).chartVersion, "2.41.0");
    });

    it("refuses weights that do not increase, and steps without a weight", () => {
        assertConfigProblem(service(dev(), "bff", { canary: { steps: [{ setWeight: 50 }, { setWeight: 50 }] } }), "platform:services.bff.canary.steps[1].setWeight", /weight 50 does not increase on the previous 50/);
        assertConfigProblem(service(dev(), "bff", { canary: { steps: [{ setWeight: 60 }, { pause: {} }, { setWeight: 30 }] } }), "platform:services.bff.canary.steps[2].setWeight", /30 does not increase on the previous 60/);
        assertConfigProblem(service(dev(), "bff", { canary: { steps: [{ pause: { duration: "1m" } }] } }), "platform:services.bff.canary.steps", /no setWeight step/);
        assertConfigProblem(service(dev(), "bff", { canary: { steps: [{ setWeight: 0 }] } }), "platform:services.bff.canary.steps[0].setWeight", /expected number to be >=1 \(found 0\)/);
        assertConfigProblem(service(dev(), "bff", { canary: { steps: [{ setWeight: 101 }] } }), "platform:services.bff.canary.steps[0].setWeight", /<=100 \(found 101\)/);
        assertConfigProblem(service(dev(), "bff", { canary: { steps: [{ pause: { duration: "5 minutes" } }] } }), "platform:services.bff.canary.steps[0].pause.duration", /expected a duration like 30s/);
        // The boundaries are accepted: 1 and 100, strictly increasing.
        validateConfig(service(dev(), "bff", { canary: { steps: [{ setWeight: 1 }, { pause: {} }, { setWeight: 100 }] } }));
    });

    it("refuses analysis thresholds out of range and unknown keys", () => {
        assertConfigProblem(service(dev(), "bff", { canary: { analysis: { max5xxRatio: 1.5 } } }), "platform:services.bff.canary.analysis.max5xxRatio", /./);
        assertConfigProblem(service(dev(), "bff", { canary: { analysis: { latencyQuantile: 0.5 } } }), "platform:services.bff.canary.analysis.latencyQuantile", /./);
        assertConfigProblem(service(dev(), "bff", { canary: { analysis: { interval: "1h" } } }), "platform:services.bff.canary.analysis.interval", /expected a duration like 1m/);
        assertConfigProblem(service(dev(), "bff", { canary: { stepz: [] } }), "platform:services.bff.canary.stepz", /unknown key/);
    });

    it("refuses a canary without a Prometheus (datadog or no observability) unless the service names one", () => {
        const datadog = { ...dev(), observability: { mode: "datadog" } };
        const canary = { canary: {} };
        const problemKey = "platform:services.bff.canary";
        assertConfigProblem(service({ ...dev(), observability: undefined }, "bff", canary), problemKey, /observability mode is unset \(no kube-prometheus-stack\)/);
        assertConfigProblem(service(datadog, "bff", canary), problemKey, /observability mode is datadog/);
        const withoutCanaries = { ...dev(), observability: undefined, services: Object.fromEntries(Object.entries(dev().services).map(([n, v]: [string, any]) => [n, { ...v, canary: undefined }])) };
        validateConfig(service(withoutCanaries, "bff", { canary: {}, autoscaling: { prometheusServerAddress: "http://prometheus.example.internal:9090" } }));
    });

    it("refuses migrations for a service without postgres, and an unpinned migration image", () => {
        assertConfigProblem(service(dev(), "bff", { migrations: { tool: "prisma" } }), "platform:services.bff.migrations", /without postgres in dataStores \(found \["redis"\]\)/);
        assertConfigProblem(service(dev(), "contractor", { migrations: { tool: "knex", image: "example.com/migrator:latest" } }), "platform:services.contractor.migrations.image", /moving tag latest/);
        assertConfigProblem(service(dev(), "contractor", { migrations: { tool: "flyway" } }), "platform:services.contractor.migrations.tool", /./);
        assertConfigProblem(service(dev(), "contractor", { migrations: {} }), "platform:services.contractor.migrations.tool", /expected one of "prisma"\|"knex" \(found nothing\)/);
        assertConfigProblem(service(dev(), "contractor", { migrations: { tool: "knex", backoffLimit: 7 } }), "platform:services.contractor.migrations.backoffLimit", /./);
    });

    it("pins the Argo Rollouts chart: exact 2.x at or after the version the values were read from", () => {
        assertConfigProblem({ ...dev(), argoRollouts: { chartVersion: "2.40.9" } }, "platform:argoRollouts.chartVersion", /expected 2\.41\.0 or later/);
        assertConfigProblem({ ...dev(), argoRollouts: { chartVersion: "^2.41.0" } }, "platform:argoRollouts.chartVersion", /exact argo-rollouts 2\.x chart version/);
        assertConfigProblem({ ...dev(), argoRollouts: { controllerReplicas: 0 } }, "platform:argoRollouts.controllerReplicas", /./);
    });
});

describe("delivery: pure builders", () => {
    const settings = serviceSchema.parse({ dataStores: ["postgres"], canary: {}, migrations: { tool: "prisma" } });
    const base = { service: "contractor", namespace: "contractor", settings, image: "123456789012.dkr.ecr.us-east-1.amazonaws.com/services/contractor:1.2.3", configMapName: "contractor-config" };

    it("analysis PromQL parses and names only metrics Kong's prometheus plugin emits, for the service's Kong service", () => {
        for (const quantile of [0.95, 0.99] as const) {
            const queries = canaryAnalysisQueries({ namespace: "contractor", service: "contractor", port: 8080, analysis: { ...settings.canary!.analysis, latencyQuantile: quantile } });
            for (const expr of [queries.errorRatio, queries.latency]) {
                const { errors, metrics } = promql(expr);
                assert.deepStrictEqual(errors, [], expr);
                assert.ok(metrics.length > 0, expr);
                metrics.forEach((m) => assert.ok(KONG_METRICS.has(m), `${m} is not a metric of Kong's prometheus plugin`));
                assert.match(expr, /service="contractor\.contractor\.8080"/);
                assert.match(expr, /or vector\(0\)$/, "an absent series must read as a value, not an empty result");
            }
            assert.match(queries.latency, new RegExp(`^histogram_quantile\\(${quantile},`));
            assert.match(queries.errorRatio, /code=~"5\.\."/);
        }
        assert.notDeepStrictEqual(promql("sum(rate(kong_http_requests_total[1m])").errors, [], "the parser check bites");
    });

    it("a measurement passes at or below the threshold and with no traffic (NaN); above it fails", () => {
        const expr = atMostOrNaN(0.05);
        assert.strictEqual(condition(expr, 0.05), true);
        assert.strictEqual(condition(expr, 0), true);
        assert.strictEqual(condition(expr, NaN), true);
        assert.strictEqual(condition(expr, 0.0501), false);
        const template = analysisTemplateManifest({ service: "contractor", namespace: "contractor", port: 8080, analysis: { ...settings.canary!.analysis, maxLatencyMs: 800 }, prometheusAddress: "http://p:9090" });
        const [errors, latency] = template.spec.metrics;
        assert.strictEqual(condition(latency.successCondition, 800), true);
        assert.strictEqual(condition(latency.successCondition, 801), false);
        assert.strictEqual(condition(errors.successCondition, 0.06), false);
        for (const m of template.spec.metrics) {
            assert.strictEqual(m.failureLimit, 0, "one failing measurement aborts");
            assert.strictEqual(m.provider.prometheus.address, "http://p:9090");
            assert.strictEqual("count" in m, false, "background analysis runs until the rollout ends");
        }
    });

    it("the Rollout runs exactly the Deployment's pod template, with no replicas, the configured steps and the template's analysis", async () => {
        const canary = canarySchema.parse({ steps: [{ setWeight: 10 }, { pause: {} }, { setWeight: 40 }, { pause: { duration: "3m" } }], abortScaleDownDelaySeconds: 45 });
        const rollout = rolloutManifest({ ...base, canary });
        assert.deepStrictEqual(rollout.spec.template, deploymentManifest(base).spec.template);
        assert.deepStrictEqual(rollout.spec.selector, { matchLabels: serviceSelector("contractor") });
        assert.strictEqual("replicas" in rollout.spec, false, "KEDA owns the replicas");
        assert.deepStrictEqual(rollout.spec.strategy.canary.steps, [{ setWeight: 10 }, { pause: {} }, { setWeight: 40 }, { pause: { duration: "3m" } }]);
        assert.deepStrictEqual(rollout.spec.strategy.canary.analysis, { templates: [{ templateName: analysisTemplateName("contractor") }] });
        assert.strictEqual(rollout.spec.strategy.canary.abortScaleDownDelaySeconds, 45);
        assert.strictEqual(rollout.spec.strategy.canary.maxUnavailable, 0);
        assert.deepStrictEqual(await kubernetesObjectProblems(rollout), []);
        const template = analysisTemplateManifest({ service: "contractor", namespace: "contractor", port: 8080, analysis: canary.analysis, prometheusAddress: "http://p:9090" });
        assert.strictEqual(template.metadata.name, rollout.spec.strategy.canary.analysis.templates[0].templateName);
        assert.deepStrictEqual(await kubernetesObjectProblems(template), []);
    });

    it("the migration Job passes the pack's rule and Pod Security restricted, with deadline, backoff and Never", async () => {
        for (const hook of [false, true]) {
            const job = migrationJobManifest({ ...base, migrations: settings.migrations!, hook });
            assert.deepStrictEqual(migrationJobProblems(job), []);
            assert.deepStrictEqual(podSecurityProblems(job.spec.template.spec, "restricted"), []);
            assert.deepStrictEqual(await kubernetesObjectProblems(job), []);
            assert.strictEqual(job.spec.activeDeadlineSeconds, 600);
            assert.strictEqual(job.spec.backoffLimit, 1);
            assert.ok(job.spec.ttlSecondsAfterFinished! > 0);
            assert.strictEqual(job.spec.template.spec.restartPolicy, "Never");
            assert.strictEqual(job.spec.template.spec.serviceAccountName, "contractor", "the service's IRSA identity");
            assert.match(job.spec.template.spec.containers[0].command[2], /exec prisma migrate deploy$/);
            assert.match(job.spec.template.spec.initContainers[0].command[2], /^aws rds generate-db-auth-token /);
        }
        assert.deepStrictEqual(migrationJobManifest({ ...base, migrations: settings.migrations!, hook: true }).metadata.annotations, PRESYNC_HOOK_ANNOTATIONS);
        assert.strictEqual("annotations" in migrationJobManifest({ ...base, migrations: settings.migrations!, hook: false }).metadata, false);
        const knex = migrationJobManifest({ ...base, migrations: migrationsSchema.parse({ tool: "knex" }), hook: true });
        assert.match(knex.spec.template.spec.containers[0].command[2], /exec knex migrate:latest$/);
        const custom = migrationJobManifest({ ...base, migrations: migrationsSchema.parse({ tool: "knex", command: "npm run migrate" }), hook: true });
        assert.match(custom.spec.template.spec.containers[0].command[2], /exec npm run migrate$/);
    });

    it("a new image is a new Pulumi Job; the Argo CD hook keeps one name", () => {
        assert.notStrictEqual(migrationJobName("contractor", "r/contractor:1"), migrationJobName("contractor", "r/contractor:2"));
        assert.strictEqual(migrationJobName("contractor", "r/contractor:1"), migrationJobName("contractor", "r/contractor:1"));
        assert.match(migrationJobName("contractor", "r/contractor:1"), /^contractor-migrate-[0-9a-f]{8}$/);
        assert.strictEqual(migrationJobName("contractor", undefined), "contractor-migrate");
    });

    it("the Job reads only ConfigMap keys service access writes, and its pods are not the Service's", () => {
        const job = migrationJobManifest({ ...base, migrations: settings.migrations!, hook: false });
        const written = Object.keys(
            serviceEnvironment({ environment: "dev", service: "contractor", region: "us-east-1", dataStores: ["postgres"], postgres: { address: "db", port: 5432, databaseName: "platform" } } as any),
        );
        const pod = job.spec.template.spec;
        const read = [...pod.initContainers, ...pod.containers].flatMap((c: any) => (c.env ?? []).filter((e: any) => e.valueFrom?.configMapKeyRef).map((e: any) => e.valueFrom.configMapKeyRef.key));
        assert.ok(read.length >= 4);
        read.forEach((key: string) => assert.ok(written.includes(key), `${key} is not in the service's ConfigMap`));
        const script = pod.containers[0].command[2];
        for (const key of ["POSTGRES_HOST", "POSTGRES_PORT", "POSTGRES_DB", "POSTGRES_IAM_USER", "POSTGRES_SCHEMA"]) {
            assert.ok(written.includes(key) && script.includes(`$${key}`), `${key} from the ConfigMap (envFrom) in the script`);
        }
        const selector = serviceSelector("contractor");
        const labels = job.spec.template.metadata.labels as Record<string, string>;
        assert.ok(Object.entries(selector).some(([k, v]) => labels[k] !== v), "the Service (and PDB, spread) must not select migration pods");
    });

    it("the RDS CA ConfigMap holds only the region's roots of the three current CAs", () => {
        for (const region of ["us-east-1", "us-west-2", "eu-west-1"]) {
            const bundle = regionalRdsCaBundle(region);
            assert.strictEqual((bundle.match(/BEGIN CERTIFICATE/g) ?? []).length, 3, region);
            assert.ok(bundle.length < 10_000);
        }
        assert.notStrictEqual(regionalRdsCaBundle("us-east-1"), regionalRdsCaBundle("us-west-2"));
        assert.throws(() => regionalRdsCaBundle("xx-nowhere-1"), /no root for xx-nowhere-1/);
    });

    it("Argo Rollouts values exist in the pinned chart; a PDB only with more than one controller; no dashboard, no router RBAC", () => {
        for (const replicas of [1, 2]) {
            assert.deepStrictEqual(unknownValuePaths(argoRolloutsHelmValues({ controllerReplicas: replicas }), CHART_VALUES), []);
        }
        assert.deepStrictEqual(unknownValuePaths({ controller: { replicaCount: 2 } }, CHART_VALUES), [".controller.replicaCount: not in the chart's values.yaml"]);
        assert.deepStrictEqual((argoRolloutsHelmValues({ controllerReplicas: 2 }) as any).controller.pdb, { enabled: true, maxUnavailable: 1 });
        assert.deepStrictEqual((argoRolloutsHelmValues({ controllerReplicas: 1 }) as any).controller.pdb, { enabled: false });
        assert.deepStrictEqual((argoRolloutsHelmValues({ controllerReplicas: 1 }) as any).dashboard, { enabled: false });
        assert.deepStrictEqual((argoRolloutsHelmValues({ controllerReplicas: 1 }) as any).providerRBAC, { enabled: false });
    });
});

describe("delivery: Pulumi owns the workloads (no platform:gitOps)", () => {
    let prod: SynthesisResult;
    let config: PlatformConfig;
    before(async () => {
        prod = await pulumiOwned("prod");
        const raw = stackConfig("prod");
        delete raw.gitOps;
        config = validateConfig(raw);
    });

    it("a canary service has a Rollout and no Deployment; the others a Deployment and no Rollout", () => {
        const regions = config.regions.length;
        for (const [service, settings] of Object.entries(config.services)) {
            const rollouts = ofType(prod, ROLLOUT).filter((r) => r.name.endsWith(`-${service}-rollout`));
            const deployments = ofType(prod, DEPLOYMENT).filter((r) => r.name.endsWith(`-${service}-deployment`));
            assert.strictEqual(rollouts.length, settings.canary ? regions : 0, service);
            assert.strictEqual(deployments.length, settings.canary ? 0 : regions, service);
        }
        assert.ok(Object.values(config.services).some((s) => s.canary), "the prod stack has canaries");
    });

    it("KEDA scales the Rollout of a canary; its AnalysisTemplate exists and is the one the Rollout names", () => {
        for (const so of ofType(prod, SCALED_OBJECT)) {
            const m = manifest(so);
            const service = m.metadata.name;
            const canary = config.services[service].canary !== undefined;
            assert.deepStrictEqual(m.spec.scaleTargetRef, canary ? { apiVersion: "argoproj.io/v1alpha1", kind: "Rollout", name: service } : { apiVersion: "apps/v1", kind: "Deployment", name: service });
        }
        for (const rollout of ofType(prod, ROLLOUT)) {
            const m = manifest(rollout);
            const templates = ofType(prod, ANALYSIS).filter((t) => t.provider === rollout.provider).map((t) => manifest(t).metadata.name);
            assert.ok(templates.includes(m.spec.strategy.canary.analysis.templates[0].templateName), rollout.name);
        }
    });

    it("the migration Job runs in the primary region only, before the workload, which depends on it", () => {
        const primaryCode = /^prod-([a-z0-9]+)-/.exec(ofType(prod, JOB).find((j) => /-migration$/.test(j.name))!.name)![1];
        for (const [service, settings] of Object.entries(config.services)) {
            const jobs = ofType(prod, JOB).filter((j) => j.name.endsWith(`-${service}-migration`));
            assert.strictEqual(jobs.length, settings.migrations ? 1 : 0, service);
            if (!settings.migrations) continue;
            assert.ok(jobs[0].name.startsWith(`prod-${primaryCode}-`));
            const workload = [...ofType(prod, ROLLOUT), ...ofType(prod, DEPLOYMENT)].find((w) => w.name === `prod-${primaryCode}-${service}-${settings.canary ? "rollout" : "deployment"}`)!;
            assert.ok(workload.options.dependsOn.includes(jobs[0].urn), `${workload.name} waits for ${jobs[0].name}`);
            assert.ok(
                jobs[0].options.dependsOn.some((urn) => /DatabaseBootstrap.*-db-bootstrap/.test(urn)),
                `${jobs[0].name} waits for the database bootstrap (the service's role and schema): ${jobs[0].options.dependsOn.join(", ")}`,
            );
            const job = manifest(jobs[0]);
            assert.match(job.metadata.name, new RegExp(`^${service}-migrate-[0-9a-f]{8}$`));
            // Pulumi's Job await gives up after 10 minutes by default: it must outwait the Job's own deadline.
            for (const timeout of [jobs[0].options.customTimeouts?.create, jobs[0].options.customTimeouts?.update]) {
                const minutes = Number(/^(\d+)m$/.exec(timeout ?? "")?.[1]);
                assert.ok(minutes * 60 > settings.migrations.activeDeadlineSeconds, `${service}: await ${timeout} vs deadline ${settings.migrations.activeDeadlineSeconds}s`);
            }
            assert.deepStrictEqual(migrationJobProblems(job), []);
        }
    });

    it("one Argo Rollouts release per region, at the pinned chart", () => {
        const releases = ofType(prod, RELEASE).filter((r) => manifest(r).chart === "argo-rollouts");
        assert.strictEqual(releases.length, config.regions.length);
        releases.forEach((r) => assert.strictEqual(manifest(r).version, config.argoRollouts.chartVersion));
    });

    it("without a canary anywhere, no Argo Rollouts at all", async () => {
        const dev = await pulumiOwned("dev");
        const devConfig = stackConfig("dev");
        const canaries = Object.values(devConfig.services as Record<string, any>).some((s) => s.canary);
        assert.strictEqual(ofType(dev, RELEASE).some((r) => manifest(r).chart === "argo-rollouts"), canaries);
    });

    it("the migration pods may reach Postgres under the namespace's NetworkPolicy (a service without postgres may not)", () => {
        const policies = ofType(prod, "kubernetes:networking.k8s.io/v1:NetworkPolicy").map((p) => manifest(p) as NetworkPolicy);
        const jobs = ofType(prod, JOB).filter((j) => /-migration$/.test(j.name)).map(manifest);
        assert.ok(jobs.length > 0);
        for (const job of jobs) {
            const ns = job.metadata.namespace;
            const postgresRule = policies.find((p) => p.metadata.namespace === ns && (p.spec.egress ?? []).some((r) => (r.ports ?? []).some((port) => port.port === 5432)))!;
            const cidr = postgresRule.spec.egress!.find((r) => (r.ports ?? []).some((port) => port.port === 5432))!.to![0].ipBlock!.cidr;
            const pod = { namespace: ns, labels: job.spec.template.metadata.labels };
            assert.ok(egressAllowed(policies, pod, { ip: addressIn(cidr, 5), port: 5432 }), `${ns} migration -> postgres`);
            assert.ok(!egressAllowed(policies, { namespace: "bff", labels: job.spec.template.metadata.labels }, { ip: addressIn(cidr, 5), port: 5432 }), "bff has no postgres");
        }
    });

    it("the default image is the stack's ECR repository <prefix>/<service>, in a region that has it", () => {
        const repositories = ofType(prod, "aws:ecr/repository:Repository").map((r) => ({ name: manifest(r).name as string, region: r.region }));
        assert.ok(repositories.length > 0);
        const replicated = config.delivery!.registry!.replicateToSecondaryRegions;
        const images = [...ofType(prod, DEPLOYMENT), ...ofType(prod, ROLLOUT)].map((w) => manifest(w).spec.template.spec.containers[0].image as string);
        assert.ok(images.length > 0);
        for (const image of images) {
            const match = /^\d{12}\.dkr\.ecr\.([a-z0-9-]+)\.amazonaws\.com\/(.+):[^:@]+$/.exec(image);
            assert.ok(match, image);
            const [, region, repository] = match;
            const inRegistry = repositories.find((r) => r.name === repository);
            assert.ok(inRegistry, `${image}: no ECR repository named ${repository} in the stack (${repositories.map((r) => r.name).join(", ")})`);
            assert.ok(region === inRegistry.region || replicated, `${image}: the repository lives in ${inRegistry.region} and is not replicated`);
        }
        // Without the registry the old default stays (an account ECR named after the service).
        assert.strictEqual(serviceImage({ service: "bff", settings: serviceSchema.parse({}), images: { tag: "1" }, accountId: "123456789012", region: "eu-west-1" }), "123456789012.dkr.ecr.eu-west-1.amazonaws.com/bff:1");
    });
});

describe("delivery: Argo CD owns the workloads (platform:gitOps)", () => {
    it("Pulumi registers no Deployment, Rollout or migration Job, and fewer objects; everything around them stays", async () => {
        const [owned, pulumi] = await Promise.all([gitOpsOwned("prod"), pulumiOwned("prod")]);
        assert.deepStrictEqual([...ofType(owned, DEPLOYMENT), ...ofType(owned, ROLLOUT), ...ofType(owned, JOB).filter((j) => /-migration$/.test(j.name))].map((r) => r.name), []);
        // Argo CD itself (components/delivery/argocd.ts) comes with platform:gitOps; the services' own objects are fewer.
        const outsideArgoCd = (r: SynthesisResult) => r.resources.filter((x) => x.type !== "platform:delivery:ArgoCd" && !(x.parent ?? "").includes("platform:delivery:ArgoCd")).length;
        assert.ok(ofType(owned, "platform:delivery:ArgoCd").length > 0 && ofType(pulumi, "platform:delivery:ArgoCd").length === 0);
        assert.ok(outsideArgoCd(owned) < outsideArgoCd(pulumi), `${outsideArgoCd(owned)} resources with GitOps, ${outsideArgoCd(pulumi)} without (Argo CD's own not counted)`);
        for (const type of [ANALYSIS, SCALED_OBJECT, "kubernetes:core/v1:Service", "kubernetes:policy/v1:PodDisruptionBudget"]) {
            assert.strictEqual(ofType(owned, type).length, ofType(pulumi, type).length, type);
        }
        assert.strictEqual(ofType(owned, "kubernetes:core/v1:ConfigMap").filter((c) => /-rds-ca$/.test(c.name) && c.parent?.includes("platform:services:Service")).length, ofType(pulumi, JOB).filter((j) => /-migration$/.test(j.name)).length);
    });

    for (const stack of STACKS) {
        it(`${stack}: npm run gitops renders valid, restricted manifests the pack accepts, one directory per region and service`, async () => {
            const config = withGitOps(stack);
            const apps = renderGitOps(config);
            assert.strictEqual(apps.length, config.regions.length * Object.keys(config.services).length);
            assert.deepStrictEqual(gitOpsManifestProblems(apps), []);
            const failures: string[] = [];
            for (const app of apps) {
                assert.strictEqual(app.path, `environments/${config.environment}/${app.region}/${app.service}`);
                const docs = parseAllDocuments(app.files[WORKLOAD_FILE]).map((d) => d.toJS());
                assert.deepStrictEqual(docs, JSON.parse(JSON.stringify(app.objects)), "the file is the objects");
                for (const object of docs) {
                    (await kubernetesObjectProblems(object)).forEach((p) => failures.push(`${app.path} ${object.kind}: ${p}`));
                    podSecurityProblems(object.spec.template.spec, "restricted").forEach((p) => failures.push(`${app.path} ${object.kind}: ${p}`));
                    assert.strictEqual(object.metadata.namespace, app.service);
                }
                const settings = config.services[app.service];
                const kinds = docs.map((d) => d.kind);
                const primary = config.regions.find((r) => r.role === "primary")!.name === app.region;
                assert.deepStrictEqual(kinds, [...(settings.migrations && primary ? ["Job"] : []), settings.canary ? "Rollout" : "Deployment"]);
                const kustomization = parseYaml(app.files[KUSTOMIZATION_FILE]);
                assert.deepStrictEqual(kustomization.resources, [WORKLOAD_FILE]);
            }
            assert.deepStrictEqual(failures, [], failures.join("\n"));
        });
    }

    it("a secondary region pulls the same digest from its own replica (kustomize images rename, the digest stays)", () => {
        const config = withGitOps("prod");
        const apps = renderGitOps(config, { digests: { bff: `sha256:${"b".repeat(64)}` } });
        const west = apps.find((a) => a.region === "us-west-2" && a.service === "bff")!;
        const east = apps.find((a) => a.region === "us-east-1" && a.service === "bff")!;
        assert.strictEqual(west.image, east.image);
        assert.match(east.image, /^333344445555\.dkr\.ecr\.us-east-1\.amazonaws\.com\/services\/bff@sha256:b{64}$/);
        assert.deepStrictEqual(parseYaml(west.files[KUSTOMIZATION_FILE]).images, [{ name: "333344445555.dkr.ecr.us-east-1.amazonaws.com/services/bff", newName: "333344445555.dkr.ecr.us-west-2.amazonaws.com/services/bff" }]);
        assert.strictEqual(parseYaml(east.files[KUSTOMIZATION_FILE]).images, undefined);
    });

    it("CI's bump (service-ci.yml's sed) finds the reference, bumps Job and workload together, and a re-render keeps it", () => {
        const config = withGitOps("prod");
        const seeded = renderGitOps(config, { digests: { contractor: `sha256:${"a".repeat(64)}` } });
        const app = seeded.find((a) => a.region === "us-east-1" && a.service === "contractor")!;
        // The gitops job: repository="${IMAGE%@*}"; grep -F "$repository@sha256:"; sed -E "s#${repository}@sha256:[0-9a-f]{64}#${IMAGE}#g"
        const pushed = `333344445555.dkr.ecr.us-east-1.amazonaws.com/services/contractor@sha256:${"c".repeat(64)}`;
        const repository = pushed.slice(0, pushed.lastIndexOf("@"));
        assert.ok(app.files[WORKLOAD_FILE].includes(`${repository}@sha256:`), "CI's grep would fail");
        const bumped = app.files[WORKLOAD_FILE].replace(new RegExp(`${repository.replace(/\./g, "\\.")}@sha256:[0-9a-f]{64}`, "g"), pushed);
        const images = parseAllDocuments(bumped).flatMap((d) => {
            const spec = (d.toJS() as any).spec.template.spec;
            return [...(spec.initContainers ?? []), ...spec.containers].map((c: any) => c.image);
        });
        assert.deepStrictEqual(images.filter((i) => i.includes("/services/contractor")), [pushed, pushed], "the migration runs the new image too");
        assert.strictEqual(existingDigestReference(bumped, repository), pushed);
        const rerendered = renderGitOps(config, { existingWorkload: (p) => (p === app.path ? bumped : undefined) }).find((a) => a.path === app.path)!;
        assert.strictEqual(rerendered.image, pushed);
        assert.strictEqual(rerendered.files[WORKLOAD_FILE], bumped, "a re-render changes nothing CI wrote");
        // Without a digest yet, the configured tag is written and flagged.
        const fresh = renderGitOps(config).find((a) => a.path === app.path)!;
        assert.strictEqual(fresh.hasDigest, false);
        assert.match(fresh.image, /:2026\.11\.0$/);
    });

    it("refuses what breaks the pack's rules, naming the file and the object", () => {
        const apps = renderGitOps(withGitOps("staging"));
        const app = apps.find((a) => a.objects.some((o) => o.kind === "Job"))!;
        const job = app.objects.find((o) => o.kind === "Job")!;
        delete job.spec.backoffLimit;
        job.spec.template.spec.containers[0].securityContext.allowPrivilegeEscalation = true;
        const rollout = apps.find((a) => a.objects.some((o) => o.kind === "Rollout"))!.objects.find((o) => o.kind === "Rollout")!;
        delete rollout.spec.strategy.canary.analysis;
        const problems = gitOpsManifestProblems(apps);
        assert.ok(problems.some((p) => /\/workload\.yaml: Job [a-z-]+\/[a-z-]+-migrate: spec\.backoffLimit must be set/.test(p)), problems.join("\n"));
        assert.ok(problems.some((p) => /Job .*allowPrivilegeEscalation must be false/.test(p)), problems.join("\n"));
        assert.ok(problems.some((p) => /Rollout .*must run an analysis/.test(p)), problems.join("\n"));
    });

    it("the command: exit 2 without platform:gitOps or with bad usage; writes the directories and keeps a bumped digest", async () => {
        const lines: string[] = [];
        const io = { out: (l: string) => lines.push(l), err: (l: string) => lines.push(l) };
        const root = fs.mkdtempSync(path.join(os.tmpdir(), "gitops-"));
        const out = path.join(root, "repo");
        try {
            const projectRoot = path.resolve(__dirname, "..", "..");
            fs.copyFileSync(path.join(projectRoot, "Pulumi.yaml"), path.join(root, "Pulumi.yaml"));
            const devFile = fs.readFileSync(path.join(projectRoot, "Pulumi.dev.yaml"), "utf8");
            fs.writeFileSync(path.join(root, "Pulumi.nogitops.yaml"), devFile.replace(/^ {2}platform:gitOps:\n(?: {4}.*\n)*/m, ""));
            assert.strictEqual(await runGitOps(["nogitops", "--root", root, "--out", out], io), 2);
            assert.match(lines.join("\n"), /platform:gitOps is not set in stack nogitops/);
            assert.strictEqual(await runGitOps(["dev", "--bogus"], io), 2);
            assert.strictEqual(await runGitOps(["dev", "--digest", "bff=sha256:1"], io), 2);
            const withGitOpsFile = devFile.includes("platform:gitOps:") ? devFile : `${devFile.trimEnd()}\n  platform:gitOps:\n    repositoryUrl: ${GIT_OPS.repositoryUrl}\n`;
            fs.writeFileSync(path.join(root, "Pulumi.dev.yaml"), withGitOpsFile);
            assert.strictEqual(await runGitOps(["dev", "--root", root, "--out", out, "--digest", `contractor=sha256:${"e".repeat(64)}`], io), 0, lines.join("\n"));
            const config = validateConfig({ ...stackConfig("dev"), gitOps: parseYaml(withGitOpsFile).config["platform:gitOps"] });
            const dir = path.join(out, "environments", "dev", config.regions[0].name, "contractor");
            const written = fs.readFileSync(path.join(dir, WORKLOAD_FILE), "utf8");
            assert.match(written, /services\/contractor@sha256:e{64}/);
            assert.ok(fs.existsSync(path.join(dir, KUSTOMIZATION_FILE)));
            // Re-run without --digest: the digest in the file stays.
            assert.strictEqual(await runGitOps(["dev", "--root", root, "--out", out], io), 0);
            assert.strictEqual(fs.readFileSync(path.join(dir, WORKLOAD_FILE), "utf8"), written);
        } finally {
            fs.rmSync(root, { recursive: true, force: true });
        }
    });
});
