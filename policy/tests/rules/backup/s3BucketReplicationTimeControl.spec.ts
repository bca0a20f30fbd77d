import * as aws from "@pulumi/aws";
import { s3BucketReplicationTimeControl as policy } from "../../../rules/backup/s3BucketReplicationTimeControl";
import { KEY_ARN } from "../../fixtures";
import { strict as assert } from "assert";
import { assertNoResourceViolation, assertResourceViolation, resourceArgs, UNKNOWN, violationsOf } from "../../helpers";

const RC = aws.s3.BucketReplicationConfig;

const rtcRule = (overrides: Record<string, any> = {}, destination: Record<string, any> = {}) => ({
    id: "to-us-west-2",
    priority: 1,
    status: "Enabled",
    filter: {},
    deleteMarkerReplication: { status: "Enabled" },
    sourceSelectionCriteria: { sseKmsEncryptedObjects: { status: "Enabled" } },
    destination: {
        bucket: "arn:aws:s3:::platform-prod-usw2-documents-333344445555",
        encryptionConfiguration: { replicaKmsKeyId: KEY_ARN },
        replicationTime: { status: "Enabled", time: { minutes: 15 } },
        metrics: { status: "Enabled", eventThreshold: { minutes: 15 } },
        ...destination,
    },
    ...overrides,
});

const config = (rules: unknown) => resourceArgs(RC, { bucket: UNKNOWN, role: UNKNOWN, rules });

describe("s3-bucket-replication-time-control", () => {
    it("passes a rule with RTC, its metrics and delete-marker replication", async () => {
        await assertNoResourceViolation(policy, config([rtcRule()]));
    });

    it("fails RTC left unset (best-effort replication)", async () => {
        await assertResourceViolation(policy, config([rtcRule({}, { replicationTime: undefined })]), /rules\[0\]\.destination\.replicationTime must be .* \(found: undefined\)/);
    });

    it("fails RTC Disabled", async () => {
        await assertResourceViolation(policy, config([rtcRule({}, { replicationTime: { status: "Disabled", time: { minutes: 15 } } })]), /rules\[0\]\.destination\.replicationTime must be/);
    });

    it("fails metrics left unset (RTC requires them)", async () => {
        await assertResourceViolation(policy, config([rtcRule({}, { metrics: undefined })]), /rules\[0\]\.destination\.metrics must be .* \(found: undefined\)/);
    });

    it("fails a metrics threshold other than 15 minutes", async () => {
        await assertResourceViolation(policy, config([rtcRule({}, { metrics: { status: "Enabled", eventThreshold: { minutes: 30 } } })]), /rules\[0\]\.destination\.metrics must be/);
    });

    it("fails delete-marker replication left unset or Disabled", async () => {
        await assertResourceViolation(policy, config([rtcRule({ deleteMarkerReplication: undefined })]), /rules\[0\]\.deleteMarkerReplication\.status must be "Enabled" \(found: undefined\)/);
        await assertResourceViolation(policy, config([rtcRule({ deleteMarkerReplication: { status: "Disabled" } })]), /rules\[0\]\.deleteMarkerReplication\.status must be "Enabled" \(found: "Disabled"\)/);
    });

    it("checks every rule, not only the first", async () => {
        await assertResourceViolation(policy, config([rtcRule(), rtcRule({ id: "second", priority: 2 }, { replicationTime: undefined })]), /rules\[1\]\.destination\.replicationTime must be/);
    });

    it("fails no rules", async () => {
        await assertResourceViolation(policy, config([]), /rules must contain at least one rule/);
    });

    it("fails RTC enabled without its 15 minutes, or with another time, saying what is expected", async () => {
        for (const replicationTime of [{ status: "Enabled" }, { status: "Enabled", time: { minutes: 30 } }]) {
            await assertResourceViolation(
                policy,
                config([rtcRule({}, { replicationTime })]),
                /^rules\[0\]\.destination\.replicationTime must be \{ status: "Enabled", time: \{ minutes: 15 \} \} \(found: /,
            );
        }
    });

    it("fails metrics enabled without a threshold, saying what is expected", async () => {
        await assertResourceViolation(
            policy,
            config([rtcRule({}, { metrics: { status: "Enabled" } })]),
            /^rules\[0\]\.destination\.metrics must be \{ status: "Enabled", eventThreshold: \{ minutes: 15 \} \} \(found: \{"status":"Enabled"\}\)$/,
        );
    });

    it("fails a rule without a destination on RTC and metrics, not with an error", async () => {
        const messages = await violationsOf(policy, config([{ ...rtcRule(), destination: undefined }]));
        assert.deepEqual(
            messages.map((m) => m.split(" must be")[0]),
            ["rules[0].destination.replicationTime", "rules[0].destination.metrics"],
        );
    });
});
