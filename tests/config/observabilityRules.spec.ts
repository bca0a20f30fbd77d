/**
 * The cross-field checks and parsers of the observability, alarms and delivery sections called directly: each
 * fires on the wrong but plausible value, stays quiet at the last good one, and names the key to change.
 */
import * as assert from "assert";
import { alarmsProblems, alarmsSchema, DEFAULT_REPLICA_LAG_SECONDS, replicaLagThresholdSeconds } from "../../config/sections/alarms";
import { DeliveryConfig, deliveryProblems, serviceRepository } from "../../config/sections/delivery";
import { observabilityProblems, observabilitySchema, prometheusDurationSeconds, selfHostedSchema } from "../../config/sections/observability";

type Problem = { path: (string | number)[]; message: string };
function only(problems: Problem[], key: string, message: RegExp): void {
    assert.deepStrictEqual(
        problems.map((p) => p.path.join(".")),
        [key],
        JSON.stringify(problems),
    );
    assert.match(problems[0].message, message);
}

describe("config sections: observability", () => {
    it("reads Prometheus durations, unit by unit and combined", () => {
        assert.strictEqual(prometheusDurationSeconds("15d"), 15 * 86400);
        assert.strictEqual(prometheusDurationSeconds("1w2d"), 9 * 86400);
        assert.strictEqual(prometheusDurationSeconds("1y"), 365 * 86400);
        assert.strictEqual(prometheusDurationSeconds("1h30m"), 5400);
        assert.strictEqual(prometheusDurationSeconds("90s"), 90);
        assert.strictEqual(prometheusDurationSeconds("1500ms"), 1.5);
    });

    it("an empty string or a unit Prometheus does not know is no duration", () => {
        assert.strictEqual(prometheusDurationSeconds(""), undefined);
        assert.strictEqual(prometheusDurationSeconds("15 days"), undefined);
        assert.strictEqual(prometheusDurationSeconds("2d1w"), undefined, "units in Prometheus's order only");
    });

    it("retention is at least one day", () => {
        assert.strictEqual(selfHostedSchema.safeParse({ retention: "1d" }).success, true);
        assert.strictEqual(selfHostedSchema.safeParse({ retention: "24h" }).success, true);
        const short = selfHostedSchema.safeParse({ retention: "23h59m" });
        assert.strictEqual(short.success, false);
        assert.match(JSON.stringify(short.error?.issues), /at least one day/);
    });

    it("the Tempo chart is the 2.x grafana-community one, not the deprecated 1.x", () => {
        assert.strictEqual(selfHostedSchema.safeParse({ tempoVersion: "2.0.0" }).success, true);
        const old = selfHostedSchema.safeParse({ tempoVersion: "1.24.0" });
        assert.strictEqual(old.success, false);
        assert.match(JSON.stringify(old.error?.issues), /2\.x or later/);
    });

    const withReceivers = (receivers: object[]) => ({ observability: observabilitySchema.parse({ mode: "selfHosted", selfHosted: { receivers } }) });
    const receiver = (name: string, type: string, patch: object = {}) => ({ name, type, key: `alertmanager/${name}`, ...patch });

    it("no observability section, or distinct receivers, has nothing to report", () => {
        assert.deepStrictEqual(observabilityProblems({}), []);
        assert.deepStrictEqual(observabilityProblems(withReceivers([receiver("oncall", "pagerduty"), receiver("team", "slack", { channel: "#alerts" })])), []);
    });

    it("a receiver name used twice is refused at the second, naming the first", () => {
        only(
            observabilityProblems(withReceivers([receiver("oncall", "pagerduty"), receiver("team", "slack"), receiver("oncall", "webhook")])),
            "observability.selfHosted.receivers.2.name",
            /^receiver name oncall is already used by receivers\[0\]; expected unique names$/,
        );
        // The third use still points at the first.
        const three = observabilityProblems(withReceivers([receiver("a", "webhook"), receiver("a", "webhook"), receiver("a", "webhook")]));
        assert.deepStrictEqual(
            three.map((p) => p.message),
            ["receiver name a is already used by receivers[0]; expected unique names", "receiver name a is already used by receivers[0]; expected unique names"],
        );
    });

    it("a channel on anything but slack is refused", () => {
        only(observabilityProblems(withReceivers([receiver("oncall", "pagerduty", { channel: "#alerts" })])), "observability.selfHosted.receivers.0.channel", /^channel is a slack setting, but the receiver is pagerduty/);
    });
});

describe("config sections: alarms", () => {
    const alarms = (postgres: object = {}) => alarmsSchema.parse({ postgres });
    const targets = (rpoMinutes: number) => ({ rpoMinutes, rtoMinutes: 60 }) as any;

    it("the replica lag alarm is the configured one, else a third of the RPO (at least 1 s), else 300 s", () => {
        assert.strictEqual(replicaLagThresholdSeconds({ alarms: alarms({ replicaLagSeconds: 42 }), drTargets: targets(15) }), 42);
        assert.strictEqual(replicaLagThresholdSeconds({ alarms: alarms(), drTargets: targets(15) }), 300);
        assert.strictEqual(replicaLagThresholdSeconds({ alarms: alarms(), drTargets: targets(1) }), 20);
        assert.strictEqual(replicaLagThresholdSeconds({ drTargets: targets(5) } as any), 100);
        assert.strictEqual(replicaLagThresholdSeconds({ alarms: alarms() } as any), DEFAULT_REPLICA_LAG_SECONDS);
        assert.strictEqual(DEFAULT_REPLICA_LAG_SECONDS, 300);
    });

    it("alarms evaluate every 60 or 300 seconds, nothing in between", () => {
        assert.strictEqual(alarmsSchema.parse({ periodSeconds: 60 }).periodSeconds, 60);
        assert.strictEqual(alarmsSchema.parse({}).periodSeconds, 300);
        for (const periodSeconds of [120, 59, 301]) {
            const result = alarmsSchema.safeParse({ periodSeconds });
            assert.strictEqual(result.success, false, String(periodSeconds));
            assert.match(JSON.stringify(result.error?.issues), /expected 60 or 300/);
        }
    });

    it("an https subscription carries no user or password (SNS stores the URL in clear)", () => {
        const https = (endpoint: string) => alarmsSchema.safeParse({ subscriptions: [{ protocol: "https", endpoint }] });
        assert.strictEqual(https("https://events.pagerduty.example.com/integration/abc/enqueue").success, true);
        for (const endpoint of ["https://user:secret@hooks.example.com/x", "https://user@hooks.example.com/x", "https://:secret@hooks.example.com/x"]) {
            const result = https(endpoint);
            assert.strictEqual(result.success, false, endpoint);
            assert.match(JSON.stringify(result.error?.issues), /expected no user or password in the URL/);
        }
    });

    it("a replica lag alarm above the RPO target is refused; at the target it is fine", () => {
        assert.deepStrictEqual(alarmsProblems({ alarms: alarms({ replicaLagSeconds: 900 }), drTargets: targets(15) }), []);
        only(alarmsProblems({ alarms: alarms({ replicaLagSeconds: 901 }), drTargets: targets(15) }), "alarms.postgres.replicaLagSeconds", /^901 seconds is more than drTargets\.rpoMinutes 15 \(900 s\)/);
        // Without targets or without a configured lag there is nothing to compare.
        assert.deepStrictEqual(alarmsProblems({ alarms: alarms({ replicaLagSeconds: 901 }) } as any), []);
        assert.deepStrictEqual(alarmsProblems({ alarms: alarms(), drTargets: targets(1) }), []);
        assert.deepStrictEqual(alarmsProblems({ drTargets: targets(1) } as any), []);
    });
});

describe("config sections: delivery", () => {
    const ACCOUNT = "123456789012";
    const PROVIDER = `arn:aws:iam::${ACCOUNT}:oidc-provider/token.actions.githubusercontent.com`;
    const REGISTRY = { repositoryPrefix: "services" };
    const delivery = (ciIdentities: object | undefined, registry: object | undefined = REGISTRY) =>
        ({ registry, ciIdentities: ciIdentities && { githubOrganization: "example-org", serviceRepositories: {}, githubEnvironment: "prod", ...ciIdentities } }) as unknown as DeliveryConfig;
    const check = (d: DeliveryConfig | undefined) => deliveryProblems({ awsAccountId: ACCOUNT, services: { bff: {}, worker: {} }, delivery: d });

    it("no push roles, or roles for configured services with the registry and the stack's own provider, is fine", () => {
        assert.deepStrictEqual(check(undefined), []);
        assert.deepStrictEqual(check({ ...delivery(undefined), registry: undefined }), []);
        assert.deepStrictEqual(check(delivery({ serviceRepositories: { bff: "bff-service" }, githubOidcProviderArn: PROVIDER })), []);
    });

    it("push roles need the registry", () => {
        only(check({ ...delivery({}), registry: undefined }), "delivery.ciIdentities", /^is set but delivery\.registry is not/);
    });

    it("a repository for a service that does not exist names it and the services there are", () => {
        only(check(delivery({ serviceRepositories: { bff: "bff-service", payments: "payments" } })), "delivery.ciIdentities.serviceRepositories.payments", /^payments is not a configured service; expected one of bff, worker$/);
    });

    it("the GitHub OIDC provider must be in the stack's account", () => {
        only(
            check(delivery({ githubOidcProviderArn: "arn:aws:iam::210987654321:oidc-provider/token.actions.githubusercontent.com" })),
            "delivery.ciIdentities.githubOidcProviderArn",
            /is in account 210987654321; expected the stack's account 123456789012/,
        );
    });

    it("a service's pipeline repository is its own entry, else the service's name, in the organization", () => {
        const identities = { githubOrganization: "example-org", serviceRepositories: { bff: "bff-service" } } as any;
        assert.strictEqual(serviceRepository(identities, "bff"), "example-org/bff-service");
        assert.strictEqual(serviceRepository(identities, "worker"), "example-org/worker");
    });
});
