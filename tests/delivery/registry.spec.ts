import * as assert from "assert";
import { creationTemplateRolePolicy, ECR_PULL_ACTIONS, lifecyclePolicy, repositoryPolicy } from "../../components/delivery/registry";
import { SERVICE_NAMES } from "../../config/schema";
import { PolicyDocument, PolicyStatement } from "../../lib/iam";
import { revealSecrets } from "../../offline/secrets";
import { SynthesisResult, SynthesizedResource } from "../../offline/types";
import { documentsAllow, iamMatch, rolePermissions } from "../support/iamAccess";
import { ofType, single, synthesizeStack } from "../support/synthesis";

const ACCOUNT = "333344445555";
const NODE_ROLE = `arn:aws:iam::${ACCOUNT}:role/prod-use1-cluster-node-role-1a2b3c`;
const KARPENTER = `arn:aws:iam::${ACCOUNT}:role/karpenter-node`;
const PUSHER = `arn:aws:iam::${ACCOUNT}:role/github-push-prod-bff`;
const list = <T>(v: T | T[] | undefined): T[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

/**
 * Same-account resource-policy evaluation for one principal: an explicit Deny whose StringNotLike on
 * aws:PrincipalArn does not exempt the principal wins; otherwise the repository policy allows the principal
 * when a statement names it, or the principal's identity policy does (same account: either suffices).
 */
function repositoryAllows(policy: PolicyDocument, principalArn: string, action: string, identityAllows = false): boolean {
    const covers = (s: PolicyStatement) => list(s.Action).some((a) => iamMatch(a, action, true));
    const denied = policy.Statement.some((s) => {
        if (s.Effect !== "Deny" || !covers(s)) return false;
        const notLike = list(s.Condition?.StringNotLike?.["aws:PrincipalArn"]);
        return s.Principal === "*" && !notLike.some((p) => iamMatch(p, principalArn));
    });
    if (denied) return false;
    const named = policy.Statement.some((s) => s.Effect === "Allow" && covers(s) && s.Principal !== "*" && list(s.Principal?.AWS).includes(principalArn));
    return named || identityAllows;
}

describe("delivery: registry, pure parts", () => {
    const policy = repositoryPolicy({ partition: "aws", accountId: ACCOUNT, readers: [NODE_ROLE, KARPENTER], pushers: [PUSHER] });

    it("lets the node roles (and Karpenter's) pull", () => {
        for (const action of ECR_PULL_ACTIONS) {
            assert.ok(repositoryAllows(policy, NODE_ROLE, action), action);
            assert.ok(repositoryAllows(policy, KARPENTER, action), action);
        }
    });

    it("denies pulls to any other principal of the account, even one whose identity policy allows ECR reads", () => {
        const admin = `arn:aws:iam::${ACCOUNT}:role/platform-admin`;
        assert.strictEqual(repositoryAllows(policy, admin, "ecr:BatchGetImage", true), false);
        assert.strictEqual(repositoryAllows(policy, `arn:aws:iam::${ACCOUNT}:role/github-push-prod-contractor`, "ecr:GetDownloadUrlForLayer", true), false);
    });

    it("does not stand in the way of the service's push role, nor of AWS services' service-linked roles", () => {
        assert.ok(repositoryAllows(policy, PUSHER, "ecr:BatchGetImage", true));
        assert.ok(repositoryAllows(policy, `arn:aws:iam::${ACCOUNT}:role/aws-service-role/inspector2.amazonaws.com/AWSServiceRoleForAmazonInspector2`, "ecr:BatchGetImage", true));
    });

    it("refuses a repository nobody may pull from", () => {
        assert.throws(() => repositoryPolicy({ partition: "aws", accountId: ACCOUNT, readers: [], pushers: [] }), /at least one role allowed to pull/);
    });

    it("lifecycle: untagged images expire after the configured days, the newest N tagged images stay; priorities ascending", () => {
        const { rules } = lifecyclePolicy({ keepTaggedImages: 40, untaggedExpiryDays: 3 }) as { rules: any[] };
        assert.deepStrictEqual(
            rules.map((r) => r.rulePriority),
            [1, 2],
        );
        assert.deepStrictEqual(rules[0].selection, { tagStatus: "untagged", countType: "sinceImagePushed", countUnit: "days", countNumber: 3 });
        assert.deepStrictEqual(rules[1].selection, { tagStatus: "tagged", tagPatternList: ["*"], countType: "imageCountMoreThan", countNumber: 40 });
        assert.ok(rules.every((r) => r.action.type === "expire"));
    });

    it("the replica creation role may create repositories only under the prefix in its region and use only its region's key", () => {
        const doc = creationTemplateRolePolicy({ partition: "aws", accountId: ACCOUNT, region: "us-west-2", prefix: "services", keyArn: "arn:aws:kms:us-west-2:333344445555:key/k" });
        assert.ok(documentsAllow([doc], "ecr:CreateRepository", `arn:aws:ecr:us-west-2:${ACCOUNT}:repository/services/bff`));
        assert.ok(!documentsAllow([doc], "ecr:CreateRepository", `arn:aws:ecr:us-west-2:${ACCOUNT}:repository/other/bff`));
        assert.ok(!documentsAllow([doc], "ecr:CreateRepository", `arn:aws:ecr:us-east-1:${ACCOUNT}:repository/services/bff`));
        assert.ok(documentsAllow([doc], "kms:CreateGrant", "arn:aws:kms:us-west-2:333344445555:key/k"));
        assert.ok(!documentsAllow([doc], "kms:Decrypt", "arn:aws:kms:us-west-2:333344445555:key/k"));
    });
});

describe("delivery: registry in the stacks", () => {
    let prod: SynthesisResult;
    let dev: SynthesisResult;
    before(async function () {
        this.timeout(120_000);
        prod = await synthesizeStack("prod");
        dev = await synthesizeStack("dev");
    });

    const repositories = (r: SynthesisResult) => ofType(r, "aws:ecr/repository:Repository");
    const keyOf = (r: SynthesisResult, arn: string) => ofType(r, "aws:kms/key:Key").find((k) => k.outputs?.arn === arn);

    for (const stack of ["dev", "prod"] as const) {
        it(`${stack}: one repository per configured service, immutable, scanned on push, under the region's ECR key`, () => {
            const result = stack === "dev" ? dev : prod;
            const repos = repositories(result);
            assert.ok(repos.length >= 1);
            for (const repo of repos) {
                assert.match(repo.inputs.name, /^services\/[a-z]+$/);
                assert.strictEqual(repo.inputs.imageTagMutability, "IMMUTABLE");
                assert.strictEqual(repo.inputs.imageScanningConfiguration?.scanOnPush, true);
                const [encryption] = repo.inputs.encryptionConfigurations;
                assert.strictEqual(encryption.encryptionType, "KMS");
                const key = keyOf(result, encryption.kmsKey);
                assert.ok(key, `${repo.name}: kmsKey ${encryption.kmsKey} is none of the stack's keys`);
                assert.match(key!.inputs.description, /ECR/);
                assert.strictEqual(key!.region, repo.region);
            }
        });
    }

    it("the repositories are exactly the configured services", () => {
        for (const result of [dev, prod]) {
            assert.deepStrictEqual(repositories(result).map((r) => r.inputs.name).sort(), [...SERVICE_NAMES].map((s) => `services/${s}`).sort());
        }
    });

    it("prod: repositories are protected; every repository has a lifecycle and a pull policy naming both regions' node roles", () => {
        const nodeRoles = ofType(prod, "aws:iam/role:Role").filter((r) => r.name.endsWith("-cluster-node-role"));
        assert.strictEqual(nodeRoles.length, 2);
        for (const repo of repositories(prod)) {
            assert.strictEqual(repo.options.protect, true);
            const policy = single(prod, "aws:ecr/repositoryPolicy:RepositoryPolicy", `${repo.name}-policy`);
            const doc = JSON.parse(revealSecrets(policy.inputs.policy));
            for (const role of nodeRoles) {
                assert.ok(repositoryAllows(doc, role.outputs!.arn, "ecr:BatchGetImage"), `${repo.name}: ${role.name}`);
            }
            const service = repo.inputs.name.split("/")[1];
            assert.ok(repositoryAllows(doc, `arn:aws:iam::${ACCOUNT}:role/github-push-prod-${service}`, "ecr:BatchGetImage", true));
            assert.ok(!repositoryAllows(doc, `arn:aws:iam::${ACCOUNT}:role/github-actions-deploy`, "ecr:BatchGetImage", true));
            single(prod, "aws:ecr/lifecyclePolicy:LifecyclePolicy", `${repo.name}-lifecycle`);
        }
    });

    it("prod: replicated to us-west-2 under a creation template with immutable tags, us-west-2's ECR key, lifecycle and policy", () => {
        const replication = single(prod, "aws:ecr/replicationConfiguration:ReplicationConfiguration");
        assert.strictEqual(replication.region, "us-east-1");
        const [rule] = replication.inputs.replicationConfiguration.rules;
        assert.deepStrictEqual(rule.destinations, [{ region: "us-west-2", registryId: ACCOUNT }]);
        assert.deepStrictEqual(rule.repositoryFilters, [{ filter: "services/", filterType: "PREFIX_MATCH" }]);
        const template = single(prod, "aws:ecr/repositoryCreationTemplate:RepositoryCreationTemplate");
        assert.strictEqual(template.region, "us-west-2");
        assert.deepStrictEqual(template.inputs.appliedFors, ["REPLICATION"]);
        assert.strictEqual(template.inputs.prefix, "services");
        assert.strictEqual(template.inputs.imageTagMutability, "IMMUTABLE");
        const key = keyOf(prod, template.inputs.encryptionConfigurations[0].kmsKey);
        assert.strictEqual(key?.region, "us-west-2");
        assert.match(key!.inputs.description, /ECR/);
        assert.ok(template.inputs.lifecyclePolicy && template.inputs.repositoryPolicy && template.inputs.customRoleArn);
        // Created before replication starts, or the first replicas would get ECR's defaults.
        assert.ok(replication.options.dependsOn.includes(template.urn));
    });

    it("prod: enhanced scanning (continuous) of the services prefix in both regions; dev: basic scan on push, no replication", () => {
        const scanning = ofType(prod, "aws:ecr/registryScanningConfiguration:RegistryScanningConfiguration");
        assert.deepStrictEqual(scanning.map((s) => s.region).sort(), ["us-east-1", "us-west-2"]);
        for (const s of scanning) {
            assert.strictEqual(s.inputs.scanType, "ENHANCED");
            assert.deepStrictEqual(s.inputs.rules, [{ scanFrequency: "CONTINUOUS_SCAN", repositoryFilters: [{ filter: "services/*", filterType: "WILDCARD" }] }]);
        }
        assert.strictEqual(ofType(dev, "aws:ecr/registryScanningConfiguration:RegistryScanningConfiguration").length, 0);
        assert.strictEqual(ofType(dev, "aws:ecr/replicationConfiguration:ReplicationConfiguration").length, 0);
    });

    it("the replica creation role is trusted by ECR only and can do nothing but create replicas and use its key", () => {
        const template = single(prod, "aws:ecr/repositoryCreationTemplate:RepositoryCreationTemplate");
        const role = ofType(prod, "aws:iam/role:Role").find((r) => r.outputs?.arn === template.inputs.customRoleArn) as SynthesizedResource;
        assert.ok(role);
        assert.deepStrictEqual(JSON.parse(revealSecrets(role.inputs.assumeRolePolicy)).Statement[0].Principal, { Service: "ecr.amazonaws.com" });
        const { documents, awsManagedPolicyArns } = rolePermissions(prod, role);
        assert.deepStrictEqual(awsManagedPolicyArns, []);
        assert.ok(!documentsAllow(documents, "ecr:PutImage", `arn:aws:ecr:us-west-2:${ACCOUNT}:repository/services/bff`));
        assert.ok(documentsAllow(documents, "ecr:ReplicateImage", `arn:aws:ecr:us-west-2:${ACCOUNT}:repository/services/bff`));
    });
});
