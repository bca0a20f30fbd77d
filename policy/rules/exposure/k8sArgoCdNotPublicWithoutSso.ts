/**
 * k8s-argocd-not-public-without-sso: Argo CD deploys into the cluster with cluster-wide rights; whoever signs in
 * to its server can sync, roll back or delete the services' workloads. Its server may be reachable from outside
 * the cluster (LoadBalancer or NodePort Service, Ingress, OpenShift Route, Gateway API routes) only behind
 * single sign-on (argocd-cm `oidc.config`, or `dex.config` with Dex enabled), and never with anonymous access.
 */
import { PlatformResourcePolicy } from "../../lib/rule";
import { chartName, HELM_RELEASE_TYPE } from "../../lib/helm";
import { mustBe, validateResourceOfTokens } from "../../lib/validate";

const EXPOSING_SERVICE_TYPES = ["LoadBalancer", "NodePort"];
/** The chart's server values that each create an object routing outside traffic to the server (argo-cd 10.1.1). */
export const ARGO_CD_EXPOSING_TOGGLES = ["ingress", "ingressGrpc", "route", "httproute", "grpcroute"] as const;

/** A value a Helm template's `if` treats as true (Go templates: anything but false, 0, "", nil and empty collections). */
export function helmTruthy(value: unknown): boolean {
    if (value === undefined || value === null || value === false || value === 0 || value === "") {
        return false;
    }
    if (Array.isArray(value)) {
        return value.length > 0;
    }
    if (typeof value === "object") {
        return Object.keys(value as object).length > 0;
    }
    return true;
}

/** Whether a cm entry holds a configuration (a non-blank text or a non-empty map). */
function configured(value: unknown): boolean {
    return typeof value === "string" ? value.trim() !== "" : helmTruthy(value);
}

/** Single sign-on in an argo-cd release's values: OIDC directly, or Dex with a connector configuration. */
export function argoCdHasSso(values: Record<string, any>): boolean {
    const cm: Record<string, unknown> = values.configs?.cm ?? {};
    if (configured(cm["oidc.config"])) {
        return true;
    }
    // The chart installs Dex unless dex.enabled is false.
    return configured(cm["dex.config"]) && values.dex?.enabled !== false;
}

export const k8sArgoCdNotPublicWithoutSso: PlatformResourcePolicy = {
    name: "k8s-argocd-not-public-without-sso",
    description:
        "Helm releases of the argo-cd chart may expose the Argo CD server (LoadBalancer or NodePort Service, Ingress, Route, HTTPRoute, GRPCRoute) only with single sign-on configured, and never with anonymous access.",
    enforcementLevel: "mandatory",
    severity: "critical",
    theme: "exposure",
    anchors: ["CWE-306", "CWE-284"],
    remediationSteps:
        "Keep `server.service.type: ClusterIP` and every server ingress/route disabled and reach Argo CD with `kubectl port-forward` (platform:gitOps.argoCd without exposure), or configure `configs.cm.\"oidc.config\"` (platform:gitOps.argoCd.sso) before exposing it; keep `users.anonymous.enabled` off.",
    validateResource: validateResourceOfTokens([HELM_RELEASE_TYPE], (props, _args, reportViolation) => {
        if (chartName(props) !== "argo-cd") {
            return;
        }
        const values: Record<string, any> = props.values ?? {};
        const server: Record<string, any> = values.server ?? {};
        const exposures: string[] = [];
        const serviceType = server.service?.type;
        if (EXPOSING_SERVICE_TYPES.includes(serviceType)) {
            exposures.push(mustBe("Argo CD's server.service.type", "ClusterIP (or unset) without single sign-on", serviceType));
        }
        for (const toggle of ARGO_CD_EXPOSING_TOGGLES) {
            const enabled = server[toggle]?.enabled;
            if (helmTruthy(enabled)) {
                exposures.push(mustBe(`Argo CD's server.${toggle}.enabled`, "false (or unset) without single sign-on", enabled));
            }
        }
        if (exposures.length === 0) {
            return;
        }
        const anonymous = values.configs?.cm?.["users.anonymous.enabled"];
        if (anonymous === true || anonymous === "true") {
            reportViolation(mustBe('Argo CD\'s configs.cm["users.anonymous.enabled"] on an exposed server', "false or unset", anonymous));
        }
        if (argoCdHasSso(values)) {
            return;
        }
        exposures.forEach((message) => reportViolation(message));
    }),
};
