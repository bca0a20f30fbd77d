/**
 * Type tokens matched by string: components whose SDK the pack does not depend on (@pulumi/eks),
 * and resources with more than one token.
 */

/** @pulumi/eks multi-language components (the pack does not depend on @pulumi/eks). */
export const EKS_COMPONENT_CLUSTER = "eks:index:Cluster";
export const EKS_COMPONENT_MANAGED_NODE_GROUP = "eks:index:ManagedNodeGroup";

/** `aws.s3.Bucket` and the deprecated `aws.s3.BucketV2` alias of AWS v7. */
export const S3_BUCKET_TYPES = ["aws:s3/bucket:Bucket", "aws:s3/bucketV2:BucketV2"];

/** `aws.lb.Listener` and its `aws.alb.Listener` alias. */
export const LB_LISTENER_TYPES = ["aws:lb/listener:Listener", "aws:alb/listener:Listener"];

/** `aws.lb.LoadBalancer` and its `aws.alb.LoadBalancer` alias. */
export const LB_LOAD_BALANCER_TYPES = ["aws:lb/loadBalancer:LoadBalancer", "aws:alb/loadBalancer:LoadBalancer"];

/** S3 side-by-side resources, each with the deprecated `…V2` token AWS v7 still accepts (same inputs). */
export const S3_SSE_CONFIGURATION_TYPES = [
    "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
    "aws:s3/bucketServerSideEncryptionConfigurationV2:BucketServerSideEncryptionConfigurationV2",
];
export const S3_VERSIONING_TYPES = ["aws:s3/bucketVersioning:BucketVersioning", "aws:s3/bucketVersioningV2:BucketVersioningV2"];
export const S3_LIFECYCLE_CONFIGURATION_TYPES = ["aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration", "aws:s3/bucketLifecycleConfigurationV2:BucketLifecycleConfigurationV2"];
export const S3_LOGGING_TYPES = ["aws:s3/bucketLogging:BucketLogging", "aws:s3/bucketLoggingV2:BucketLoggingV2"];
