import * as aws from "@pulumi/aws";
import { s3BucketLoggingTarget as policy } from "../../../rules/logging/s3BucketLoggingTarget";
import { assertNoStackViolation, assertStackViolation, StackFixtureResource, stackArgs, UNKNOWN } from "../../helpers";

const dataBucket = { type: aws.s3.Bucket, name: "data", props: {} };
const logBucket = { type: aws.s3.Bucket, name: "access-logs", props: {} };

function logging(name: string, bucket: string, targetBucket: string | undefined): StackFixtureResource {
    return {
        type: aws.s3.BucketLogging,
        name,
        props: { bucket: UNKNOWN, targetBucket: targetBucket === undefined ? undefined : UNKNOWN, targetPrefix: "s3/" },
        propertyDependencies: targetBucket === undefined ? { bucket: [bucket] } : { bucket: [bucket], targetBucket: [targetBucket] },
    };
}

describe("s3-bucket-logging-target", () => {
    it("passes a bucket logging to a log bucket, which is itself exempt", async () => {
        await assertNoStackViolation(policy, stackArgs([dataBucket, logBucket, logging("data-logging", "data", "access-logs")]));
    });

    it("passes literal bucket names when no dependency is recorded", async () => {
        await assertNoStackViolation(
            policy,
            stackArgs([
                { type: aws.s3.Bucket, name: "data", props: { bucket: "platform-data" } },
                { type: aws.s3.Bucket, name: "access-logs", props: { bucket: "platform-access-logs" } },
                { type: aws.s3.BucketLogging, name: "data-logging", props: { bucket: "platform-data", targetBucket: "platform-access-logs", targetPrefix: "s3/" } },
            ]),
        );
    });

    it("exempts a bucket that receives load balancer access logs", async () => {
        await assertNoStackViolation(
            policy,
            stackArgs([
                { type: aws.s3.Bucket, name: "lb-logs", props: {} },
                { type: aws.lb.LoadBalancer, name: "edge", props: { accessLogs: { enabled: true, bucket: UNKNOWN } }, propertyDependencies: { accessLogs: ["lb-logs"] } },
            ]),
        );
    });

    it("fails a bucket without logging that is not a log target", async () => {
        await assertStackViolation(
            policy,
            stackArgs([dataBucket, logBucket, { type: aws.s3.Bucket, name: "assets", props: {} }, logging("data-logging", "data", "access-logs")]),
            /bucket assets has no BucketLogging: server access logs must go to a log bucket \(found: none\)/,
        );
    });

    it("fails a bucket logging into itself", async () => {
        await assertStackViolation(policy, stackArgs([dataBucket, logging("data-logging", "data", "data")]), /targetBucket must be another bucket than data itself \(found: the logged bucket\)/);
    });

    it("fails a bucket logging into itself by literal name", async () => {
        await assertStackViolation(
            policy,
            stackArgs([
                { type: aws.s3.Bucket, name: "data", props: { bucket: "platform-data" } },
                { type: aws.s3.BucketLogging, name: "data-logging", props: { bucket: "platform-data", targetBucket: "platform-data", targetPrefix: "s3/" } },
            ]),
            /targetBucket must be another bucket than data itself/,
        );
    });

    it("fails targetBucket left unset", async () => {
        await assertStackViolation(policy, stackArgs([dataBucket, logging("data-logging", "data", undefined)]), /targetBucket must name the access-log bucket \(found: undefined\)/);
    });
});
