import * as aws from "@pulumi/aws";
import { ecrRepositoryScanOnPush as policy } from "../../../rules/exposure/ecrRepositoryScanOnPush";
import { assertNoResourceViolation, assertResourceViolation, resourceArgs } from "../../helpers";

const repository = { name: "services/bff", imageTagMutability: "IMMUTABLE", imageScanningConfiguration: { scanOnPush: true } };

describe("ecr-repository-scan-on-push", () => {
    it("passes a repository scanning on push", async () => {
        await assertNoResourceViolation(policy, resourceArgs(aws.ecr.Repository, repository));
    });

    it("fails the scanning configuration unset", async () => {
        await assertResourceViolation(policy, resourceArgs(aws.ecr.Repository, { ...repository, imageScanningConfiguration: undefined }), /scanOnPush must be true \(found: undefined\)/);
    });

    it("fails scanOnPush false or missing inside the configuration", async () => {
        await assertResourceViolation(policy, resourceArgs(aws.ecr.Repository, { ...repository, imageScanningConfiguration: { scanOnPush: false } }), /found: \{"scanOnPush":false\}/);
        await assertResourceViolation(policy, resourceArgs(aws.ecr.Repository, { ...repository, imageScanningConfiguration: {} }), /scanOnPush must be true/);
        await assertResourceViolation(policy, resourceArgs(aws.ecr.Repository, { ...repository, imageScanningConfiguration: { scanOnPush: "true" } }), /scanOnPush must be true/);
    });
});
