import * as aws from "@pulumi/aws";
import { ecrRepositoryImmutableTags as policy } from "../../../rules/versioning/ecrRepositoryImmutableTags";
import { assertNoResourceViolation, assertResourceViolation, resourceArgs, UNKNOWN } from "../../helpers";

const repository = { name: "services/bff", imageTagMutability: "IMMUTABLE" };
const template = { prefix: "services", appliedFors: ["REPLICATION"], imageTagMutability: "IMMUTABLE" };

describe("ecr-repository-immutable-tags", () => {
    it("passes an immutable repository and an immutable replica template", async () => {
        await assertNoResourceViolation(policy, resourceArgs(aws.ecr.Repository, repository));
        await assertNoResourceViolation(policy, resourceArgs(aws.ecr.RepositoryCreationTemplate, template));
    });

    it("passes a value not known during preview", async () => {
        await assertNoResourceViolation(policy, resourceArgs(aws.ecr.Repository, { ...repository, imageTagMutability: UNKNOWN }));
    });

    it("fails imageTagMutability unset (ECR's default is MUTABLE), on repositories and templates", async () => {
        await assertResourceViolation(policy, resourceArgs(aws.ecr.Repository, { name: "services/bff" }), /must be "IMMUTABLE" \(found: undefined; unset means MUTABLE\)/);
        await assertResourceViolation(policy, resourceArgs(aws.ecr.RepositoryCreationTemplate, { ...template, imageTagMutability: undefined }), /must be "IMMUTABLE"/);
    });

    it("fails MUTABLE and the exclusion modes (listed tags stay movable)", async () => {
        for (const value of ["MUTABLE", "IMMUTABLE_WITH_EXCLUSION", "MUTABLE_WITH_EXCLUSION", "immutable"]) {
            await assertResourceViolation(policy, resourceArgs(aws.ecr.Repository, { ...repository, imageTagMutability: value }), new RegExp(`found: "${value}"`));
        }
    });

    it("does not apply to other resources", async () => {
        await assertNoResourceViolation(policy, resourceArgs(aws.ecr.LifecyclePolicy, { repository: "services/bff", policy: "{}" }));
    });
});
