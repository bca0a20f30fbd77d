/**
 * k8s-grafana-admin-existing-secret: Grafana's admin password must come from a Secret the platform fills from
 * Secrets Manager, never from chart values (readable in the release, the state and the Helm history) nor from
 * a chart default. Checked on Helm releases of `grafana` and of `kube-prometheus-stack` (its Grafana sub-chart).
 */
import { PlatformResourcePolicy } from "../../lib/rule";
import { grafanaValues, HELM_RELEASE_TYPE } from "../../lib/helm";
import { isSet, mustBe, validateResourceOfTokens } from "../../lib/validate";

export const k8sGrafanaAdminExistingSecret: PlatformResourcePolicy = {
    name: "k8s-grafana-admin-existing-secret",
    description: "Helm releases that install Grafana must set admin.existingSecret and no adminPassword value.",
    enforcementLevel: "mandatory",
    severity: "high",
    theme: "identity",
    anchors: ["CWE-798", "CWE-1392"],
    remediationSteps:
        "Set `admin.existingSecret` (under `grafana.` for kube-prometheus-stack) to a Secret kept by External Secrets from Secrets Manager, with `userKey`/`passwordKey`, and remove `adminPassword`.",
    validateResource: validateResourceOfTokens([HELM_RELEASE_TYPE], (props, _args, reportViolation) => {
        const grafana = grafanaValues(props);
        if (grafana === undefined) {
            return;
        }
        if (!isSet(grafana.admin, "existingSecret")) {
            reportViolation(mustBe("Grafana's admin.existingSecret", "the name of a Secret kept from Secrets Manager", grafana.admin?.existingSecret));
        }
        if (isSet(grafana, "adminPassword")) {
            // Never echo the password itself into the report.
            reportViolation(`Grafana's adminPassword must be unset: a password in values is readable in the release and its history (found: a value)`);
        }
    }),
};
