/**
 * The services' workloads: per stack and region, each configured service gets exactly a Deployment, a
 * Service, a PodDisruptionBudget, a ScaledObject (and a TriggerAuthentication when it has a queue), every one
 * valid against the upstream schema (kubernetes-models 5.1.0, @kubernetes-models/keda) with no unknown field;
 * replicas, triggers and their queries, PDB arithmetic, probes and security context as configured; and an
 * added service needs nothing but its name in config.
 */
import * as assert from "assert";
import { parser } from "@prometheus-io/lezer-promql";
import {
    deploymentManifest,
    scaledObjectTriggers,
    SERVICE_LABEL,
    serviceImage,
    serviceProbes,
    topologySpread,
} from "../../components/services/service";
import { kongServiceName } from "../../components/gateway/kongNames";
import { PlatformConfig, serviceRoleLogicalName, serviceSchema, validateConfig } from "../../config";
import { runPolicyGate } from "../../offline/policyGate";
import { revealSecrets } from "../../offline/secrets";
import { PROJECT_ROOT } from "../../offline/synthesize";
import { SynthesisResult, SynthesizedResource } from "../../offline/types";
import { stackConfig } from "../support/config";
import { ofType, single, STACKS, synthesizeStack } from "../support/synthesis";
import { kubernetesObjectProblems } from "../support/kubernetesSchemas";
import { loadValidator, strictProblems } from "./strictSchema";

const DEPLOYMENT = "kubernetes:apps/v1:Deployment";
const ROLLOUT = "kubernetes:argoproj.io/v1alpha1:Rollout";
const ANALYSIS = "kubernetes:argoproj.io/v1alpha1:AnalysisTemplate";
const JOB = "kubernetes:batch/v1:Job";
const SERVICE = "kubernetes:core/v1:Service";
const PDB = "kubernetes:policy/v1:PodDisruptionBudget";
const CONFIG_MAP = "kubernetes:core/v1:ConfigMap";
const SCALED_OBJECT = "kubernetes:keda.sh/v1alpha1:ScaledObject";
const TRIGGER_AUTH = "kubernetes:keda.sh/v1alpha1:TriggerAuthentication";
const HPA_TYPES = ["kubernetes:autoscaling/v2:HorizontalPodAutoscaler", "kubernetes:autoscaling/v1:HorizontalPodAutoscaler"];
const COMPONENT = "platform:services:Service";

const SCHEMAS: Record<string, [string, string]> = {
    [DEPLOYMENT]: ["kubernetes-models", "IoK8sApiAppsV1Deployment"],
    [SERVICE]: ["kubernetes-models", "IoK8sApiCoreV1Service"],
    [PDB]: ["kubernetes-models", "IoK8sApiPolicyV1PodDisruptionBudget"],
    [CONFIG_MAP]: ["kubernetes-models", "IoK8sApiCoreV1ConfigMap"],
    [SCALED_OBJECT]: ["@kubernetes-models/keda", "ComGithubKedacoreKedaV2ApisKedaV1alpha1ScaledObject"],
    [TRIGGER_AUTH]: ["@kubernetes-models/keda", "ComGithubKedacoreKedaV2ApisKedaV1alpha1TriggerAuthentication"],
};

const results: Record<string, SynthesisResult> = {};
const configs: Record<string, PlatformConfig> = {};

/** Region codes of a stack (`use1`, `usw2`), from its per-service components. */
function regionCodes(result: SynthesisResult): string[] {
    return [...new Set(ofType(result, COMPONENT).map((c) => /^[a-z]+-([a-z0-9]+)-/.exec(c.name)![1]))];
}

function objectOf(result: SynthesisResult, type: string, code: string, service: string, suffix: string): SynthesizedResource {
    return single(result, type, `-${code}-${service}-${suffix}`);
}

/** The service's workload Pulumi registers: its Rollout when it is a canary, else its Deployment (same pod template). */
function workloadOf(result: SynthesisResult, code: string, service: string, settings: { canary?: unknown }): SynthesizedResource {
    return settings.canary ? objectOf(result, ROLLOUT, code, service, "rollout") : objectOf(result, DEPLOYMENT, code, service, "deployment");
}

/** Plain JSON of a resource's inputs (secrets revealed), as the API server would receive them. */
function manifest(resource: SynthesizedResource): Record<string, any> {
    return JSON.parse(JSON.stringify(revealSecrets(resource.inputs)));
}

/** Synthesizes the three stacks once (shared with the other specs through the synthesis cache). */
async function synthesizeAll(this: Mocha.Context): Promise<void> {
    this.timeout(300_000);
    for (const stack of STACKS) {
        // Pulumi's own workloads: with platform:gitOps in a stack file, Argo CD would own them (tests/services/delivery.spec.ts).
        results[stack] = await synthesizeStack(stack, stackConfig(stack).gitOps ? { gitOps: undefined } : undefined);
        configs[stack] = validateConfig(stackConfig(stack));
    }
}

describe("services: pure manifests", () => {
    const settings = serviceSchema.parse({ port: 8081, queue: {} });

    it("probes the container's named port on the configured paths, with a startup budget", () => {
        const probes = serviceProbes(serviceSchema.parse({ probes: { readinessPath: "/r", livenessPath: "/l", startupPath: "/s", startupFailureThreshold: 12 } }));
        assert.deepStrictEqual(
            [probes.readinessProbe, probes.livenessProbe, probes.startupProbe].map((p: any) => [p.httpGet.path, p.httpGet.port]),
            [
                ["/r", "http"],
                ["/l", "http"],
                ["/s", "http"],
            ],
        );
        assert.strictEqual((probes.startupProbe as any).failureThreshold * (probes.startupProbe as any).periodSeconds, 60);
    });

    it("spreads over zones (hard) and nodes (soft) by the service's pods", () => {
        const [zone, host] = topologySpread("billing") as any[];
        assert.deepStrictEqual([zone.topologyKey, zone.whenUnsatisfiable, zone.labelSelector.matchLabels], ["topology.kubernetes.io/zone", "DoNotSchedule", { [SERVICE_LABEL]: "billing" }]);
        assert.deepStrictEqual([host.topologyKey, host.whenUnsatisfiable], ["kubernetes.io/hostname", "ScheduleAnyway"]);
    });

    it("takes the configured image, else <account ECR>/<service>:<serviceImages.tag>, else refuses", () => {
        const base = { service: "billing", accountId: "111122223333", region: "eu-west-1" };
        assert.strictEqual(serviceImage({ ...base, settings: serviceSchema.parse({}), images: { tag: "1.2.3" } }), "111122223333.dkr.ecr.eu-west-1.amazonaws.com/billing:1.2.3");
        assert.strictEqual(serviceImage({ ...base, settings: serviceSchema.parse({}), images: { registry: "ghcr.io/acme", tag: "1.2.3" } }), "ghcr.io/acme/billing:1.2.3");
        assert.strictEqual(serviceImage({ ...base, settings: serviceSchema.parse({ image: "ghcr.io/x/y:9" }), images: { tag: "1.2.3" } }), "ghcr.io/x/y:9");
        assert.throws(() => serviceImage({ ...base, settings: serviceSchema.parse({}), images: {} }), /no image/);
    });

    it("adds the credentials Secret to the environment only when there is one", () => {
        const args = { service: "billing", namespace: "billing", settings, image: "i:1", configMapName: "billing-config" };
        const envFrom = (m: any) => m.spec.template.spec.containers[0].envFrom;
        assert.deepStrictEqual(envFrom(deploymentManifest(args)), [{ configMapRef: { name: "billing-config" } }]);
        assert.deepStrictEqual(envFrom(deploymentManifest({ ...args, secretName: "billing-credentials" }))[1], { secretRef: { name: "billing-credentials" } });
    });

    it("refuses to build a queue trigger without the queue's URL", () => {
        assert.throws(() => scaledObjectTriggers({ service: "billing", namespace: "billing", settings, region: "us-east-1" }), /no queue URL/);
        assert.deepStrictEqual(
            scaledObjectTriggers({ service: "billing", namespace: "billing", settings: serviceSchema.parse({}), region: "us-east-1" }).map((t) => t.type),
            ["cpu", "prometheus"],
        );
    });
});

for (const stack of STACKS) {
    describe(`services: ${stack}`, () => {
        before(synthesizeAll);
        it("gives every configured service, in every region, exactly its Deployment (or canary Rollout and AnalysisTemplate), Service, PDB and ScaledObject (+ TriggerAuthentication with a queue, + migration Job and RDS CA in the primary region), and no HPA of its own", () => {
            const result = results[stack];
            const services = Object.keys(configs[stack].services);
            const codes = regionCodes(result);
            assert.strictEqual(codes.length, configs[stack].regions.length);
            assert.strictEqual(ofType(result, COMPONENT).length, services.length * codes.length);
            for (const code of codes) {
                for (const service of services) {
                    const children = result.resources.filter((r) => r.parent?.endsWith(`::${stack}-${code}-${service}`) && r.custom);
                    const settings = configs[stack].services[service];
                    const primary = code === regionCodes(result)[0];
                    const expected = [
                        ...(settings.canary ? [ROLLOUT, ANALYSIS] : [DEPLOYMENT]),
                        SERVICE,
                        PDB,
                        SCALED_OBJECT,
                        ...(settings.queue ? [TRIGGER_AUTH] : []),
                        ...(settings.migrations && primary ? [JOB, CONFIG_MAP] : []),
                    ];
                    assert.deepStrictEqual(children.map((c) => c.type).sort(), expected.sort(), `${code} ${service}`);
                }
            }
            assert.deepStrictEqual(result.resources.filter((r) => HPA_TYPES.includes(r.type)), [], "KEDA owns the HPA: a second one would fight it");
        });

        it("emits only objects valid against the upstream schemas, with no field the schema lacks", async () => {
            const validators = Object.fromEntries(await Promise.all(Object.entries(SCHEMAS).map(async ([type, [pkg, schema]]) => [type, await loadValidator(pkg, schema)] as const)));
            const serviceObjects = results[stack].resources.filter((r) => r.parent && results[stack].resources.some((c) => c.urn === r.parent && c.type === COMPONENT));
            const configMaps = ofType(results[stack], CONFIG_MAP).filter((r) => r.name.includes("-service-access-"));
            assert.ok(serviceObjects.length > 0 && configMaps.length > 0);
            for (const resource of [...serviceObjects, ...configMaps]) {
                const problems = validators[resource.type] ? strictProblems(validators[resource.type], manifest(resource)) : await kubernetesObjectProblems(manifest(resource) as any);
                assert.deepStrictEqual(problems, [], `${resource.type} ${resource.name}`);
            }
        });

        it("scales between the configured min and max replicas, and sets no replicas on the Deployment or Rollout (KEDA's HPA owns them)", () => {
            for (const code of regionCodes(results[stack])) {
                for (const [service, settings] of Object.entries(configs[stack].services)) {
                    const deployment = workloadOf(results[stack], code, service, settings).inputs;
                    assert.strictEqual(deployment.spec.replicas, undefined, `${service}: spec.replicas would reset KEDA's scaling on every update`);
                    const scaled = objectOf(results[stack], SCALED_OBJECT, code, service, "scaled-object").inputs.spec;
                    assert.deepStrictEqual([scaled.minReplicaCount, scaled.maxReplicaCount], [settings.minReplicas, settings.maxReplicas], service);
                    const target = settings.canary ? { apiVersion: "argoproj.io/v1alpha1", kind: "Rollout" } : { apiVersion: "apps/v1", kind: "Deployment" };
                    assert.deepStrictEqual(scaled.scaleTargetRef, { ...target, name: deployment.metadata.name });
                    assert.strictEqual(scaled.fallback.replicas, settings.minReplicas);
                }
            }
        });

        it("triggers on CPU utilization, on the gateway's requests per second to the service's Kong service, and on queue depth for queue consumers", () => {
            const result = results[stack];
            for (const code of regionCodes(result)) {
                for (const [service, settings] of Object.entries(configs[stack].services)) {
                    const triggers: any[] = objectOf(result, SCALED_OBJECT, code, service, "scaled-object").inputs.spec.triggers;
                    const byType = Object.fromEntries(triggers.map((t) => [t.type, t]));
                    assert.deepStrictEqual(byType.cpu, { type: "cpu", name: "cpu", metricType: "Utilization", metadata: { value: String(settings.autoscaling.cpuUtilization) } });

                    const rps = byType.prometheus;
                    assert.strictEqual(rps.metadata.serverAddress, settings.autoscaling.prometheusServerAddress);
                    assert.strictEqual(rps.metadata.threshold, String(settings.autoscaling.requestsPerSecondPerPod));
                    const query: string = rps.metadata.query;
                    // The query parses as PromQL and selects the Kong service KIC generates for <s>/<s>:<port>.
                    const tree = parser.parse(query);
                    let errors = 0;
                    tree.iterate({ enter: (n) => void (n.type.isError && errors++) });
                    assert.strictEqual(errors, 0, `${service}: ${query} does not parse`);
                    assert.ok(query.includes(`service="${kongServiceName(service, service, settings.port)}"`), `${service}: ${query}`);
                    assert.match(query, /^sum\(rate\(kong_http_requests_total\{/);

                    const sqs = byType["aws-sqs-queue"];
                    if (settings.queue) {
                        const queue = single(result, "aws:sqs/queue:Queue", `-${code}-${service}-queue-queue`);
                        assert.strictEqual(sqs.metadata.queueURL, queue.outputs!.url, `${service}: the trigger reads its own region's queue`);
                        assert.strictEqual(sqs.metadata.awsRegion, queue.region);
                        assert.strictEqual(sqs.metadata.queueLength, String(settings.autoscaling.queueLength ?? 5));
                        const auth = objectOf(result, TRIGGER_AUTH, code, service, "trigger-auth").inputs;
                        assert.deepStrictEqual([sqs.authenticationRef.name, sqs.authenticationRef.kind], [auth.metadata.name, "TriggerAuthentication"]);
                        assert.deepStrictEqual(auth.spec, { podIdentity: { provider: "aws", identityOwner: "keda" } }, "pod identity, never static keys");
                    } else {
                        assert.strictEqual(sqs, undefined, `${service} has no queue`);
                    }
                }
            }
        });

        it("keeps a voluntary disruption possible at the floor: the PDB's bound leaves at least one pod evictable at minReplicas", () => {
            for (const code of regionCodes(results[stack])) {
                for (const [service, settings] of Object.entries(configs[stack].services)) {
                    const pdb = objectOf(results[stack], PDB, code, service, "pdb").inputs.spec;
                    const evictable = pdb.maxUnavailable !== undefined ? pdb.maxUnavailable : settings.minReplicas - pdb.minAvailable;
                    assert.ok(evictable >= 1, `${service}: ${JSON.stringify(pdb)} at ${settings.minReplicas} replicas`);
                    const podLabels = workloadOf(results[stack], code, service, settings).inputs.spec.template.metadata.labels;
                    for (const [k, v] of Object.entries(pdb.selector.matchLabels)) {
                        assert.strictEqual(podLabels[k], v, `${service}: the PDB selects the service's pods`);
                    }
                }
            }
        });

        it("runs restricted: non-root, read-only root with an emptyDir /tmp, no escalation, no capabilities, RuntimeDefault seccomp; requests and a memory limit", () => {
            for (const code of regionCodes(results[stack])) {
                for (const [service, settings] of Object.entries(configs[stack].services)) {
                    const pod = workloadOf(results[stack], code, service, settings).inputs.spec.template.spec;
                    const [container] = pod.containers;
                    assert.strictEqual(pod.containers.length, 1);
                    const sc = container.securityContext;
                    assert.deepStrictEqual(
                        [sc.runAsNonRoot, sc.readOnlyRootFilesystem, sc.allowPrivilegeEscalation, sc.privileged, sc.capabilities, sc.seccompProfile],
                        [true, true, false, false, { drop: ["ALL"] }, { type: "RuntimeDefault" }],
                        service,
                    );
                    assert.deepStrictEqual(pod.securityContext.seccompProfile, { type: "RuntimeDefault" });
                    const tmp = container.volumeMounts.find((m: any) => m.mountPath === "/tmp");
                    assert.ok(pod.volumes.some((v: any) => v.name === tmp.name && v.emptyDir), `${service}: /tmp is an emptyDir`);
                    assert.deepStrictEqual(container.resources, {
                        requests: { cpu: settings.cpuRequest, memory: settings.memoryRequest },
                        limits: { cpu: settings.cpuLimit, memory: settings.memoryLimit },
                    });
                    assert.strictEqual(pod.serviceAccountName, service);
                    assert.strictEqual(pod.automountServiceAccountToken, false);
                }
            }
        });

        it("probes and drains as configured: probes on the http port, preStop sleep inside the grace period (realtime: long)", () => {
            for (const code of regionCodes(results[stack])) {
                for (const [service, settings] of Object.entries(configs[stack].services)) {
                    const pod = workloadOf(results[stack], code, service, settings).inputs.spec.template.spec;
                    const [container] = pod.containers;
                    assert.deepStrictEqual(container.ports, [{ name: "http", containerPort: settings.port, protocol: "TCP" }]);
                    assert.strictEqual(container.readinessProbe.httpGet.path, settings.probes.readinessPath);
                    assert.strictEqual(container.livenessProbe.httpGet.path, settings.probes.livenessPath);
                    assert.strictEqual(container.startupProbe.httpGet.path, settings.probes.startupPath);
                    for (const probe of [container.readinessProbe, container.livenessProbe, container.startupProbe]) {
                        assert.strictEqual(probe.httpGet.port, "http");
                    }
                    assert.strictEqual(pod.terminationGracePeriodSeconds, settings.terminationGracePeriodSeconds);
                    assert.strictEqual(container.lifecycle.preStop.sleep.seconds, settings.preStopSleepSeconds);
                    assert.ok(settings.preStopSleepSeconds < settings.terminationGracePeriodSeconds);
                }
            }
            const realtime = configs[stack].services.realtime;
            assert.ok(realtime.terminationGracePeriodSeconds > configs[stack].services.bff.terminationGracePeriodSeconds, "websockets get longer to drain");
        });

        it("exposes Service <s>/<s> on the configured port, named http, to the container's http port (the service contract)", () => {
            for (const code of regionCodes(results[stack])) {
                for (const [service, settings] of Object.entries(configs[stack].services)) {
                    const svc = objectOf(results[stack], SERVICE, code, service, "service").inputs;
                    assert.deepStrictEqual([svc.metadata.name, svc.metadata.namespace], [service, service]);
                    assert.deepStrictEqual(svc.spec.ports, [{ name: "http", port: settings.port, targetPort: "http", protocol: "TCP", appProtocol: "http" }]);
                    assert.deepStrictEqual(svc.spec.selector, { "app.kubernetes.io/name": service });
                    const deployment = workloadOf(results[stack], code, service, settings).inputs;
                    assert.strictEqual(deployment.spec.template.metadata.labels["app.kubernetes.io/name"], service);
                    const envFrom = deployment.spec.template.spec.containers[0].envFrom;
                    assert.strictEqual(envFrom[0].configMapRef.name, single(results[stack], CONFIG_MAP, `-${code}-service-access-${service}-config`).inputs.metadata.name);
                }
            }
        });
    });
}

describe("services: an eighth service is a config change only", () => {
    it("gets a namespace, role, ServiceAccount, workload and autoscaling from its name alone", async function () {
        this.timeout(300_000);
        const services = { ...stackConfig("dev").services, billing: {} };
        // Pulumi-owned workloads (the dev stack file sets platform:gitOps, under which Argo CD would own the Deployment).
        const result = await synthesizeStack("dev", { services, gitOps: undefined });
        assert.strictEqual(single(result, "kubernetes:core/v1:Namespace", "-use1-k8s-baseline-billing-ns").inputs.metadata.name, "billing");
        const role = single(result, "aws:iam/role:Role", "-use1-service-access-billing-role");
        // The name validation computes its length from is the one the role really gets.
        assert.strictEqual(role.name, serviceRoleLogicalName("dev-use1", "billing"));
        assert.strictEqual(single(result, "kubernetes:core/v1:ServiceAccount", "-use1-service-access-billing-sa").inputs.metadata.name, "billing");
        const deployment = single(result, DEPLOYMENT, "-use1-billing-deployment").inputs;
        // The default image is the stack's ECR repository for the service (delivery.registry: <prefix>/<service>).
        const dev = validateConfig(stackConfig("dev"));
        assert.strictEqual(deployment.spec.template.spec.containers[0].image, `${dev.awsAccountId}.dkr.ecr.us-east-1.amazonaws.com/${dev.delivery!.registry!.repositoryPrefix}/billing:2026.11.0`);
        const scaled = single(result, SCALED_OBJECT, "-use1-billing-scaled-object").inputs.spec;
        assert.deepStrictEqual([scaled.minReplicaCount, scaled.maxReplicaCount], [2, 10]);
        assert.ok(single(result, PDB, "-use1-billing-pdb"));
        assert.ok(single(result, SERVICE, "-use1-billing-service"));
        const gate = await runPolicyGate(result, PROJECT_ROOT);
        assert.deepStrictEqual(gate.violations.filter((v) => v.enforcementLevel === "mandatory"), []);
    });
});
