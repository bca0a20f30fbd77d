/**
 * stack-rds-generated-master-secret: an RDS instance whose master password the stack supplies (instead of
 * RDS managing it, which RDS refuses for sources of cross-region replicas) must hold up to the managed mode:
 * the password is generated (random.RandomPassword), stored in a Secrets Manager secret under a
 * customer-managed key, rotated automatically by a rotation function, replicated (under a CMK) to as many
 * regions as the instance has replicas, and ignored by later updates so rotation is not undone.
 */
import { PolicyResource, StackValidationPolicy } from "@pulumi/policy";
import { refersTo } from "../../lib/joins";
import { PlatformStackPolicy } from "../../lib/rule";
import { isSet, listOf } from "../../lib/validate";
import { describeResource } from "./lib/describe";

const INSTANCE = "aws:rds/instance:Instance";
const RANDOM_PASSWORD = "random:index/randomPassword:RandomPassword";
const SECRET = "aws:secretsmanager/secret:Secret";
const SECRET_VERSION = "aws:secretsmanager/secretVersion:SecretVersion";
const SECRET_ROTATION = "aws:secretsmanager/secretRotation:SecretRotation";

function sourcesOf(resource: PolicyResource, property: string, type: string): PolicyResource[] {
    return (resource.propertyDependencies[property] ?? []).filter((r) => r.type === type);
}

function rotates(rotation: PolicyResource): boolean {
    const rules = rotation.props.rotationRules;
    const scheduled = rules !== undefined && (isSet(rules, "automaticallyAfterDays") || isSet(rules, "scheduleExpression"));
    return scheduled && isSet(rotation.props, "rotationLambdaArn") && rotation.props.rotationEnabled !== false;
}

const validateStack: StackValidationPolicy["validateStack"] = (args, reportViolation) => {
    const resources = args.resources;
    for (const instance of resources.filter((r) => r.type === INSTANCE && isSet(r.props, "password") && !isSet(r.props, "replicateSourceDb"))) {
        const what = describeResource(instance);
        const passwords = sourcesOf(instance, "password", RANDOM_PASSWORD);
        if (passwords.length === 0) {
            // Never echo the value: it is the password.
            reportViolation(`${what}: password must come from a random.RandomPassword (found: a password from no generator)`, instance.urn);
            continue;
        }
        const secrets = resources
            .filter((v) => v.type === SECRET_VERSION && passwords.some((p) => (v.propertyDependencies.secretString ?? []).includes(p)))
            .flatMap((v) => sourcesOf(v, "secretId", SECRET));
        if (secrets.length === 0) {
            reportViolation(`${what}: its generated password must be stored in a Secrets Manager secret (found: no SecretVersion of a Secret holding it)`, instance.urn);
            continue;
        }
        if (!listOf(instance.opts.ignoreChanges).includes("password")) {
            reportViolation(`${what}: ignoreChanges must include password, or an update resets the rotated password (found: ${JSON.stringify(listOf(instance.opts.ignoreChanges))})`, instance.urn);
        }
        const replicas = resources.filter((r) => r.type === INSTANCE && isSet(r.props, "replicateSourceDb") && refersTo(r, "replicateSourceDb", instance, "arn"));
        for (const secret of secrets) {
            const where = `${what}: master secret ${describeResource(secret)}`;
            if (!isSet(secret.props, "kmsKeyId")) {
                reportViolation(`${where} must be encrypted with a customer-managed KMS key (found: kmsKeyId undefined)`, secret.urn);
            }
            const rotations = resources.filter((r) => r.type === SECRET_ROTATION && refersTo(r, "secretId", secret, "arn"));
            if (!rotations.some(rotates)) {
                reportViolation(`${where} must rotate automatically: a SecretRotation with a rotation function and rotationRules (found: ${rotations.length === 0 ? "none" : "rotation without function or schedule"})`, secret.urn);
            }
            const copies = listOf(secret.props.replicas);
            if (copies.length < replicas.length) {
                reportViolation(`${where} must be replicated to each of the instance's ${replicas.length} replica region(s), so a promoted replica's password is known there (found: ${copies.length} replica(s))`, secret.urn);
            }
            if (copies.some((c) => !isSet(c, "kmsKeyId"))) {
                reportViolation(`${where} must name a customer-managed KMS key for every replica (found: a replica without kmsKeyId)`, secret.urn);
            }
        }
    }
};

export const stackRdsGeneratedMasterSecret: PlatformStackPolicy = {
    name: "stack-rds-generated-master-secret",
    description:
        "An RDS instance given a master password (instead of RDS managing it) must take it from a random.RandomPassword stored in a CMK-encrypted Secrets Manager secret that rotates automatically and is replicated (under CMKs) to each replica's region, with the password in ignoreChanges.",
    enforcementLevel: "mandatory",
    severity: "high",
    theme: "encryption",
    anchors: [],
    remediationSteps:
        "Let RDS manage the password (`manageMasterUserPassword: true`), or generate it with random.RandomPassword, store it in an aws.secretsmanager.Secret with `kmsKeyId` and `replicas` (each with `kmsKeyId`) for the replica regions, add an aws.secretsmanager.SecretRotation with the rotation function and `rotationRules`, and set `ignoreChanges: [\"password\"]` on the instance.",
    validateStack,
};
