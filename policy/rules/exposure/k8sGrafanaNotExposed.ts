/**
 * k8s-grafana-not-exposed: Grafana shows every metric of the platform and, with its data sources, can query
 * CloudWatch as its role. It must not allow anonymous access, and it may be reachable from outside the
 * cluster (Ingress, LoadBalancer or NodePort Service) only behind single sign-on configured in grafana.ini.
 */
import { PlatformResourcePolicy } from "../../lib/rule";
import { grafanaValues, HELM_RELEASE_TYPE } from "../../lib/helm";
import { mustBe, validateResourceOfTokens } from "../../lib/validate";

/** grafana.ini sections that put an identity provider in front of Grafana's login. */
export const GRAFANA_SSO_SECTIONS = ["auth.generic_oauth", "auth.github", "auth.gitlab", "auth.google", "auth.azuread", "auth.okta", "auth.jwt", "auth.proxy"] as const;

const EXPOSING_SERVICE_TYPES = ["LoadBalancer", "NodePort"];

export const k8sGrafanaNotExposed: PlatformResourcePolicy = {
    name: "k8s-grafana-not-exposed",
    description: "Helm releases that install Grafana must keep anonymous access off, and expose it (Ingress, LoadBalancer, NodePort) only with single sign-on enabled.",
    enforcementLevel: "mandatory",
    severity: "high",
    theme: "exposure",
    anchors: ["CWE-306", "CWE-284"],
    remediationSteps:
        "Set `grafana.ini.auth.anonymous.enabled: false` (or leave it unset), keep `service.type: ClusterIP` and `ingress.enabled: false` and reach Grafana with kubectl port-forward, or enable an SSO section (e.g. `auth.generic_oauth`) before exposing it.",
    validateResource: validateResourceOfTokens([HELM_RELEASE_TYPE], (props, _args, reportViolation) => {
        const grafana = grafanaValues(props);
        if (grafana === undefined) {
            return;
        }
        const ini: Record<string, any> = grafana["grafana.ini"] ?? {};
        const anonymous = ini["auth.anonymous"]?.enabled;
        if (anonymous === true || anonymous === "true") {
            reportViolation(mustBe('Grafana\'s grafana.ini["auth.anonymous"].enabled', "false or unset", anonymous));
        }
        const sso = GRAFANA_SSO_SECTIONS.some((section) => ini[section]?.enabled === true || ini[section]?.enabled === "true");
        if (sso) {
            return;
        }
        const serviceType = grafana.service?.type;
        if (EXPOSING_SERVICE_TYPES.includes(serviceType)) {
            reportViolation(mustBe("Grafana's service.type", "ClusterIP (or unset) without single sign-on", serviceType));
        }
        if (grafana.ingress?.enabled === true) {
            reportViolation(mustBe("Grafana's ingress.enabled", "false (or unset) without single sign-on", grafana.ingress.enabled));
        }
    }),
};
