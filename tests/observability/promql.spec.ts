/**
 * PromQL in the alert rules, the dashboards and the services' request-rate trigger parses with Prometheus's
 * own parser (@prometheus-io/lezer-promql, the one its UI uses) and names only metrics the exporters emit
 * at their pinned versions (fixtures/metrics.json); Datadog monitors name only metrics Datadog receives.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { parser } from "@prometheus-io/lezer-promql";
import { datadogMonitorSpecs, platformRuleGroups } from "../../components/observability/alerts";
import { dashboardPromql, dataStoresDashboard, gatewayDashboard, servicesDashboard } from "../../components/observability/dashboards";
import { serviceRequestRateQuery } from "../../components/gateway/kongNames";

const METRICS: Record<string, { source: Record<string, string>; metrics: string[] }> = JSON.parse(fs.readFileSync(path.join(__dirname, "fixtures", "metrics.json"), "utf8"));
const PROMETHEUS_METRICS = new Set(["kong-prometheus-plugin", "kube-state-metrics", "cadvisor"].flatMap((exporter) => METRICS[exporter].metrics));
const DATADOG_METRICS = new Set(METRICS.datadog.metrics);

const SERVICES = ["bff", "contractor", "document", "verification", "realtime", "gamification", "notification"];
const THRESHOLDS = { gateway5xxRatio: 0.05, gatewayP99LatencyMs: 2000, scalerAtMaxMinutes: 30, crashLoopRestarts: 3 };

/** Parse errors (as the offending text) and the metric names the expression selects. */
export function analyse(expr: string): { errors: string[]; metrics: string[] } {
    const tree = parser.parse(expr);
    const errors: string[] = [];
    const metrics: string[] = [];
    const cursor = tree.cursor();
    do {
        if (cursor.type.isError) {
            errors.push(expr.slice(cursor.from, cursor.to + 10) || "<end>");
        }
        if (cursor.type.name === "Identifier") {
            const node = cursor.node;
            if (node.parent?.type.name === "VectorSelector") {
                metrics.push(expr.slice(cursor.from, cursor.to));
            }
        }
    } while (cursor.next());
    return { errors, metrics };
}

function assertValidPromql(expr: string, where: string): void {
    const { errors, metrics } = analyse(expr);
    assert.deepStrictEqual(errors, [], `${where}: ${expr} does not parse`);
    assert.ok(metrics.length > 0 || /vector\(/.test(expr), `${where}: ${expr} selects no metric`);
    for (const metric of metrics) {
        assert.ok(PROMETHEUS_METRICS.has(metric), `${where}: ${metric} is not emitted by any pinned exporter`);
    }
}

describe("observability: PromQL", () => {
    it("the checks themselves catch a parse error and a metric no exporter emits", () => {
        assert.notDeepStrictEqual(analyse("sum(rate(kong_http_requests_total[5m])").errors, []);
        assert.deepStrictEqual(analyse('sum by (service) (rate(kong_requests_total{code="500"}[5m]))').metrics, ["kong_requests_total"]);
        assert.ok(!PROMETHEUS_METRICS.has("kong_requests_total"));
        assert.deepStrictEqual(analyse('histogram_quantile(0.99, sum by (le) (rate(x_bucket[5m]))) > on (a) y').metrics, ["x_bucket", "y"]);
    });

    it("every alert rule parses and names exporter metrics only", () => {
        const groups = platformRuleGroups(SERVICES, THRESHOLDS);
        const rules = groups.flatMap((g) => g.rules);
        assert.ok(rules.length >= 4 + SERVICES.length);
        for (const rule of rules) {
            assertValidPromql(rule.expr, rule.alert);
        }
    });

    it("has an availability rule per configured service, whatever the services are", () => {
        const names = ["alpha", "beta-two"];
        const availability = platformRuleGroups(names, THRESHOLDS).find((g) => g.name === "platform-service-availability")!;
        assert.deepStrictEqual(
            availability.rules.map((r) => /namespace="([^"]+)"/.exec(r.expr)![1]),
            names,
        );
    });

    it("puts the configured thresholds into the rules", () => {
        const rules = platformRuleGroups(SERVICES, { ...THRESHOLDS, gateway5xxRatio: 0.02, gatewayP99LatencyMs: 750, scalerAtMaxMinutes: 45 }).flatMap((g) => g.rules);
        const byName = (alert: string) => rules.find((r) => r.alert === alert)!;
        assert.match(byName("GatewayRoute5xxRatioHigh").expr, / > 0\.02$/);
        assert.match(byName("GatewayRouteLatencyP99High").expr, /^histogram_quantile\(0\.99, .*by \(le, service, route\).* > 750$/);
        assert.strictEqual(byName("AutoscalerAtMaxReplicas").for, "45m");
    });

    it("every dashboard expression parses and names exporter metrics only", () => {
        const dashboards = [gatewayDashboard(), servicesDashboard(SERVICES)];
        for (const dashboard of dashboards) {
            const exprs = dashboardPromql(dashboard);
            assert.ok(exprs.length > 0, dashboard.uid);
            for (const expr of exprs) {
                assertValidPromql(expr, dashboard.uid);
            }
        }
    });

    it("the services' request-rate trigger (components/gateway/kongNames.ts) parses and reads Kong's counter", () => {
        assertValidPromql(serviceRequestRateQuery("bff", "bff", 8080), "serviceRequestRateQuery");
    });
});

describe("observability: dashboards", () => {
    it("the gateway dashboard shows requests, 4xx, 5xx and latency percentiles per route", () => {
        const exprs = dashboardPromql(gatewayDashboard());
        assert.ok(exprs.some((e) => e.includes('code=~"4.."') && e.includes("route")));
        assert.ok(exprs.some((e) => e.includes('code=~"5.."') && e.includes("route")));
        for (const q of ["0.5", "0.95", "0.99"]) {
            assert.ok(exprs.some((e) => e.startsWith(`histogram_quantile(${q},`) && e.includes("route")), q);
        }
    });

    it("the services dashboard offers exactly the configured services", () => {
        const variable = servicesDashboard(["alpha", "beta"]).templating.list[0] as any;
        assert.strictEqual(variable.query, "alpha,beta");
    });

    it("the data store dashboard reads CloudWatch for the stores the region has", () => {
        const full = dataStoresDashboard({ region: "us-east-1", postgresInstanceId: "platform-prod-use1-postgres", redis: true, queues: [{ name: "q", deadLetterName: "q-dlq" }] });
        const metrics = full.panels.flatMap((p) => p.targets.map((t) => `${t.namespace}/${t.metricName}`));
        for (const m of ["AWS/RDS/CPUUtilization", "AWS/RDS/FreeStorageSpace", "AWS/RDS/ReplicaLag", "AWS/ElastiCache/DatabaseMemoryUsagePercentage", "AWS/ElastiCache/Evictions", "AWS/SQS/ApproximateAgeOfOldestMessage", "AWS/SQS/ApproximateNumberOfMessagesVisible"]) {
            assert.ok(metrics.includes(m), m);
        }
        assert.ok(full.panels.every((p) => p.datasource.type === "cloudwatch"));
        const bare = dataStoresDashboard({ region: "us-west-2", redis: false, queues: [] });
        assert.deepStrictEqual(bare.panels, []);
    });
});

describe("observability: Datadog monitors", () => {
    const monitors = datadogMonitorSpecs({ environment: "prod", clusterName: "platform-prod-use1", services: SERVICES, thresholds: THRESHOLDS, notify: ["@pagerduty-platform"] });

    it("name only metrics Datadog receives (Kong's datadog plugin, the Cluster Agent's kubernetes_state_core)", () => {
        for (const monitor of monitors) {
            const metrics = [...monitor.query.matchAll(/(?:sum|max|min|avg):([a-z_][a-z0-9_.]*)\{/g)].map((m) => m[1]);
            assert.ok(metrics.length > 0, monitor.query);
            for (const metric of metrics) {
                assert.ok(DATADOG_METRICS.has(metric), `${monitor.name}: ${metric}`);
            }
        }
    });

    it("cover the same alerts as the rules: gateway 5xx and p99, crash loops, autoscalers at max, each service's availability", () => {
        assert.strictEqual(monitors.length, 4 + SERVICES.length);
        for (const service of SERVICES) {
            assert.ok(monitors.some((m) => m.query.includes(`kube_namespace:${service}}`)), service);
        }
        assert.ok(monitors.every((m) => m.query.includes("env:prod") && m.query.includes("kube_cluster_name:platform-prod-use1")));
        assert.ok(monitors.every((m) => m.message.includes("@pagerduty-platform")));
        assert.ok(monitors.every((m) => new RegExp(`[<>]=? ${m.critical}$`).test(m.query)), "critical threshold equals the query's");
    });
});
