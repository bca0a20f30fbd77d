/**
 * How every chart of the platform is released, in one place: a failed install or upgrade rolls back and
 * removes what it created (`atomic`, `cleanupOnFail`) instead of leaving a half-applied release for the next
 * `pulumi up` to trip over; ten revisions are kept for `helm rollback`; ten minutes for the release's pods to
 * become ready (longer where a chart needs it, by overriding `timeout` after the spread).
 */
export const HELM_RELEASE_POLICY = {
    atomic: true,
    cleanupOnFail: true,
    maxHistory: 10,
    /** Seconds. */
    timeout: 600,
} as const;
