import { PlatformStackPolicy } from "../../lib/rule";
import { found } from "../../lib/validate";
import { KONG_PLUGIN_TYPES } from "../../lib/gateway";

const RELEASE = "kubernetes:helm.sh/v3:Release";

/** Proxy replicas a kong release may run: replicaCount (chart default 1), or autoscaling's maximum. */
export function kongReplicas(values: Record<string, any> | undefined): number {
    if (values?.autoscaling?.enabled === true) {
        return Number(values.autoscaling.maxReplicas ?? 5);
    }
    return Number(values?.replicaCount ?? 1);
}

/**
 * With several Kong replicas, `policy: local` (the plugin's default) counts per pod: each client gets the
 * limit times the replica count. Counters must be shared (redis).
 */
export const k8sKongRateLimitingShared: PlatformStackPolicy = {
    name: "k8s-kong-rate-limiting-shared",
    description: "rate-limiting plugins must count in a shared store (config.policy redis) when a kong release runs more than one replica.",
    enforcementLevel: "mandatory",
    severity: "medium",
    theme: "exposure",
    anchors: [],
    remediationSteps: "Set `config.policy: redis` with `config.redis.{host,port,ssl,ssl_verify,server_name}` and the credentials by configPatches, or run a single replica.",
    validateStack: (args, reportViolation) => {
        const releases = args.resources.filter((r) => r.type === RELEASE && (r.props.chart === "kong" || String(r.props.chart ?? "").endsWith("/kong")));
        const replicas = Math.max(0, ...releases.map((r) => kongReplicas(r.props.values)));
        if (replicas <= 1) {
            return;
        }
        for (const plugin of args.resources.filter((r) => KONG_PLUGIN_TYPES.includes(r.type) && r.props.plugin === "rate-limiting")) {
            const policy = plugin.props.config?.policy;
            if (policy !== "redis") {
                reportViolation(`config.policy must be "redis" with ${replicas} Kong replicas (found: ${found(policy)}${policy === undefined ? ", Kong's default local" : ""})`, plugin.urn);
            }
        }
    },
};
