/**
 * Names Kong and its ingress controller give to what the platform creates, shared by the gateway (routes,
 * ServiceMonitor), the services (the requests-per-second autoscaling trigger) and observability (alerts,
 * dashboards). Read from Kong Ingress Controller's translator (golden files under
 * `internal/dataplane/testdata/golden` @v3.5.13) and Kong's prometheus exporter (`kong/plugins/prometheus/
 * exporter.lua` @3.9.3); the gateway module owns these and their tests.
 */

/** Kong's request counter (needs the prometheus plugin's `status_code_metrics`). Labels: service, route, code, source, workspace, consumer. */
export const KONG_REQUESTS_METRIC = "kong_http_requests_total";
/** Kong's request latency histogram (needs `latency_metrics`). Labels: service, route, workspace. */
export const KONG_REQUEST_LATENCY_METRIC = "kong_request_latency_ms";

/**
 * The Kong service KIC generates for an Ingress backend: `<namespace>.<service>.<port>`. This is the value
 * of the `service` label on Kong's metrics when the ServiceMonitor honours Kong's labels (`honorLabels: true`);
 * otherwise Prometheus renames it `exported_service`.
 */
export function kongServiceName(namespace: string, service: string, port: number): string {
    return `${namespace}.${service}.${port}`;
}

/** Escapes a string for a PromQL double-quoted label matcher. */
export function promqlString(value: string): string {
    return JSON.stringify(value);
}

/** Requests per second the gateway sends to one Kubernetes Service (all routes, all status codes). */
export function serviceRequestRateQuery(namespace: string, service: string, port: number, window = "2m"): string {
    return `sum(rate(${KONG_REQUESTS_METRIC}{service=${promqlString(kongServiceName(namespace, service, port))}}[${window}]))`;
}

/**
 * Labels the kong/kong chart puts on Kong's proxy pods (`kong.selectorLabels`, Kong/charts `_helpers.tpl`
 * @kong-3.4.1) with release name `kong`: what the service namespaces admit and the NLB Service selects.
 */
export const KONG_POD_LABELS = { "app.kubernetes.io/name": "kong", "app.kubernetes.io/component": "app", "app.kubernetes.io/instance": "kong" } as const;

/**
 * Annotations the Kubernetes Service `<s>` of a websocket service must carry: KIC reads Kong service settings
 * (timeouts) from the backend Service's annotations, not the Ingress's (`internal/dataplane/kongstate/service.go`
 * `override` @v3.5.13). Milliseconds, as Kong's service `read_timeout`/`write_timeout`.
 */
export function kongUpstreamTimeoutAnnotations(timeoutSeconds: number): Record<string, string> {
    const ms = String(timeoutSeconds * 1000);
    return { "konghq.com/read-timeout": ms, "konghq.com/write-timeout": ms };
}
