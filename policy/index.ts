/**
 * The policy pack the Pulumi CLI loads (`pulumi preview --policy-pack policy`). It only assembles the
 * rules: constructing a PolicyPack starts the analyzer server, so nothing else may import this file.
 */
import { PolicyPack } from "@pulumi/policy";
import { PACK_ENFORCEMENT_LEVEL, PACK_NAME } from "./lib/pack";
import { allRules } from "./rules";

new PolicyPack(PACK_NAME, {
    policies: allRules,
    enforcementLevel: PACK_ENFORCEMENT_LEVEL,
    description:
        "Platform guardrails for AWS (EKS, RDS PostgreSQL, ElastiCache, S3, KMS), MongoDB Atlas, Cloudflare and Kubernetes: encryption, TLS, exposure, identity, data loss, versioning, logging and workload hygiene.",
});
