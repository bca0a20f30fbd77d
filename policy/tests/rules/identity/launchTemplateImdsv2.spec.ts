import * as aws from "@pulumi/aws";
import { launchTemplateImdsv2 } from "../../../rules/identity/launchTemplateImdsv2";
import { assertNoResourceViolation, assertResourceViolation, resourceArgs } from "../../helpers";

const SAFE = { httpEndpoint: "enabled", httpTokens: "required", httpPutResponseHopLimit: 1 };

describe("launch-template-imdsv2", () => {
    const template = (metadataOptions: Record<string, any> | undefined, tags?: Record<string, string>) =>
        resourceArgs(aws.ec2.LaunchTemplate, { namePrefix: "nodes-", metadataOptions, tags });

    it("passes IMDSv2 required with hop limit 1", async () => {
        await assertNoResourceViolation(launchTemplateImdsv2, template(SAFE));
    });

    it("passes httpEndpoint left unset (enabled) with the token settings", async () => {
        await assertNoResourceViolation(launchTemplateImdsv2, template({ httpTokens: "required", httpPutResponseHopLimit: 1 }));
    });

    it("fails httpTokens optional", async () => {
        await assertResourceViolation(launchTemplateImdsv2, template({ ...SAFE, httpTokens: "optional" }), /metadataOptions\.httpTokens must be "required" \(found: "optional"\)/);
    });

    it("fails httpTokens left unset (default optional)", async () => {
        await assertResourceViolation(launchTemplateImdsv2, template({ ...SAFE, httpTokens: undefined }), /metadataOptions\.httpTokens must be "required" \(found: undefined\)/);
    });

    it("fails a hop limit of 2", async () => {
        await assertResourceViolation(launchTemplateImdsv2, template({ ...SAFE, httpPutResponseHopLimit: 2 }), /metadataOptions\.httpPutResponseHopLimit must be 1 \(found: 2\)/);
    });

    it("fails a hop limit left unset (the AMI default can be 2)", async () => {
        await assertResourceViolation(launchTemplateImdsv2, template({ ...SAFE, httpPutResponseHopLimit: undefined }), /httpPutResponseHopLimit must be 1 \(found: undefined\)/);
    });

    it("fails a template without metadataOptions", async () => {
        await assertResourceViolation(launchTemplateImdsv2, template(undefined), /metadataOptions\.httpTokens must be "required" \(found: undefined\)/);
    });

    it("fails httpEndpoint disabled without a reason tag", async () => {
        await assertResourceViolation(
            launchTemplateImdsv2,
            template({ httpEndpoint: "disabled" }),
            /metadataOptions\.httpEndpoint is "disabled" without a reason: tag platform:imds-disabled-reason must explain it \(found: undefined\)/,
        );
    });

    it("fails httpEndpoint disabled with an empty reason", async () => {
        await assertResourceViolation(launchTemplateImdsv2, template({ httpEndpoint: "disabled" }, { "platform:imds-disabled-reason": " " }), /without a reason.*\(found: " "\)/);
    });

    it("passes httpEndpoint disabled with a recorded reason", async () => {
        await assertNoResourceViolation(launchTemplateImdsv2, template({ httpEndpoint: "disabled" }, { "platform:imds-disabled-reason": "bastion: no instance role" }));
    });
});
