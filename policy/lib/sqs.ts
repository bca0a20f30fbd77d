/** SQS: type tokens and reading a queue's redrive policy, shared by the SQS rules. */
import { PolicyResource } from "@pulumi/policy";
import { isUnknownSentinel } from "./unknowns";

export const SQS_QUEUE = "aws:sqs/queue:Queue";
export const SQS_QUEUE_POLICY = "aws:sqs/queuePolicy:QueuePolicy";
/** The side-by-side redrive policy resource (instead of the queue's own `redrivePolicy`), joined by `queueUrl`. */
export const SQS_REDRIVE_POLICY = "aws:sqs/redrivePolicy:RedrivePolicy";

/**
 * An input's value without tripping the engine's unknown-checking proxy: undefined when absent or not
 * known during preview (getOwnPropertyDescriptor is not trapped).
 */
export function knownValue(props: Record<string, any>, key: string): unknown {
    const value = Object.getOwnPropertyDescriptor(props, key)?.value;
    return isUnknownSentinel(value) ? undefined : value;
}

/** A redrive policy given as JSON text or an object, parsed; undefined when unknown or not JSON. */
export function parsedRedrivePolicy(value: unknown): Record<string, unknown> | undefined {
    if (typeof value === "string") {
        try {
            const parsed = JSON.parse(value);
            return parsed !== null && typeof parsed === "object" ? parsed : undefined;
        } catch {
            return undefined;
        }
    }
    return value !== null && typeof value === "object" ? (value as Record<string, unknown>) : undefined;
}

/**
 * Whether `dlq` is named as the dead-letter target of a redrive policy (a queue's own or a RedrivePolicy
 * resource's): by the recorded dependency of that `redrivePolicy` on the queue, or else, for literal
 * policies, by a `deadLetterTargetArn` ending in the queue's name.
 */
export function isDeadLetterTarget(dlq: PolicyResource, resources: PolicyResource[]): boolean {
    const name = knownValue(dlq.props, "name");
    return resources
        .filter((r) => r !== dlq && (r.type === SQS_QUEUE || r.type === SQS_REDRIVE_POLICY))
        .some((r) => {
            const dependencies = r.propertyDependencies.redrivePolicy ?? [];
            if (dependencies.length > 0) {
                return dependencies.some((d) => d.urn === dlq.urn);
            }
            const target = parsedRedrivePolicy(knownValue(r.props, "redrivePolicy"))?.deadLetterTargetArn;
            return typeof name === "string" && typeof target === "string" && target.endsWith(`:${name}`);
        });
}
