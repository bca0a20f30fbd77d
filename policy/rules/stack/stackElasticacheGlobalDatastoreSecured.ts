/**
 * stack-elasticache-global-datastore-secured: a secondary member of an ElastiCache global datastore cannot set
 * encryption or AUTH (it inherits them, and the per-group rules exempt it), so what protects its data is the
 * primary member the global datastore was created from. Every GlobalReplicationGroup's primary
 * (`primaryReplicationGroupId`) must be a replication group of this stack that encrypts at rest with a
 * customer-managed key, requires TLS and authenticates with an AUTH token (global datastores support AUTH, not
 * RBAC user groups); every secondary member must join a global datastore of this stack (else nothing here
 * vouches for what it inherits).
 */
import { PolicyResource, StackValidationPolicy } from "@pulumi/policy";
import { refersTo } from "../../lib/joins";
import { PlatformStackPolicy } from "../../lib/rule";
import { found, isGlobalSecondaryMember, isSet } from "../../lib/validate";
import { describeResource } from "./lib/describe";

const GROUP = "aws:elasticache/replicationGroup:ReplicationGroup";
const GLOBAL = "aws:elasticache/globalReplicationGroup:GlobalReplicationGroup";

/** What a global datastore's primary member lacks, one phrase per property (empty when secured). */
export function primaryMemberGaps(group: Record<string, any>): string[] {
    const gaps: string[] = [];
    const atRest = group.atRestEncryptionEnabled;
    if (!(atRest === true || (atRest === undefined && group.engine === "valkey"))) {
        gaps.push(`atRestEncryptionEnabled true (found: ${found(atRest)})`);
    }
    if (!isSet(group, "kmsKeyId")) {
        gaps.push(`kmsKeyId a customer-managed key (found: ${found(group.kmsKeyId)})`);
    }
    if (group.transitEncryptionEnabled !== true) {
        gaps.push(`transitEncryptionEnabled true (found: ${found(group.transitEncryptionEnabled)})`);
    }
    if (group.transitEncryptionMode !== undefined && group.transitEncryptionMode !== "required") {
        gaps.push(`transitEncryptionMode "required" or unset (found: ${found(group.transitEncryptionMode)})`);
    }
    if (!isSet(group, "authToken") && !isSet(group, "authTokenWo")) {
        // Never echo the token: it is a credential.
        gaps.push("authToken (or authTokenWo) set (found: neither)");
    }
    return gaps;
}

/** A property's raw value: reading an unknown one through the engine's proxy would throw. */
const raw = (props: Record<string, any>, key: string): unknown => Object.getOwnPropertyDescriptor(props, key)?.value;

const validateStack: StackValidationPolicy["validateStack"] = (args, reportViolation) => {
    const groups = args.resources.filter((r) => r.type === GROUP);
    const globals = args.resources.filter((r) => r.type === GLOBAL);
    for (const global of globals) {
        const primary = groups.find((g) => refersTo(global, "primaryReplicationGroupId", g, "replicationGroupId"));
        if (!primary) {
            reportViolation(
                `${describeResource(global)}: primaryReplicationGroupId must be a replication group of this stack, whose encryption and AUTH its members inherit (found: ${found(raw(global.props, "primaryReplicationGroupId"))})`,
                global.urn,
            );
            continue;
        }
        const gaps = primaryMemberGaps(primary.props);
        if (gaps.length > 0) {
            reportViolation(`${describeResource(primary)}, the primary member of ${describeResource(global)}, must have ${gaps.join("; ")}`, primary.urn);
        }
    }
    for (const member of groups.filter((g) => isGlobalSecondaryMember(g.props))) {
        if (!globals.some((global: PolicyResource) => refersTo(member, "globalReplicationGroupId", global, "globalReplicationGroupId"))) {
            reportViolation(
                `${describeResource(member)} joins a global datastore this stack does not declare, so its inherited encryption and AUTH are unchecked (found: globalReplicationGroupId ${found(raw(member.props, "globalReplicationGroupId"))}; expected the output of a ${GLOBAL} of this stack)`,
                member.urn,
            );
        }
    }
};

export const stackElasticacheGlobalDatastoreSecured: PlatformStackPolicy = {
    name: "stack-elasticache-global-datastore-secured",
    description:
        "An ElastiCache global datastore's primary member must be a replication group of this stack encrypted at rest with a CMK, requiring TLS and using an AUTH token; every secondary member must join a global datastore of this stack.",
    enforcementLevel: "mandatory",
    severity: "high",
    theme: "encryption",
    anchors: ["FSBP ElastiCache.4", "FSBP ElastiCache.5", "FSBP ElastiCache.6"],
    remediationSteps:
        "Create the aws.elasticache.GlobalReplicationGroup from the stack's own primary replication group (atRestEncryptionEnabled, kmsKeyId, transitEncryptionEnabled with mode required, authToken) and pass its `globalReplicationGroupId` output to each secondary member (`redis.globalDatastore` does both).",
    validateStack,
};
