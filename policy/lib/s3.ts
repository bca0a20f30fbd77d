/** Facts about S3 buckets that several stack rules need. */
import { PolicyResource } from "@pulumi/policy";
import { refersTo } from "./joins";
import { LB_LOAD_BALANCER_TYPES, S3_LOGGING_TYPES } from "./tokens";

/** True when the load balancer's `accessLogs.bucket` is this bucket (by recorded dependency, else by name). */
function receivesLoadBalancerLogs(lb: PolicyResource, bucket: PolicyResource): boolean {
    const dependencies = lb.propertyDependencies.accessLogs ?? [];
    if (dependencies.length > 0) {
        return dependencies.some((d) => d.urn === bucket.urn);
    }
    const target = lb.props.accessLogs?.bucket;
    return target !== undefined && target === bucket.props.bucket;
}

/**
 * True for a bucket that receives access logs: the targetBucket of a BucketLogging, or the
 * accessLogs.bucket of a load balancer. Such buckets must use SSE-S3 (neither S3 server access logging
 * nor ELB access logging can deliver to an SSE-KMS bucket) and are not themselves access-logged.
 */
export function isAccessLogTarget(bucket: PolicyResource, resources: PolicyResource[]): boolean {
    return resources.some(
        (r) =>
            (S3_LOGGING_TYPES.includes(r.type) && refersTo(r, "targetBucket", bucket, "bucket")) ||
            (LB_LOAD_BALANCER_TYPES.includes(r.type) && receivesLoadBalancerLogs(r, bucket)),
    );
}
