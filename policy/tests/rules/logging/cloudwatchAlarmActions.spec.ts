import * as aws from "@pulumi/aws";
import { cloudwatchAlarmActions as policy } from "../../../rules/logging/cloudwatchAlarmActions";
import { assertNoResourceViolation, assertResourceViolation, resourceArgs, UNKNOWN } from "../../helpers";

const TOPIC = "arn:aws:sns:us-east-1:111122223333:platform-prod-use1-alarms";
const alarm = { name: "platform-prod-use1-postgres-cpu", namespace: "AWS/RDS", metricName: "CPUUtilization", alarmActions: [TOPIC], okActions: [TOPIC] };

describe("cloudwatch-alarm-actions", () => {
    it("passes an alarm with an action, with actions enabled explicitly or by default", async () => {
        await assertNoResourceViolation(policy, resourceArgs(aws.cloudwatch.MetricAlarm, alarm));
        await assertNoResourceViolation(policy, resourceArgs(aws.cloudwatch.MetricAlarm, { ...alarm, actionsEnabled: true }));
    });

    it("passes actions not known during preview (the topic created in the same update)", async () => {
        await assertNoResourceViolation(policy, resourceArgs(aws.cloudwatch.MetricAlarm, { ...alarm, alarmActions: UNKNOWN }));
        await assertNoResourceViolation(policy, resourceArgs(aws.cloudwatch.MetricAlarm, { ...alarm, alarmActions: [UNKNOWN] }));
    });

    it("fails alarmActions unset or empty, even with okActions", async () => {
        await assertResourceViolation(policy, resourceArgs(aws.cloudwatch.MetricAlarm, { ...alarm, alarmActions: undefined }), /alarmActions must name at least one action \(found: undefined\)/);
        await assertResourceViolation(policy, resourceArgs(aws.cloudwatch.MetricAlarm, { ...alarm, alarmActions: [] }), /alarmActions must name at least one action \(found: \[\]\)/);
    });

    it("fails actions switched off", async () => {
        await assertResourceViolation(policy, resourceArgs(aws.cloudwatch.MetricAlarm, { ...alarm, actionsEnabled: false }), /actionsEnabled must be unset or true \(found: false\)/);
    });
});
