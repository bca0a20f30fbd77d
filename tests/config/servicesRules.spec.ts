/**
 * The services' configuration: the set is data (names are DNS labels short enough for every derived name,
 * every setting defaulted), and the workload settings' cross-field rules (replicas, image pinning, probe port,
 * disruption budget, drain timing, queue trigger), each at its boundary.
 */
import * as assert from "assert";
import {
    anyCanary,
    migrationCommand,
    migrationsSchema,
    serviceDeliveryProblems,
    DEFAULT_SERVICES,
    derivedServiceNames,
    disruptionBudgetBound,
    queueTriggerLength,
    imagePinProblem,
    NAME_LIMITS,
    serviceNameProblems,
    serviceSchema,
    SERVICE_NAMES,
    serviceWorkloadProblems,
    validateConfig,
} from "../../config";
import { assertNoProblemAt, assertProblemAt, rawStack } from "./fixtures";

const DIGEST = `sha256:${"a".repeat(64)}`;

describe("services config: the set is data", () => {
    it("defaults to the design's seven, with queues for the queue consumers, when a stack lists none", () => {
        const raw = rawStack("dev");
        delete raw.services;
        const config = validateConfig(raw);
        assert.deepStrictEqual(Object.keys(config.services).sort(), [...SERVICE_NAMES].sort());
        assert.deepStrictEqual(
            Object.entries(config.services)
                .filter(([, s]) => s.queue)
                .map(([n]) => n)
                .sort(),
            ["document", "notification", "verification"],
        );
        assert.deepStrictEqual(Object.keys(DEFAULT_SERVICES).sort(), [...SERVICE_NAMES].sort());
    });

    it("defaults every setting of an added service: only its name is needed", () => {
        const settings = serviceSchema.parse({});
        assert.strictEqual(settings.minReplicas, 2);
        assert.strictEqual(settings.maxReplicas, 10);
        assert.strictEqual(settings.port, 8080);
        assert.deepStrictEqual(settings.disruptionBudget, {});
        assert.strictEqual(settings.probes.readinessPath, "/ready");
        assert.strictEqual(settings.autoscaling.cpuUtilization, 70);
        assert.strictEqual(settings.autoscaling.prometheusServerAddress, "http://kube-prometheus-stack-prometheus.monitoring.svc:9090");
        assert.deepStrictEqual(serviceWorkloadProblems("billing", settings, { tag: "1.2.3" }), []);
    });

    it("computes the names derived from a service name with their limits (IAM role auto-name, SQS queue, ScaledObject)", () => {
        const names = derivedServiceNames({ environment: "prod", region: "us-east-1", service: "billing", queue: true });
        const role = names.find((n) => n.what.startsWith("IAM role"))!;
        // prod-use1-service-access-billing-role + "-" + 7 hex: what Pulumi names the role.
        assert.strictEqual(role.length, "prod-use1-service-access-billing-role".length + 8);
        assert.strictEqual(role.max, 64);
        assert.strictEqual(names.find((n) => n.what === "SQS queue")!.name, "platform-prod-use1-billing");
        assert.strictEqual(names.find((n) => n.what.startsWith("KEDA"))!.max, NAME_LIMITS.scaledObject);
        assert.ok(!derivedServiceNames({ environment: "prod", region: "us-east-1", service: "billing", queue: false }).some((n) => n.what === "SQS queue"));
    });

    it("accepts the longest name every derived name fits, and refuses one character more, naming the limit", () => {
        // prod-use1 (9) + -service-access- (16) + name + -role (5) + 8 <= 64: at most 26 characters.
        const args = { environment: "prod", regions: ["us-east-1", "us-west-2"], queue: true };
        assert.deepStrictEqual(serviceNameProblems("a".repeat(26), args), []);
        const [problem, ...rest] = serviceNameProblems("a".repeat(27), args);
        assert.strictEqual(rest.length, 0, "one problem per derived name, not one per region");
        assert.match(problem.message, /too long: its IAM role \(auto-named\) in us-east-1 would be .* \(65 characters\); expected at most 64, so a name of at most 26 characters/);
        // A longer environment leaves less room.
        assert.notDeepStrictEqual(serviceNameProblems("a".repeat(26), { ...args, environment: "production" }), []);
    });

    it("refuses a too-long name at its key through validation, with nothing else to fix", () => {
        const raw = rawStack("prod");
        raw.services = { ...raw.services, ["x".repeat(27)]: {} };
        assertProblemAt(raw, `platform:services.${"x".repeat(27)}`, /too long/);
        raw.services = { ...rawStack("prod").services, ["x".repeat(26)]: {} };
        assertNoProblemAt(raw, `platform:services.${"x".repeat(26)}`);
    });
});

describe("services config: workload rules", () => {
    const withBff = (patch: Record<string, unknown>, stack: "dev" | "prod" = "prod") => {
        const raw = rawStack(stack);
        raw.services = { ...raw.services, bff: { ...raw.services.bff, ...patch } };
        return raw;
    };

    it("refuses min above max, and accepts them equal", () => {
        assertNoProblemAt(withBff({ minReplicas: 4, maxReplicas: 4 }), "platform:services.bff.minReplicas");
        assertProblemAt(withBff({ minReplicas: 5, maxReplicas: 4 }), "platform:services.bff.minReplicas", /minReplicas 5 is greater than maxReplicas 4/);
    });

    it("pins images: a tag other than latest, or a digest; refuses untagged and latest", () => {
        assert.strictEqual(imagePinProblem("123456789012.dkr.ecr.us-east-1.amazonaws.com/bff:2026.11.0"), undefined);
        assert.strictEqual(imagePinProblem(`ghcr.io/acme/bff@${DIGEST}`), undefined);
        assert.strictEqual(imagePinProblem(`registry.local:5000/acme/bff:1.0@${DIGEST}`), undefined);
        assert.strictEqual(imagePinProblem(`ghcr.io/acme/bff:latest@${DIGEST}`), undefined, "a digest pins whatever the tag says");
        assert.match(imagePinProblem("ghcr.io/acme/bff")!, /has no tag/);
        assert.match(imagePinProblem("registry.local:5000/acme/bff")!, /has no tag/);
        assert.match(imagePinProblem("ghcr.io/acme/bff:latest")!, /moving tag latest/);
        assert.match(imagePinProblem("ghcr.io/acme/bff@sha256:abc")!, /not an image reference/);
        assert.match(imagePinProblem("Ghcr.io/Acme/BFF:1")!, /not an image reference/);
        assertProblemAt(withBff({ image: "ghcr.io/acme/bff:latest" }), "platform:services.bff.image", /moving tag latest/);
        assertNoProblemAt(withBff({ image: "ghcr.io/acme/bff:1.4.2" }), "platform:services.bff.image");
    });

    it("needs an image or serviceImages.tag, and refuses latest as the release tag", () => {
        const raw = withBff({});
        raw.serviceImages = {};
        assertProblemAt(raw, "platform:services.bff.image", /no image, and no serviceImages.tag/);
        raw.services.bff.image = "ghcr.io/acme/bff:1.0.0";
        assertNoProblemAt(raw, "platform:services.bff.image");
        assertProblemAt({ ...withBff({}), serviceImages: { tag: "latest" } }, "platform:serviceImages.tag", /latest is a moving tag/);
    });

    it("refuses a probe port that is not the container's, and accepts the container's", () => {
        assertProblemAt(withBff({ port: 8080, probes: { port: 9090 } }), "platform:services.bff.probes.port", /probe port 9090 is not the container's port 8080/);
        assertNoProblemAt(withBff({ port: 8080, probes: { port: 8080 } }), "platform:services.bff.probes.port");
    });

    it("refuses a PDB that blocks every disruption: maxUnavailable 0, minAvailable at or above minReplicas, or both set", () => {
        assertProblemAt(withBff({ disruptionBudget: { maxUnavailable: 0 } }), "platform:services.bff.disruptionBudget.maxUnavailable", /at least 1: 0 would block every node drain/);
        assertProblemAt(withBff({ minReplicas: 3, disruptionBudget: { minAvailable: 3 } }), "platform:services.bff.disruptionBudget.minAvailable", /minAvailable 3 is not below minReplicas 3.*at most 2/);
        assertNoProblemAt(withBff({ minReplicas: 3, disruptionBudget: { minAvailable: 2 } }), "platform:services.bff.disruptionBudget.minAvailable");
        assertProblemAt(withBff({ disruptionBudget: { minAvailable: 1, maxUnavailable: 1 } }), "platform:services.bff.disruptionBudget", /expected one of them/);
    });

    it("refuses a preStop sleep as long as the grace period, and accepts one second less", () => {
        assertProblemAt(withBff({ terminationGracePeriodSeconds: 30, preStopSleepSeconds: 30 }), "platform:services.bff.preStopSleepSeconds", /not below terminationGracePeriodSeconds 30/);
        assertNoProblemAt(withBff({ terminationGracePeriodSeconds: 30, preStopSleepSeconds: 29 }), "platform:services.bff.preStopSleepSeconds");
    });

    it("refuses a queue trigger for a service without a queue, and accepts it with one", () => {
        assertProblemAt(withBff({ autoscaling: { queueLength: 10 } }), "platform:services.bff.autoscaling.queueLength", /queue-depth trigger .* for a service without a queue/);
        assertNoProblemAt(withBff({ autoscaling: { queueLength: 10 }, queue: {} }), "platform:services.bff.autoscaling.queueLength");
    });

    it("derives the queue trigger's length (default 5, only with a queue) and the PDB's one bound (default maxUnavailable 1)", () => {
        assert.strictEqual(queueTriggerLength(serviceSchema.parse({})), undefined);
        assert.strictEqual(queueTriggerLength(serviceSchema.parse({ queue: {} })), 5);
        assert.strictEqual(queueTriggerLength(serviceSchema.parse({ queue: {}, autoscaling: { queueLength: 12 } })), 12);
        assert.deepStrictEqual(disruptionBudgetBound(serviceSchema.parse({})), { maxUnavailable: 1 });
        assert.deepStrictEqual(disruptionBudgetBound(serviceSchema.parse({ disruptionBudget: { maxUnavailable: 2 } })), { maxUnavailable: 2 });
        assert.deepStrictEqual(disruptionBudgetBound(serviceSchema.parse({ disruptionBudget: { minAvailable: 0 } })), { minAvailable: 0 });
    });

    it("names every problem of a service at once, and none for a valid one", () => {
        const settings = serviceSchema.parse({ minReplicas: 3, maxReplicas: 2, image: "x/y", probes: { port: 1 }, preStopSleepSeconds: 60, autoscaling: { queueLength: 3 } });
        assert.deepStrictEqual(
            serviceWorkloadProblems("svc", settings, undefined).map((p) => p.path.join(".")),
            ["services.svc.minReplicas", "services.svc.image", "services.svc.probes.port", "services.svc.preStopSleepSeconds", "services.svc.autoscaling.queueLength"],
        );
        assert.deepStrictEqual(serviceWorkloadProblems("svc", serviceSchema.parse({ image: "x/y:1" }), undefined), []);
    });

    it("accepts a registry with a port and path for serviceImages, and refuses a URL", () => {
        const raw = rawStack("dev");
        assertNoProblemAt({ ...raw, serviceImages: { registry: "registry.local:5000/acme", tag: "1.0.0" } }, "platform:serviceImages.registry");
        assertProblemAt({ ...raw, serviceImages: { registry: "https://registry.local/acme", tag: "1.0.0" } }, "platform:serviceImages.registry", /expected a registry host/);
    });

    it("refuses a CPU target outside 10-100 and a Prometheus address that is not http(s)", () => {
        assertProblemAt(withBff({ autoscaling: { cpuUtilization: 101 } }), "platform:services.bff.autoscaling.cpuUtilization", /<=100/);
        assertProblemAt(withBff({ autoscaling: { prometheusServerAddress: "ftp://prometheus:9090" } }), "platform:services.bff.autoscaling.prometheusServerAddress", /URL|url/);
    });
});

describe("services config: delivery rules (canary, migrations)", () => {
    const parse = (settings: Record<string, unknown>) => serviceSchema.parse(settings);
    /** `null`: no observability section. */
    const paths = (settings: Record<string, unknown>, mode: "selfHosted" | "datadog" | null = "selfHosted") =>
        serviceDeliveryProblems("svc", parse(settings), { observabilityMode: mode ?? undefined }).map((p) => `${p.path.join(".")}: ${p.message}`);

    it("accepts strictly increasing weights from 1 to 100 with pauses between, and no canary at all", () => {
        assert.deepStrictEqual(paths({ canary: { steps: [{ setWeight: 1 }, { pause: {} }, { setWeight: 2 }, { pause: { duration: "1m" } }, { setWeight: 100 }] } }), []);
        assert.deepStrictEqual(paths({}), []);
        assert.deepStrictEqual(paths({}, "datadog"), []);
    });

    it("refuses a weight equal to or below an earlier one (not only the previous step), naming the step", () => {
        assert.deepStrictEqual(paths({ canary: { steps: [{ setWeight: 30 }, { setWeight: 30 }] } }), ["services.svc.canary.steps.1.setWeight: weight 30 does not increase on the previous 30; expected strictly increasing weights (1-100)"]);
        assert.deepStrictEqual(paths({ canary: { steps: [{ setWeight: 50 }, { setWeight: 60 }, { setWeight: 40 }, { setWeight: 55 }] } }).map((p) => p.split(":")[0]), [
            "services.svc.canary.steps.2.setWeight",
            "services.svc.canary.steps.3.setWeight",
        ]);
        assert.deepStrictEqual(paths({ canary: { steps: [{ setWeight: 50 }, { setWeight: 51 }] } }), []);
        // A pause between does not reset the comparison.
        assert.deepStrictEqual(paths({ canary: { steps: [{ setWeight: 50 }, { pause: {} }, { setWeight: 40 }] } }).map((p) => p.split(":")[0]), ["services.svc.canary.steps.2.setWeight"]);
    });

    it("refuses steps without any weight", () => {
        assert.deepStrictEqual(paths({ canary: { steps: [{ pause: {} }] } }), ["services.svc.canary.steps: no setWeight step; expected at least one, e.g. [{setWeight: 20}, {pause: {duration: 5m}}]"]);
    });

    it("refuses a canary without kube-prometheus-stack unless the service names its own Prometheus", () => {
        for (const mode of ["datadog", null] as const) {
            assert.deepStrictEqual(paths({ canary: {} }, mode).map((p) => p.split(":")[0]), ["services.svc.canary"], String(mode));
            assert.match(paths({ canary: {} }, mode)[0], new RegExp(`observability mode is ${mode ?? "unset"}`));
            assert.deepStrictEqual(paths({ canary: {}, autoscaling: { prometheusServerAddress: "http://prometheus.example:9090" } }, mode), []);
        }
        assert.deepStrictEqual(paths({ canary: {} }, "selfHosted"), []);
    });

    it("refuses migrations without postgres, and an unpinned migration image; accepts a pinned one", () => {
        assert.deepStrictEqual(paths({ dataStores: ["redis"], migrations: { tool: "knex" } }), [
            'services.svc.migrations: migrations for a service without postgres in dataStores (found ["redis"]); expected dataStores to include postgres (the service\'s own schema), or no migrations',
        ]);
        assert.deepStrictEqual(paths({ dataStores: ["postgres"], migrations: { tool: "knex" } }), []);
        assert.deepStrictEqual(paths({ dataStores: ["postgres", "redis"], migrations: { tool: "prisma", image: `r.example/m@${DIGEST}` } }), []);
        assert.deepStrictEqual(paths({ dataStores: ["postgres"], migrations: { tool: "prisma", image: "r.example/m" } }).map((p) => p.split(":")[0]), ["services.svc.migrations.image"]);
    });

    it("runs the tool's command unless one is configured; knows whether any service is a canary", () => {
        assert.strictEqual(migrationCommand(migrationsSchema.parse({ tool: "prisma" })), "prisma migrate deploy");
        assert.strictEqual(migrationCommand(migrationsSchema.parse({ tool: "knex" })), "knex migrate:latest");
        assert.strictEqual(migrationCommand(migrationsSchema.parse({ tool: "knex", command: "npm run db:migrate" })), "npm run db:migrate");
        assert.strictEqual(anyCanary({ a: parse({}), b: parse({ canary: {} }) }), true);
        assert.strictEqual(anyCanary({ a: parse({}) }), false);
        assert.strictEqual(anyCanary({}), false);
    });
});
