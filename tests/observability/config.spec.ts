/**
 * `platform:observability`: the mode switch, pinned charts with validated defaults, and the refusals an
 * operator relies on (unknown mode, a receiver without its secret, less than a day of metrics), each naming
 * the key.
 */
import * as assert from "assert";
import { validateConfig } from "../../config";
import { MINIMUM_RETENTION_SECONDS, OBSERVABILITY_CHART_VERSIONS, prometheusDurationSeconds } from "../../config/sections/observability";
import { assertConfigProblem, configProblems, stackConfig } from "../support/config";

const KEY = "platform:observability";
// Read once: each variation only replaces the observability key.
const DEV = stackConfig("dev");
const withObservability = (observability: unknown) => ({ ...DEV, observability });
const receiver = (patch: Record<string, unknown> = {}) => ({ name: "oncall", type: "pagerduty", key: "alertmanager/pagerduty", ...patch });

describe("observability: configuration", () => {
    it("is optional: a stack without the key configures no observability", () => {
        const raw = stackConfig("dev");
        delete raw.observability;
        assert.strictEqual(validateConfig(raw).observability, undefined);
    });

    it("defaults every chart to its pinned version and self-hosted settings to safe values", () => {
        const config = validateConfig(withObservability({ mode: "selfHosted" })).observability!;
        assert.deepStrictEqual(
            {
                kps: config.selfHosted.kubePrometheusStackVersion,
                metricsServer: config.selfHosted.metricsServerVersion,
                tempo: config.selfHosted.tempoVersion,
                fluentBit: config.selfHosted.fluentBitVersion,
                datadog: config.datadog.chartVersion,
            },
            {
                kps: OBSERVABILITY_CHART_VERSIONS.kubePrometheusStack,
                metricsServer: OBSERVABILITY_CHART_VERSIONS.metricsServer,
                tempo: OBSERVABILITY_CHART_VERSIONS.tempo,
                fluentBit: OBSERVABILITY_CHART_VERSIONS.fluentBit,
                datadog: OBSERVABILITY_CHART_VERSIONS.datadog,
            },
        );
        assert.strictEqual(config.selfHosted.retention, "15d");
        assert.deepStrictEqual(config.selfHosted.receivers, []);
        assert.strictEqual(config.selfHosted.elk, undefined);
        assert.strictEqual(config.selfHosted.grafanaAdminKey, "grafana-admin");
    });

    it("requires a mode and refuses an unknown one, naming the key", () => {
        assertConfigProblem(withObservability({}), `${KEY}.mode`, /selfHosted|datadog|expected/);
        assertConfigProblem(withObservability({ mode: "prometheus" }), `${KEY}.mode`, /"selfHosted".*"datadog"|selfHosted \| datadog|expected one of/);
    });

    it("refuses a receiver without its secret, naming the receiver's key", () => {
        const { key: _key, ...withoutSecret } = receiver();
        assertConfigProblem(withObservability({ mode: "selfHosted", selfHosted: { receivers: [withoutSecret] } }), `${KEY}.selfHosted.receivers[0].key`, /./);
        assertConfigProblem(withObservability({ mode: "selfHosted", selfHosted: { receivers: [receiver({ key: "" })] } }), `${KEY}.selfHosted.receivers[0].key`, /secret name/);
        assertConfigProblem(withObservability({ mode: "selfHosted", selfHosted: { receivers: [receiver({ key: "../other-team/key" })] } }), `${KEY}.selfHosted.receivers[0].key`, /\.\./);
    });

    it("refuses less than a day of retention and accepts exactly one day in any unit", () => {
        for (const short of ["23h", "86399s", "1439m", "0d"]) {
            assertConfigProblem(withObservability({ mode: "selfHosted", selfHosted: { retention: short } }), `${KEY}.selfHosted.retention`, /at least one day/);
        }
        for (const day of ["1d", "24h", "1440m", "86400s", "1w", "1d1h"]) {
            assert.doesNotThrow(() => validateConfig(withObservability({ mode: "selfHosted", selfHosted: { retention: day } })), day);
        }
        assertConfigProblem(withObservability({ mode: "selfHosted", selfHosted: { retention: "15 days" } }), `${KEY}.selfHosted.retention`, /Prometheus duration/);
    });

    it("refuses duplicate receiver names, a Slack channel on another integration, version ranges and unknown keys", () => {
        assertConfigProblem(withObservability({ mode: "selfHosted", selfHosted: { receivers: [receiver(), receiver()] } }), `${KEY}.selfHosted.receivers[1].name`, /already used by receivers\[0\]/);
        assertConfigProblem(withObservability({ mode: "selfHosted", selfHosted: { receivers: [receiver({ channel: "#alerts" })] } }), `${KEY}.selfHosted.receivers[0].channel`, /slack setting/);
        assert.doesNotThrow(() => validateConfig(withObservability({ mode: "selfHosted", selfHosted: { receivers: [receiver({ type: "slack", channel: "#alerts" })] } })));
        assertConfigProblem(withObservability({ mode: "selfHosted", selfHosted: { kubePrometheusStackVersion: "^88.5.3" } }), `${KEY}.selfHosted.kubePrometheusStackVersion`, /exact chart version/);
        assertConfigProblem(withObservability({ mode: "selfHosted", selfHosted: { tempoVersion: "1.24.4" } }), `${KEY}.selfHosted.tempoVersion`, /deprecated/);
        assertConfigProblem(withObservability({ mode: "datadog", datadog: { notify: ["pagerduty"] } }), `${KEY}.datadog.notify[0]`, /handle like @/);
        assertConfigProblem(withObservability({ mode: "selfHosted", grafana: {} }), `${KEY}.grafana`, /unknown key/);
    });

    it("reports every bad key at once", () => {
        const problems = configProblems(withObservability({ mode: "selfHosted", selfHosted: { retention: "2h", receivers: [{ name: "x", type: "email" }] } }));
        const keys = problems.map((p) => p.key).sort();
        for (const key of [`${KEY}.selfHosted.retention`, `${KEY}.selfHosted.receivers[0].type`, `${KEY}.selfHosted.receivers[0].key`]) {
            assert.ok(keys.includes(key), `${key} not in ${keys.join(", ")}`);
        }
    });

    it("reads Prometheus durations as Prometheus does", () => {
        assert.strictEqual(prometheusDurationSeconds("1w2d"), 9 * 86400);
        assert.strictEqual(prometheusDurationSeconds("1h30m"), 5400);
        assert.strictEqual(prometheusDurationSeconds("1y"), 365 * 86400);
        assert.strictEqual(prometheusDurationSeconds("500ms"), 0.5);
        assert.strictEqual(prometheusDurationSeconds(""), undefined);
        assert.strictEqual(prometheusDurationSeconds("2d1w"), undefined, "units must come largest first");
        assert.strictEqual(prometheusDurationSeconds("1d") , MINIMUM_RETENTION_SECONDS);
    });

    it("is set in every stack file, self-hosted, with at least a day of retention and a receiver in staging and prod", () => {
        for (const stack of ["dev", "staging", "prod"]) {
            const config = validateConfig(stackConfig(stack)).observability;
            assert.ok(config, stack);
            assert.strictEqual(config.mode, "selfHosted");
            assert.ok(prometheusDurationSeconds(config.selfHosted.retention)! >= MINIMUM_RETENTION_SECONDS);
            if (stack !== "dev") {
                assert.ok(config.selfHosted.receivers.length > 0, `${stack} routes alerts somewhere`);
            }
        }
    });
});
