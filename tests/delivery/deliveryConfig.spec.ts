/** `platform:delivery` validation: each bad key named once, defaults filled in, nothing hard-coded per stack. */
import * as assert from "assert";
import { validateConfig } from "../../config";
import { STACKS } from "../support/synthesis";
import { configProblems, stackConfig } from "../support/config";

describe("config: platform:delivery", () => {
    for (const stack of STACKS) {
        it(`${stack}: names its own account's connection and fills the defaults`, () => {
            const config = validateConfig(stackConfig(stack));
            assert.ok(config.delivery, "every stack runs CI on its own runner");
            assert.strictEqual(config.delivery.connectionArn.split(":")[4], config.awsAccountId);
            assert.strictEqual(config.delivery.image, "aws/codebuild/amazonlinux-x86_64-standard:5.0");
            assert.strictEqual(config.delivery.buildTimeoutMinutes, 120);
        });
    }

    it("reports every bad delivery key at once, by its full name", () => {
        const raw = stackConfig("prod");
        raw.delivery = {
            githubRepository: "platform",
            connectionArn: "arn:aws:secretsmanager:us-east-1:333344445555:secret:github",
            computeType: "BUILD_LAMBDA_1GB",
            buildTimeoutMinutes: 1,
            typo: true,
        };
        const keys = configProblems(raw).map((p) => p.key).sort();
        assert.deepStrictEqual(keys, [
            "platform:delivery.buildTimeoutMinutes",
            "platform:delivery.computeType",
            "platform:delivery.connectionArn",
            "platform:delivery.githubRepository",
            "platform:delivery.typo",
        ]);
    });

    it("requires the repository and the connection (no defaults for what identifies the environment)", () => {
        const raw = stackConfig("dev");
        raw.delivery = { computeType: "BUILD_GENERAL1_SMALL" };
        const keys = configProblems(raw).map((p) => p.key).sort();
        assert.deepStrictEqual(keys, ["platform:delivery.connectionArn", "platform:delivery.githubRepository"]);
    });
});
