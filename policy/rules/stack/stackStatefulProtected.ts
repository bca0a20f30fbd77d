/**
 * stack-stateful-protected: resources holding data or keys must carry Pulumi's `protect` option, so a
 * refactor that renames or drops them fails instead of deleting a database, bucket or key.
 * `requireProtection: false` (e.g. for throwaway stacks) turns the rule off.
 */
import { StackValidationPolicy } from "@pulumi/policy";
import { PlatformStackPolicy } from "../../lib/rule";
import { S3_BUCKET_TYPES } from "../../lib/tokens";
import { describeResource } from "./lib/describe";

const STATEFUL_TYPES = [
    "aws:rds/instance:Instance",
    "aws:rds/cluster:Cluster",
    "aws:elasticache/replicationGroup:ReplicationGroup",
    ...S3_BUCKET_TYPES,
    "aws:kms/key:Key",
    "aws:secretsmanager/secret:Secret",
    "mongodbatlas:index/advancedCluster:AdvancedCluster",
];

interface Config {
    requireProtection: boolean;
}

const validateStack: StackValidationPolicy["validateStack"] = (args, reportViolation) => {
    if (!args.getConfig<Config>().requireProtection) {
        return;
    }
    for (const resource of args.resources.filter((r) => STATEFUL_TYPES.includes(r.type))) {
        if (resource.opts.protect !== true) {
            reportViolation(`${describeResource(resource)} must set the protect resource option (found: protect ${resource.opts.protect})`, resource.urn);
        }
    }
};

export const stackStatefulProtected: PlatformStackPolicy = {
    name: "stack-stateful-protected",
    description: "Stateful resources (RDS instances/clusters, ElastiCache replication groups, S3 buckets, KMS keys, Secrets Manager secrets, Atlas clusters) must be protected.",
    enforcementLevel: "mandatory",
    severity: "high",
    theme: "data-loss",
    anchors: [],
    remediationSteps: "Pass `{ protect: true }` in the resource options (the platform's components set it from the stack's config); unprotect deliberately before a planned deletion.",
    configSchema: {
        properties: {
            requireProtection: { type: "boolean", default: true, description: "Whether stateful resources must carry the protect option." },
        },
    },
    validateStack,
};
