import { PlatformPolicy } from "../../lib/rule";
import { s3BucketLifecycleNoncurrentExpiry } from "./s3BucketLifecycleNoncurrentExpiry";
import { s3BucketReplicationEnabledRules } from "./s3BucketReplicationEnabledRules";
import { s3BucketVersioningEnabled } from "./s3BucketVersioningEnabled";
import { ecrRepositoryImmutableTags } from "./ecrRepositoryImmutableTags";

/** S3 versioning, replication and the lifecycle that keeps versioned buckets bounded; ECR tags that cannot be moved. */
export const versioningRules: PlatformPolicy[] = [s3BucketVersioningEnabled, s3BucketReplicationEnabledRules, s3BucketLifecycleNoncurrentExpiry, ecrRepositoryImmutableTags];
