/**
 * Every Kubernetes object of every stack against upstream schemas (unknown fields rejected), and Pod Security
 * `restricted` on every pod template. Adding a kind means adding its schema (see tests/support/kubernetesSchemas.ts).
 */
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { UNKNOWN_STRING } from "../../policy/lib/unknowns";
import {
    CRD_FIXTURES,
    kubernetesObjectProblems,
    kubernetesObjects,
    KubernetesObject,
    missingSchemaMessage,
    structuralSchemaProblems,
    validatorFor,
} from "../support/kubernetesSchemas";
import { namespaceLevel, podSecurityProblems, podSpecOf, POD_SECURITY_EXCEPTION_ANNOTATION, POD_TEMPLATE_KINDS, restrictedProblems } from "../support/podSecurity";
import { STACKS, synthesizeStack } from "../support/synthesis";
import { stackConfig } from "../support/config";
import { renderGitOps } from "../../components/services/gitopsRender";
import { PlatformConfig, validateConfig } from "../../config";

/**
 * The stack as synthesized, plus the other owner's view: when the stack file sets platform:gitOps, the workloads
 * Pulumi would register without it (so both paths are checked whatever the committed files say).
 */
function variants(stack: string): Array<{ label: string; overrides?: Record<string, unknown> }> {
    return stackConfig(stack).gitOps ? [{ label: "" }, { label: " (Pulumi-owned workloads)", overrides: { gitOps: undefined } }] : [{ label: "" }];
}

/** The stack's config with platform:gitOps (the committed one, or a stand-in repository) for `npm run gitops`. */
function gitOpsConfig(stack: string): PlatformConfig {
    const raw = stackConfig(stack);
    return validateConfig({ ...raw, gitOps: raw.gitOps ?? { repositoryUrl: "https://github.com/example-org/deployments.git" } });
}

/** A Deployment that passes both checks; the mutations below each break one thing. */
function deployment(): KubernetesObject {
    return {
        apiVersion: "apps/v1",
        kind: "Deployment",
        metadata: { name: "web", namespace: "web", labels: { "app.kubernetes.io/name": "web" } },
        spec: {
            replicas: 2,
            selector: { matchLabels: { "app.kubernetes.io/name": "web" } },
            template: {
                metadata: { labels: { "app.kubernetes.io/name": "web" } },
                spec: {
                    securityContext: { runAsNonRoot: true, runAsUser: 10001, seccompProfile: { type: "RuntimeDefault" } },
                    containers: [
                        {
                            name: "web",
                            image: "registry.example.com/web:1.2.3",
                            ports: [{ name: "http", containerPort: 8080 }],
                            resources: { requests: { cpu: "100m", memory: "128Mi" }, limits: { memory: "256Mi" } },
                            securityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ["ALL"] } },
                            volumeMounts: [{ name: "tmp", mountPath: "/tmp" }],
                        },
                    ],
                    volumes: [{ name: "tmp", emptyDir: {} }],
                },
            },
        },
    };
}

function mutated(change: (o: any) => void): KubernetesObject {
    const o = deployment();
    change(o);
    return o;
}

describe("kubernetes schemas: the walker bites", () => {
    it("accepts a valid Deployment", async () => {
        assert.deepStrictEqual(await kubernetesObjectProblems(deployment()), []);
    });

    it("rejects an unknown field at any depth (validate() alone would not)", async () => {
        const problems = await kubernetesObjectProblems(
            mutated((o) => {
                o.spec.template.spec.containers[0].securityContext.runAsNonroot = true;
                o.metadata.lables = {};
            }),
        );
        assert.deepStrictEqual(problems.sort(), [
            "$.metadata.lables: unknown field (not in the schema; the API server would prune it)",
            "$.spec.template.spec.containers[0].securityContext.runAsNonroot: unknown field (not in the schema; the API server would prune it)",
        ]);
    });

    it("rejects a wrong type and a missing required field", async () => {
        const problems = await kubernetesObjectProblems(
            mutated((o) => {
                o.spec.replicas = "2";
                delete o.spec.selector;
                delete o.spec.template.spec.containers[0].name;
            }),
        );
        assert.ok(problems.includes("$.spec.replicas: expected integer"), problems.join("\n"));
        assert.ok(problems.includes("$.spec.selector: required field missing"), problems.join("\n"));
        assert.ok(problems.includes("$.spec.template.spec.containers[0].name: required field missing"), problems.join("\n"));
    });

    it("accepts keys of maps (labels, resources) and free-form fields without judging them", async () => {
        const problems = await kubernetesObjectProblems({
            apiVersion: "argoproj.io/v1alpha1",
            kind: "Application",
            metadata: { name: "a", annotations: { "any/key": "x" } },
            spec: { project: "p", destination: {}, source: { repoURL: "r", helm: { valuesObject: { anything: { at: ["all"] } } } } },
        });
        assert.deepStrictEqual(problems, []);
    });

    it("does not mistake a value unknown during preview for an error", async () => {
        const problems = await kubernetesObjectProblems(
            mutated((o) => {
                o.spec.replicas = UNKNOWN_STRING; // an integer computed by another resource
                o.spec.template.spec.containers[0].ports = UNKNOWN_STRING; // a whole list not known yet
            }),
        );
        assert.deepStrictEqual(problems, []);
    });

    it("validates CRD kinds with their package and rejects unknown fields there too", async () => {
        const scaledObject = {
            apiVersion: "keda.sh/v1alpha1",
            kind: "ScaledObject",
            metadata: { name: "web", namespace: "web" },
            spec: { scaleTargetRef: { name: "web" }, minReplicaCount: 2, triggers: [{ type: "cpu", metricType: "Utilization", metadata: { value: "60" } }] },
        };
        assert.deepStrictEqual(await kubernetesObjectProblems(scaledObject), []);
        const bad = { ...scaledObject, spec: { ...scaledObject.spec, minReplicas: 2, minReplicaCount: "2" } };
        assert.deepStrictEqual((await kubernetesObjectProblems(bad)).sort(), [
            "$.spec.minReplicaCount: expected integer",
            "$.spec.minReplicas: unknown field (not in the schema; the API server would prune it)",
        ]);
    });

    it("fails a kind no schema covers, saying how to add one", async () => {
        const problems = await kubernetesObjectProblems({ apiVersion: "example.com/v1", kind: "Widget", metadata: { name: "w" } });
        assert.deepStrictEqual(problems, [missingSchemaMessage("example.com/v1", "Widget")]);
        assert.match(problems[0], /tests\/fixtures\/crds\/example\.com\/v1\/Widget\.json/);
        assert.match(problems[0], /GROUP_PACKAGES/);
        // A package sub-type with a kind's name is not a kind (keda exports a `Rollout` status type).
        assert.strictEqual(await validatorFor("keda.sh/v1alpha1", "Rollout"), undefined);
    });

    it("walks vendored CRD schemas with the API server's pruning rules", () => {
        const schema = {
            type: "object",
            required: ["plugin"],
            properties: {
                plugin: { type: "string" },
                config: { type: "object", "x-kubernetes-preserve-unknown-fields": true },
                labels: { type: "object", additionalProperties: { type: "string" } },
                port: { "x-kubernetes-int-or-string": true },
                mode: { type: "string", enum: ["a", "b"] },
            },
        };
        const ok = structuralSchemaProblems({ plugin: "jwt", config: { anything: 1 }, labels: { a: "b" }, port: "http", mode: "a" }, schema);
        assert.deepStrictEqual(ok, []);
        const bad = structuralSchemaProblems({ config: {}, labels: { a: 1 }, port: true, mode: "c", extra: 1 }, schema).map((p) => `${p.pointer} ${p.message}`);
        assert.deepStrictEqual(bad.sort(), [
            "/extra unknown field (not in the schema; the API server would prune it)",
            "/labels/a expected string, found integer",
            '/mode must be one of ["a","b"]',
            "/plugin required field missing",
            "/port expected integer or string, found boolean",
        ]);
        assert.deepStrictEqual(structuralSchemaProblems({ plugin: UNKNOWN_STRING, mode: UNKNOWN_STRING }, schema), []);
    });

    it("vendored CRD schemas each name their upstream source", () => {
        if (!fs.existsSync(CRD_FIXTURES)) {
            return;
        }
        for (const group of fs.readdirSync(CRD_FIXTURES)) {
            for (const version of fs.readdirSync(path.join(CRD_FIXTURES, group)).filter((v) => fs.statSync(path.join(CRD_FIXTURES, group, v)).isDirectory())) {
                const dir = path.join(CRD_FIXTURES, group, version);
                const schemas = fs.readdirSync(dir).filter((f) => f.endsWith(".json"));
                if (schemas.length > 0) {
                    const source = path.join(dir, "SOURCE");
                    assert.ok(fs.existsSync(source), `${dir} has CRD schemas but no SOURCE file (upstream version and URL)`);
                    assert.match(fs.readFileSync(source, "utf8"), /https?:\/\//, `${source} must give the upstream URL`);
                }
            }
        }
    });
});

describe("pod security: restricted checker", () => {
    const pod = () => deployment().spec.template.spec;
    const failing: [string, (p: any) => void, RegExp][] = [
        ["runAsNonRoot unset", (p) => delete p.securityContext.runAsNonRoot, /running as non-root: containers\[0\]/],
        ["runAsNonRoot false on a container", (p) => (p.containers[0].securityContext.runAsNonRoot = false), /running as non-root/],
        ["runAsUser 0", (p) => (p.securityContext.runAsUser = 0), /runAsUser must not be 0/],
        ["allowPrivilegeEscalation unset", (p) => delete p.containers[0].securityContext.allowPrivilegeEscalation, /privilege escalation/],
        ["allowPrivilegeEscalation true", (p) => (p.containers[0].securityContext.allowPrivilegeEscalation = true), /privilege escalation/],
        ["capabilities not dropped", (p) => delete p.containers[0].securityContext.capabilities, /must drop ALL/],
        ["a capability other than NET_BIND_SERVICE added", (p) => (p.containers[0].securityContext.capabilities.add = ["CHOWN"]), /may add only NET_BIND_SERVICE/],
        ["seccomp unset", (p) => delete p.securityContext.seccompProfile, /seccomp/],
        ["seccomp Unconfined on a container", (p) => (p.containers[0].securityContext.seccompProfile = { type: "Unconfined" }), /seccomp/],
        ["hostNetwork", (p) => (p.hostNetwork = true), /host namespaces/],
        ["hostPID", (p) => (p.hostPID = true), /host namespaces/],
        ["hostIPC", (p) => (p.hostIPC = true), /host namespaces/],
        ["a hostPath volume", (p) => p.volumes.push({ name: "h", hostPath: { path: "/" } }), /hostPath volumes/],
        ["privileged", (p) => (p.containers[0].securityContext.privileged = true), /privileged/],
        ["a volume type outside the list", (p) => p.volumes.push({ name: "n", nfs: { server: "s", path: "/" } }), /volume types: volume "n" is nfs/],
        ["an init container without the context", (p) => p.initContainers = [{ name: "init", image: "i:1" }], /initContainers\[0\] \(init\)/],
        ["a hostPort", (p) => (p.containers[0].ports[0].hostPort = 80), /host ports/],
    ];

    it("passes a compliant pod, also with NET_BIND_SERVICE added and container-level settings", () => {
        assert.deepStrictEqual(restrictedProblems(pod()), []);
        const p = pod();
        p.containers[0].securityContext.capabilities.add = ["NET_BIND_SERVICE"];
        delete p.securityContext.seccompProfile;
        delete p.securityContext.runAsNonRoot;
        Object.assign(p.containers[0].securityContext, { seccompProfile: { type: "Localhost", localhostProfile: "p.json" }, runAsNonRoot: true });
        assert.deepStrictEqual(restrictedProblems(p), []);
    });

    for (const [name, change, expected] of failing) {
        it(`fails: ${name}`, () => {
            const p = pod();
            change(p);
            const problems = restrictedProblems(p);
            assert.ok(problems.some((line) => expected.test(line)), `expected ${expected} in ${JSON.stringify(problems)}`);
        });
    }

    it("baseline allows what only restricted forbids; privileged allows everything", () => {
        const p = pod();
        delete p.containers[0].securityContext.allowPrivilegeEscalation;
        delete p.securityContext.runAsNonRoot;
        assert.deepStrictEqual(podSecurityProblems(p, "baseline"), []);
        p.hostNetwork = true;
        assert.notDeepStrictEqual(podSecurityProblems(p, "baseline"), []);
        assert.deepStrictEqual(podSecurityProblems(p, "privileged"), []);
    });

    it("takes a lower namespace level only when the exception is documented on the namespace", () => {
        const ns = (annotations?: Record<string, string>) => ({
            resource: { provider: "k8s" } as any,
            object: { apiVersion: "v1", kind: "Namespace", metadata: { name: "agents", labels: { "pod-security.kubernetes.io/enforce": "privileged" }, annotations } },
        });
        assert.deepStrictEqual(namespaceLevel([ns({ [POD_SECURITY_EXCEPTION_ANNOTATION]: "node agent needs hostPath" })], "k8s", "agents"), { level: "privileged" });
        assert.strictEqual(namespaceLevel([ns()], "k8s", "agents").level, "restricted");
        assert.match(namespaceLevel([ns()], "k8s", "agents").undocumented ?? "", /agents enforces privileged without/);
        assert.deepStrictEqual(namespaceLevel([ns()], "k8s", "elsewhere"), { level: "restricted" });
        assert.deepStrictEqual(namespaceLevel([ns()], "other-cluster", "agents").level, "restricted");
    });

    it("finds the pod template of every workload kind", () => {
        const spec = { containers: [] };
        for (const kind of ["Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Job", "Rollout"]) {
            assert.strictEqual(podSpecOf({ apiVersion: "x", kind, spec: { template: { spec } } }), spec, kind);
        }
        assert.strictEqual(podSpecOf({ apiVersion: "batch/v1", kind: "CronJob", spec: { jobTemplate: { spec: { template: { spec } } } } }), spec);
        assert.strictEqual(podSpecOf({ apiVersion: "v1", kind: "Pod", spec }), spec);
        assert.strictEqual(podSpecOf({ apiVersion: "v1", kind: "ConfigMap" }), undefined);
    });
});

for (const stack of STACKS) {
    for (const { label, overrides } of variants(stack)) {
        describe(`kubernetes objects of the ${stack} stack${label}`, () => {
            it("every object validates against its upstream schema, with no unknown fields", async () => {
                const objects = kubernetesObjects(await synthesizeStack(stack, overrides));
                assert.ok(objects.length > 0, "no Kubernetes objects found");
                const failures: string[] = [];
                for (const { resource, object } of objects) {
                    for (const problem of await kubernetesObjectProblems(object)) {
                        failures.push(`${resource.name} (${object.apiVersion} ${object.kind}): ${problem}`);
                    }
                }
                assert.deepStrictEqual(failures, [], `\n${failures.join("\n")}`);
            });

            it("every pod template meets its namespace's Pod Security level (restricted unless a documented exception)", async () => {
                const objects = kubernetesObjects(await synthesizeStack(stack, overrides));
                const workloads = objects.filter((o) => POD_TEMPLATE_KINDS.includes(o.object.kind));
                assert.ok(workloads.length > 0, "no workloads found");
                const failures: string[] = [];
                for (const { resource, object } of workloads) {
                    const pod = podSpecOf(object);
                    if (pod === undefined) {
                        continue; // a Rollout with workloadRef: its Deployment is checked itself
                    }
                    const { level, undocumented } = namespaceLevel(objects, resource.provider, object.metadata?.namespace ?? "default");
                    if (undocumented) {
                        failures.push(`${resource.name}: ${undocumented}`);
                    }
                    failures.push(...podSecurityProblems(pod, level).map((p) => `${resource.name} (${object.kind}, ${level}): ${p}`));
                }
                assert.deepStrictEqual(failures, [], `\n${failures.join("\n")}`);
            });
        });
    }

    describe(`kubernetes objects of the ${stack} stack that Argo CD syncs (npm run gitops)`, () => {
        it("every rendered object validates against its upstream schema (argo-rollouts for Rollouts), with no unknown fields, and runs restricted", async () => {
            const applications = renderGitOps(gitOpsConfig(stack));
            assert.ok(applications.length > 0);
            const failures: string[] = [];
            for (const app of applications) {
                for (const object of app.objects) {
                    const where = `${app.path} ${object.kind} ${object.metadata.name}`;
                    (await kubernetesObjectProblems(object as KubernetesObject)).forEach((p) => failures.push(`${where}: ${p}`));
                    // Service namespaces enforce restricted (cluster/kubernetesBaseline.ts).
                    podSecurityProblems(podSpecOf(object as KubernetesObject), "restricted").forEach((p) => failures.push(`${where} (restricted): ${p}`));
                }
            }
            assert.deepStrictEqual(failures, [], `\n${failures.join("\n")}`);
        });
    });
}
