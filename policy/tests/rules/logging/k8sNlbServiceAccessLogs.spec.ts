import { k8sNlbServiceAccessLogs } from "../../../rules/logging/k8sNlbServiceAccessLogs";
import { assertNoResourceViolation, assertResourceViolation, resourceArgs } from "../../helpers";
import { nlbService } from "./k8sNlbServiceFixtures";

describe("k8s-nlb-service-access-logs", () => {
    it("passes an NLB with access logs to a bucket", async () => {
        await assertNoResourceViolation(k8sNlbServiceAccessLogs, nlbService());
    });

    it("fails logs turned off", async () => {
        await assertResourceViolation(k8sNlbServiceAccessLogs, nlbService({ attributes: "access_logs.s3.enabled=false,access_logs.s3.bucket=logs" }), /access_logs\.s3\.enabled must be "true" \(found: "false"\)/);
    });

    it("fails attributes unset", async () => {
        await assertResourceViolation(k8sNlbServiceAccessLogs, nlbService({ attributes: undefined }), /access_logs\.s3\.enabled must be "true" \(found: undefined\)/);
    });

    it("fails logs on without a bucket", async () => {
        await assertResourceViolation(k8sNlbServiceAccessLogs, nlbService({ attributes: "access_logs.s3.enabled=true" }), /access_logs\.s3\.bucket must name/);
    });

    it("recognises the controller's NLB by the type annotation alone", async () => {
        await assertResourceViolation(k8sNlbServiceAccessLogs, nlbService({ attributes: undefined, loadBalancerClass: undefined }), /access_logs\.s3\.enabled/);
    });

    it("ignores ClusterIP Services and LoadBalancers the controller does not own", async () => {
        await assertNoResourceViolation(k8sNlbServiceAccessLogs, resourceArgs("kubernetes:core/v1:Service" as any, { spec: { type: "ClusterIP" } }));
        await assertNoResourceViolation(k8sNlbServiceAccessLogs, nlbService({ attributes: undefined, loadBalancerClass: undefined, type: undefined }));
    });
});
