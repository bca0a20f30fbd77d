/**
 * atlas-cluster-javascript-disabled: server-side JavaScript ($where, $function, mapReduce) widens the
 * injection surface and Atlas recommends disabling it from 8.0; it is on unless turned off.
 */
import * as mongodbatlas from "@pulumi/mongodbatlas";
import { validateResourceOfType } from "@pulumi/policy";
import { PlatformResourcePolicy } from "../../lib/rule";
import { mustBe } from "../../lib/validate";

export const atlasClusterJavascriptDisabled: PlatformResourcePolicy = {
    name: "atlas-cluster-javascript-disabled",
    description: "MongoDB Atlas clusters must disable server-side JavaScript (advancedConfiguration.javascriptEnabled false).",
    enforcementLevel: "mandatory",
    severity: "medium",
    theme: "exposure",
    anchors: [],
    remediationSteps: "Set `advancedConfiguration: { javascriptEnabled: false }` and replace $where/$function/mapReduce with aggregation operators.",
    validateResource: validateResourceOfType(mongodbatlas.AdvancedCluster, (cluster, _args, reportViolation) => {
        const enabled = cluster.advancedConfiguration?.javascriptEnabled;
        if (enabled !== false) {
            reportViolation(mustBe("advancedConfiguration.javascriptEnabled", "false", enabled));
        }
    }),
};
