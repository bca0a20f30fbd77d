/**
 * stack-dr-objectives: with recovery objectives configured (`platform:drTargets`, written into
 * policy/config.<env>.json by `npm run docs` together with the regional failover runbook's total minutes),
 * every data store that holds the platform's data must have a copy outside its region whose delay is bounded
 * within the RPO, and the failover runbook must fit the RTO. The assessment is policy/lib/drObjectives.ts,
 * the same one `npm run dr-report` prints.
 */
import { PolicyResource, StackValidationPolicy } from "@pulumi/policy";
import { assessDataStores, DR_RESOURCE_TYPES, DrResource, objectiveProblems } from "../../lib/drObjectives";
import { PlatformStackPolicy } from "../../lib/rule";
import { withoutProxy } from "../../lib/unknowns";
import { regionOf } from "./stackDataResidency";

interface Config {
    rpoMinutes?: number;
    rtoMinutes?: number;
    failoverRunbookMinutes?: number;
}

/** A PolicyResource as the assessment reads it: plain inputs, dependencies as URNs, its region. */
export function drResourceOf(resource: PolicyResource): DrResource {
    return {
        type: resource.type,
        name: resource.name,
        urn: resource.urn,
        region: regionOf(resource),
        props: withoutProxy(resource.props),
        deps: Object.fromEntries(Object.entries(resource.propertyDependencies).map(([k, v]) => [k, v.map((d) => d.urn)])),
    };
}

const validateStack: StackValidationPolicy["validateStack"] = (args, reportViolation) => {
    const config = args.getConfig<Config>();
    // 0 (the default) is "no target": stacks without platform:drTargets check nothing.
    if (!config.rpoMinutes || !config.rtoMinutes) {
        return;
    }
    const resources = args.resources.filter((r) => DR_RESOURCE_TYPES.has(r.type)).map(drResourceOf);
    const urnOf = new Map(resources.map((r) => [`${r.type.split(":").pop()} ${r.name}`, r.urn]));
    for (const problem of objectiveProblems(assessDataStores(resources), { rpoMinutes: config.rpoMinutes, rtoMinutes: config.rtoMinutes, failoverRunbookMinutes: config.failoverRunbookMinutes || undefined })) {
        reportViolation(problem.message, problem.finding && urnOf.get(problem.finding.resource));
    }
};

export const stackDrObjectives: PlatformStackPolicy = {
    name: "stack-dr-objectives",
    description:
        "With recovery objectives configured, Postgres, pii buckets and Atlas must each have a cross-region copy whose delay is bounded within the RPO (an alarmed read replica, S3 Replication Time Control, electable nodes in another region) and the regional failover runbook must fit the RTO.",
    enforcementLevel: "mandatory",
    severity: "high",
    theme: "data-loss",
    anchors: [],
    remediationSteps:
        "Run `npm run dr-report -- <stack>` to see each store's mechanism. Then: `postgres.crossRegionReplica: true` with `platform:alarms` (the ReplicaLag alarm), `drReplication.buckets` with `replicationTimeControl: true`, `atlas.replicateToSecondaryRegions` with secondary electable nodes; shorten docs/runbooks/regional-failover.md's steps or raise `drTargets` deliberately; then `npm run docs`.",
    configSchema: {
        properties: {
            rpoMinutes: { type: "integer", minimum: 0, default: 0, description: "RPO target in minutes (platform:drTargets.rpoMinutes); 0 (default) checks nothing." },
            rtoMinutes: { type: "integer", minimum: 0, default: 0, description: "RTO target in minutes (platform:drTargets.rtoMinutes); 0 (default) checks nothing." },
            failoverRunbookMinutes: {
                type: "integer",
                minimum: 0,
                default: 0,
                description: "Total minutes of docs/runbooks/regional-failover.md's steps, written by npm run docs; 0 (default) means the runbook has no timed steps, a violation when an RTO target is set.",
            },
        },
    },
    validateStack,
};
