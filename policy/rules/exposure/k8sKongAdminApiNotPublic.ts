import { PlatformResourcePolicy } from "../../lib/rule";
import { found, validateResourceOfTokens } from "../../lib/validate";

const RELEASE = "kubernetes:helm.sh/v3:Release";

/**
 * Kong's Admin API reconfigures the gateway: it must not leave the pod. With `admin.enabled: false` the kong
 * chart binds it to 127.0.0.1 (the in-pod controller's only client); enabled, it must at most be a
 * ClusterIP Service without an Ingress (the chart's default type is NodePort).
 */
export const k8sKongAdminApiNotPublic: PlatformResourcePolicy = {
    name: "k8s-kong-admin-api-not-public",
    description: "A Helm release of the kong chart must keep the Admin API inside the cluster: admin.enabled false, or admin.type ClusterIP with admin.ingress.enabled not true.",
    enforcementLevel: "mandatory",
    severity: "critical",
    theme: "exposure",
    anchors: [],
    remediationSteps: "Set `admin: { enabled: false }` in the kong release's values (KIC in the same pod talks to it on localhost), or `admin: { type: \"ClusterIP\", ingress: { enabled: false } }`.",
    validateResource: validateResourceOfTokens([RELEASE], (release, _args, reportViolation) => {
        if (release.chart !== "kong" && !String(release.chart ?? "").endsWith("/kong")) {
            return;
        }
        const admin = release.values?.admin;
        if (admin?.enabled !== true) {
            return;
        }
        if (admin.type !== "ClusterIP") {
            reportViolation(`values.admin.type must be "ClusterIP" while the Admin API is enabled (found: ${found(admin.type)}; the chart's default is NodePort)`);
        }
        if (admin.ingress?.enabled === true) {
            reportViolation(`values.admin.ingress.enabled must not be true (found: true)`);
        }
    }),
};
