/**
 * Helm releases (`kubernetes:helm.sh/v3:Release`) as the rules see them: which chart, and the values a
 * sub-chart receives. Grafana is installed on its own (chart `grafana`) or as kube-prometheus-stack's
 * sub-chart (values under `grafana`, skipped when `grafana.enabled` is false).
 */
export const HELM_RELEASE_TYPE = "kubernetes:helm.sh/v3:Release";

/** The chart name without a repository prefix (`prometheus-community/kube-prometheus-stack` -> `kube-prometheus-stack`). */
export function chartName(props: Record<string, any>): string | undefined {
    const chart = props.chart;
    return typeof chart === "string" ? chart.slice(chart.lastIndexOf("/") + 1) : undefined;
}

/** The values Grafana receives from this release, or undefined when the release installs no Grafana. */
export function grafanaValues(props: Record<string, any>): Record<string, any> | undefined {
    const values: Record<string, any> = props.values ?? {};
    switch (chartName(props)) {
        case "grafana":
            return values;
        case "kube-prometheus-stack":
            // The sub-chart is on unless explicitly disabled (chart default grafana.enabled: true).
            return values.grafana?.enabled === false ? undefined : (values.grafana ?? {});
        default:
            return undefined;
    }
}
