/** `platform:delivery` validation: each bad key named once, defaults filled in, nothing hard-coded per stack. */
import * as assert from "assert";
import { validateConfig } from "../../config";
import { serviceRepository } from "../../config/sections/delivery";
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

    describe("registry and ciIdentities", () => {
        it("fills the registry defaults and keeps the stack's choices", () => {
            const dev = validateConfig(stackConfig("dev")).delivery!;
            assert.deepStrictEqual(dev.registry, { repositoryPrefix: "services", scanning: "basic", keepTaggedImages: 20, untaggedExpiryDays: 7, pullRoleArns: [], replicateToSecondaryRegions: true });
            assert.strictEqual(validateConfig(stackConfig("prod")).delivery!.registry!.scanning, "enhanced");
            assert.deepStrictEqual(dev.ciIdentities, { githubOrganization: "example-org", serviceRepositories: {}, githubEnvironment: "dev" });
        });

        it("names each bad registry and identity key with what was found", () => {
            const raw = stackConfig("prod");
            const delivery = raw.delivery as Record<string, any>;
            delivery.registry = { scanning: "deep", keepTaggedImages: 0, untaggedExpiryDays: 366, repositoryPrefix: "Services", pullRoleArns: ["karpenter"] };
            delivery.ciIdentities = { githubOrganization: "-org", githubEnvironment: "prod:x", githubOidcProviderArn: "arn:aws:iam::333344445555:oidc-provider/example.com", serviceRepositories: { bff: "bad/name" } };
            const problems = configProblems(raw);
            assert.deepStrictEqual(problems.map((p) => p.key).sort(), [
                "platform:delivery.ciIdentities.githubEnvironment",
                "platform:delivery.ciIdentities.githubOidcProviderArn",
                "platform:delivery.ciIdentities.githubOrganization",
                "platform:delivery.ciIdentities.serviceRepositories.bff",
                "platform:delivery.registry.keepTaggedImages",
                "platform:delivery.registry.pullRoleArns[0]",
                "platform:delivery.registry.repositoryPrefix",
                "platform:delivery.registry.scanning",
                "platform:delivery.registry.untaggedExpiryDays",
            ]);
        });

        it("bounds: 1 and 1000 tagged images, 1 and 365 days are accepted", () => {
            for (const [keep, days] of [[1, 1], [1000, 365]]) {
                const raw = stackConfig("dev");
                (raw.delivery as any).registry = { keepTaggedImages: keep, untaggedExpiryDays: days };
                const registry = validateConfig(raw).delivery!.registry!;
                assert.deepStrictEqual([registry.keepTaggedImages, registry.untaggedExpiryDays], [keep, days]);
            }
        });

        it("identities need a registry, name only configured services, and use the stack's own account's provider", () => {
            const raw = stackConfig("prod");
            const delivery = raw.delivery as Record<string, any>;
            delete delivery.registry;
            delivery.ciIdentities = {
                ...delivery.ciIdentities,
                serviceRepositories: { bff: "bff-service", payments: "payments" },
                githubOidcProviderArn: "arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com",
            };
            const problems = configProblems(raw);
            assert.deepStrictEqual(
                problems.map((p) => p.key).sort(),
                ["platform:delivery.ciIdentities", "platform:delivery.ciIdentities.githubOidcProviderArn", "platform:delivery.ciIdentities.serviceRepositories.payments"],
            );
            assert.match(problems.find((p) => p.key.endsWith("payments"))!.message, /payments is not a configured service; expected one of bff, /);
            assert.match(problems.find((p) => p.key.endsWith("ProviderArn"))!.message, /in account 111122223333; expected the stack's account 333344445555/);
            assert.match(problems.find((p) => p.key === "platform:delivery.ciIdentities")!.message, /delivery\.registry is not/);
        });

        it("accepts the stack's own provider ARN and a renamed repository", () => {
            const raw = stackConfig("prod");
            const delivery = raw.delivery as Record<string, any>;
            delivery.ciIdentities = { ...delivery.ciIdentities, serviceRepositories: { bff: "bff-service" }, githubOidcProviderArn: "arn:aws:iam::333344445555:oidc-provider/token.actions.githubusercontent.com" };
            assert.strictEqual(serviceRepository(validateConfig(raw).delivery!.ciIdentities!, "bff"), "example-org/bff-service");
            assert.strictEqual(serviceRepository(validateConfig(raw).delivery!.ciIdentities!, "contractor"), "example-org/contractor");
        });
    });
});
