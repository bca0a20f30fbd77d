/**
 * Per-service access: the pure rules (rds-db:connect ARNs, least-privilege statements, 12-factor settings,
 * credential entries, region fallback) and, synthesized, each service's IRSA role pinned to
 * `system:serviceaccount:<service>:<service>`, scoped to exactly its data stores, the ServiceAccount that
 * carries it, and the ConfigMap of non-secret settings.
 */
import * as assert from "assert";
import {
    credentialsSecretName,
    dataStoresForRegion,
    DOCUMENTS_PREFIX,
    needsCredentials,
    rdsDbUserArn,
    serviceEnvironment,
    servicePolicyStatements,
    serviceSecretData,
} from "../../components/secrets/serviceAccess";
import { DataStoreName, validateConfig } from "../../config";
import { revealSecrets } from "../../offline/secrets";
import { SynthesisResult, SynthesizedResource } from "../../offline/types";
import { sourceOf, sourcesOf, stackConfig } from "../datastores/support";
import { dependentsOf, ofType, single, synthesizeStack } from "../support/synthesis";

/** The services a stack configures (the set is data). */
const servicesOf = (stack: string): string[] => Object.keys(validateConfig(stackConfig(stack)).services);

const ROLE = "aws:iam/role:Role";
const ROLE_POLICY = "aws:iam/rolePolicy:RolePolicy";
const SERVICE_ACCOUNT = "kubernetes:core/v1:ServiceAccount";
const CONFIG_MAP = "kubernetes:core/v1:ConfigMap";
const RDS_INSTANCE = "aws:rds/instance:Instance";
const BUCKET = "aws:s3/bucket:Bucket";
const KEY = "aws:kms/key:Key";

const INSTANCE_ARN = "arn:aws:rds:us-east-1:111122223333:db:platform-dev-use1-postgres";
const BUCKET_ARN = "arn:aws:s3:::platform-dev-use1-documents-111122223333";
const S3_KEY_ARN = "arn:aws:kms:us-east-1:111122223333:key/s3";

function serviceRole(result: SynthesisResult, regionCode: string, service: string): SynthesizedResource {
    return single(result, ROLE, `-${regionCode}-service-access-${service}-role`);
}

function rolePolicies(result: SynthesisResult, role: SynthesizedResource): SynthesizedResource[] {
    return dependentsOf(result, role, "role").filter((r) => r.type === ROLE_POLICY);
}

function configOf(result: SynthesisResult, regionCode: string, service: string): Record<string, string> {
    return revealSecrets(single(result, CONFIG_MAP, `-${regionCode}-service-access-${service}-config`).inputs.data);
}

describe("service access: pure rules", () => {
    it("builds the rds-db:connect ARN from the instance ARN, resource id and user", () => {
        assert.strictEqual(rdsDbUserArn(INSTANCE_ARN, "db-ABC123", "document"), "arn:aws:rds-db:us-east-1:111122223333:dbuser:db-ABC123/document");
        assert.strictEqual(
            rdsDbUserArn("arn:aws-us-gov:rds:us-gov-west-1:111122223333:db:x", "db-1", "bff"),
            "arn:aws-us-gov:rds-db:us-gov-west-1:111122223333:dbuser:db-1/bff",
        );
        assert.throws(() => rdsDbUserArn("arn:aws:s3:::bucket", "db-1", "bff"), /not an RDS instance ARN/);
    });

    it("gives the document service objects under documents/ (listing limited to it) and the S3 key only through S3", () => {
        const statements = servicePolicyStatements({
            service: "document",
            dataStores: ["postgres", "documents"],
            postgres: { instanceArn: INSTANCE_ARN, resourceId: "db-ABC" },
            documents: { bucketArn: BUCKET_ARN, s3KeyArn: S3_KEY_ARN, region: "us-east-1" },
        });
        assert.deepStrictEqual(statements, [
            { Sid: "PostgresIamLogin", Effect: "Allow", Action: "rds-db:connect", Resource: "arn:aws:rds-db:us-east-1:111122223333:dbuser:db-ABC/document" },
            { Sid: "DocumentObjects", Effect: "Allow", Action: ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"], Resource: `${BUCKET_ARN}/documents/*` },
            { Sid: "DocumentListing", Effect: "Allow", Action: "s3:ListBucket", Resource: BUCKET_ARN, Condition: { StringLike: { "s3:prefix": ["documents/", "documents/*"] } } },
            {
                Sid: "DocumentEncryption",
                Effect: "Allow",
                Action: ["kms:GenerateDataKey", "kms:Decrypt"],
                Resource: S3_KEY_ARN,
                Condition: { StringEquals: { "kms:ViaService": "s3.us-east-1.amazonaws.com" } },
            },
        ]);
    });

    it("grants nothing for Redis, Atlas or no stores, and refuses a store the platform lacks", () => {
        for (const dataStores of [[], ["redis"], ["atlas"], ["redis", "atlas"]] as DataStoreName[][]) {
            assert.deepStrictEqual(servicePolicyStatements({ service: "bff", dataStores }), []);
        }
        assert.throws(() => servicePolicyStatements({ service: "bff", dataStores: ["postgres"] }), /uses postgres, but the platform has no Postgres/);
        assert.throws(() => servicePolicyStatements({ service: "document", dataStores: ["documents"] }), /no documents bucket/);
    });

    it("writes 12-factor settings only for the stores a service uses, and never a credential", () => {
        const everything = {
            environment: "prod",
            region: "us-west-2",
            service: "gamification",
            postgres: { address: "db.example", port: 5432, databaseName: "platform" },
            redis: { primaryEndpoint: "master.redis", readerEndpoint: "replica.redis", port: 6379 },
            atlas: { connectionString: "mongodb+srv://c-pl-1.abc.mongodb.net" },
            documents: { bucketName: "docs" },
        };
        assert.deepStrictEqual(serviceEnvironment({ ...everything, dataStores: [] }), {
            APP_ENV: "prod",
            SERVICE_NAME: "gamification",
            AWS_REGION: "us-west-2",
            AWS_DEFAULT_REGION: "us-west-2",
        });
        const all = serviceEnvironment({ ...everything, dataStores: ["postgres", "redis", "atlas", "documents"] });
        assert.deepStrictEqual(
            [all.POSTGRES_HOST, all.POSTGRES_PORT, all.POSTGRES_DB, all.POSTGRES_SSLMODE, all.POSTGRES_IAM_USER],
            ["db.example", "5432", "platform", "verify-full", "gamification"],
        );
        assert.deepStrictEqual([all.REDIS_HOST, all.REDIS_READER_HOST, all.REDIS_PORT, all.REDIS_TLS], ["master.redis", "replica.redis", "6379", "true"]);
        assert.deepStrictEqual([all.MONGODB_HOST, all.MONGODB_DATABASE, all.MONGODB_AUTH_MECHANISM], ["c-pl-1.abc.mongodb.net", "gamification", "MONGODB-AWS"]);
        assert.match(all.MONGODB_URI, /^mongodb\+srv:\/\/c-pl-1\.abc\.mongodb\.net\/gamification\?authSource=%24external&authMechanism=MONGODB-AWS/);
        assert.deepStrictEqual([all.DOCUMENTS_BUCKET, all.DOCUMENTS_PREFIX], ["docs", DOCUMENTS_PREFIX]);
        assert.ok(Object.keys(all).every((k) => !/PASSWORD|TOKEN|SECRET/.test(k)), `credential-like key in ${Object.keys(all)}`);
    });

    it("lists the credentials by store: only Redis's password (and user with RBAC); nothing for Postgres, Atlas or S3 (IAM)", () => {
        const arns = { redisCredentialsSecretArn: "arn:redis" };
        assert.deepStrictEqual(
            serviceSecretData({ ...arns, dataStores: ["postgres", "redis", "atlas", "documents"], redisUsesRbac: false }).map((d) => [d.secretKey, d.remoteRef.key, d.remoteRef.property]),
            [["REDIS_PASSWORD", "arn:redis", "password"]],
        );
        assert.deepStrictEqual(
            serviceSecretData({ ...arns, dataStores: ["redis"], redisUsesRbac: true }).map((d) => d.secretKey),
            ["REDIS_USERNAME", "REDIS_PASSWORD"],
        );
        assert.deepStrictEqual(serviceSecretData({ ...arns, dataStores: ["atlas", "documents"], redisUsesRbac: false }), []);
        assert.strictEqual(needsCredentials(["atlas", "documents"], { redis: true }), false);
        assert.strictEqual(needsCredentials(["redis"], { redis: false }), false);
        assert.strictEqual(needsCredentials(["postgres"], { redis: true }), false);
        assert.strictEqual(needsCredentials(["postgres", "redis"], { redis: true }), true);
        assert.strictEqual(credentialsSecretName("bff"), "bff-credentials");
    });

    it("uses a region's own Postgres/Redis, else the primary's, and always the region's own buckets", () => {
        const stores = (tag: string, withDatabases: boolean) => ({
            ...(withDatabases ? { postgres: { tag } as any, redis: { tag } as any } : {}),
            buckets: { documents: { tag } as any, assets: { tag } as any, accessLogs: { tag } as any },
            secretsHome: { tag } as any,
        });
        const standby = dataStoresForRegion(stores("west", false), stores("east", true));
        assert.deepStrictEqual([(standby.postgres as any).tag, (standby.redis as any).tag, (standby.buckets.documents as any).tag], ["east", "east", "west"]);
        const replica = dataStoresForRegion({ ...stores("west", false), postgres: { tag: "west" } as any }, stores("east", true));
        assert.deepStrictEqual([(replica.postgres as any).tag, (replica.redis as any).tag], ["west", "east"]);
    });
});

describe("service access: synthesized", () => {
    let dev: SynthesisResult;
    let prod: SynthesisResult;
    before(async function () {
        this.timeout(300_000); // shared with the other specs through the synthesis cache
        dev = await synthesizeStack("dev");
        prod = await synthesizeStack("prod");
    });

    it("gives every service its own role per cluster, trusted only by system:serviceaccount:<service>:<service> (sub and aud)", () => {
        for (const [result, codes] of [
            [dev, ["use1"]],
            [prod, ["use1", "usw2"]],
        ] as Array<[SynthesisResult, string[]]>) {
            for (const code of codes) {
                for (const service of servicesOf(result.stack)) {
                    const role = serviceRole(result, code, service);
                    const cluster = sourceOf(result, role, "assumeRolePolicy", "eks:index:Cluster");
                    assert.ok(cluster.name.startsWith(`${result.stack}-${code}-`), `${role.name} trusts ${cluster.name}`);
                    const statements = JSON.parse(role.inputs.assumeRolePolicy).Statement;
                    assert.strictEqual(statements.length, 1);
                    const issuer = statements[0].Principal.Federated.split("oidc-provider/")[1];
                    assert.deepStrictEqual(statements[0].Condition, {
                        StringEquals: { [`${issuer}:sub`]: `system:serviceaccount:${service}:${service}`, [`${issuer}:aud`]: "sts.amazonaws.com" },
                    });
                    assert.deepStrictEqual([role.inputs.tags.service, role.inputs.tags["data-classification"]], [service, "internal"]);
                }
            }
        }
    });

    it("scopes each role to exactly its stores, plus reading its own secrets (what tests/secrets/externalSecrets.spec.ts proves)", () => {
        const config = validateConfig(stackConfig("prod"));
        for (const code of ["use1", "usw2"]) {
            for (const service of servicesOf("prod")) {
                const policies = rolePolicies(prod, serviceRole(prod, code, service));
                const stores = config.services[service].dataStores;
                const expectedSids = [
                    ...(stores.includes("postgres") ? ["PostgresIamLogin"] : []),
                    ...(stores.includes("documents") ? ["DocumentObjects", "DocumentListing", "DocumentEncryption"] : []),
                    "ReadOwnSecrets",
                    "DecryptOwnSecrets",
                    // What tests/services/serviceQueue.spec.ts proves.
                    ...(config.services[service].queue ? ["OwnQueue", "OwnDeadLetterQueueDepth", "OwnQueueEncryption"] : []),
                ];
                assert.strictEqual(policies.length, 1);
                const statements = JSON.parse(revealSecrets(policies[0].inputs.policy)).Statement;
                assert.deepStrictEqual(statements.map((s: any) => s.Sid), expectedSids, `${service} in ${code}`);
                assert.ok(statements.every((s: any) => s.Resource !== "*" && !String(s.Action).includes("*")), `${service} has a wildcard`);
            }
        }
    });

    it("lets Postgres users connect as the database user named after the service on their region's instance (the replica in us-west-2)", () => {
        for (const code of ["use1", "usw2"]) {
            const policy = rolePolicies(prod, serviceRole(prod, code, "verification"))[0];
            const instance = sourceOf(prod, policy, "policy", RDS_INSTANCE);
            assert.strictEqual(instance.name, code === "use1" ? "prod-use1-postgres-instance" : "prod-usw2-postgres-replica-instance");
            const [login] = JSON.parse(revealSecrets(policy.inputs.policy)).Statement;
            const region = code === "use1" ? "us-east-1" : "us-west-2";
            assert.match(login.Resource, new RegExp(`^arn:aws:rds-db:${region}:333344445555:dbuser:db-[A-Z0-9]+/verification$`));
        }
    });

    it("limits the document service to documents/* of its region's documents bucket and that region's S3 key", () => {
        for (const code of ["use1", "usw2"]) {
            const policy = rolePolicies(prod, serviceRole(prod, code, "document"))[0];
            const bucket = sourceOf(prod, policy, "policy", BUCKET);
            assert.ok(bucket.name.startsWith(`prod-${code}-`) && /documents/.test(bucket.name), `policy uses ${bucket.name}`);
            const keys = sourcesOf(prod, policy, "policy").filter((r) => r.type === KEY);
            // The S3 key for the objects; the region's own data key decrypts its secrets (its replicas in a
            // secondary, through Secrets Manager) and, with a queue, encrypts it (through SQS): no other region's key.
            assert.deepStrictEqual(keys.map((k) => k.name).sort(), [`prod-${code}-keys-data`, `prod-${code}-keys-s3`]);
            const statements = JSON.parse(revealSecrets(policy.inputs.policy)).Statement;
            const objects = statements.find((s: any) => s.Sid === "DocumentObjects");
            assert.strictEqual(objects.Resource, `arn:aws:s3:::${bucket.inputs.bucket}/documents/*`);
            assert.deepStrictEqual(objects.Action, ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"]);
            const encryption = statements.find((s: any) => s.Sid === "DocumentEncryption");
            assert.deepStrictEqual(encryption.Action, ["kms:GenerateDataKey", "kms:Decrypt"]);
        }
    });

    it("annotates a ServiceAccount <service>/<service> with exactly that service's role, without an API token", () => {
        for (const service of servicesOf("prod")) {
            const account = single(prod, SERVICE_ACCOUNT, `-use1-service-access-${service}-sa`);
            assert.strictEqual(account.inputs.metadata.name, service);
            assert.strictEqual(account.inputs.metadata.namespace, service);
            assert.strictEqual(account.inputs.automountServiceAccountToken, false);
            const role = sourceOf(prod, account, "metadata", ROLE);
            assert.strictEqual(role.urn, serviceRole(prod, "use1", service).urn);
            assert.match(account.inputs.metadata.annotations["eks.amazonaws.com/role-arn"], new RegExp(`^arn:aws:iam::333344445555:role/${role.name}`));
        }
    });

    it("configures each service through a ConfigMap in its namespace with its stores' endpoints", () => {
        const contractor = configOf(dev, "use1", "contractor");
        assert.deepStrictEqual([contractor.APP_ENV, contractor.AWS_REGION, contractor.POSTGRES_PORT, contractor.REDIS_TLS], ["dev", "us-east-1", "5432", "true"]);
        assert.match(contractor.POSTGRES_HOST, /^platform-dev-use1-postgres\..*\.rds\.amazonaws\.com$/);
        assert.match(contractor.REDIS_HOST, /^master\./);
        assert.strictEqual(contractor.MONGODB_URI, undefined);
        assert.strictEqual(contractor.DOCUMENTS_BUCKET, undefined);

        const notification = configOf(dev, "use1", "notification");
        assert.deepStrictEqual(Object.keys(notification).filter((k) => /^(POSTGRES|REDIS|DOCUMENTS)_/.test(k)), []);
        assert.match(notification.MONGODB_URI, /^mongodb\+srv:\/\/platform-dev-pl-\d+\..*\/notification\?authSource=%24external&authMechanism=MONGODB-AWS/);

        const documents = configOf(prod, "usw2", "document");
        assert.strictEqual(documents.DOCUMENTS_BUCKET, "platform-prod-usw2-documents-333344445555");
        assert.match(documents.POSTGRES_HOST, /^platform-prod-usw2-postgres-replica\./);

        for (const service of servicesOf("prod")) {
            const map = single(prod, CONFIG_MAP, `-use1-service-access-${service}-config`);
            assert.deepStrictEqual([map.inputs.metadata.name, map.inputs.metadata.namespace], [`${service}-config`, service]);
        }
    });

    it("points each region's Atlas users at their own region's private endpoint", () => {
        const east = configOf(prod, "use1", "gamification").MONGODB_HOST;
        const west = configOf(prod, "usw2", "gamification").MONGODB_HOST;
        assert.match(east, /^platform-prod-pl-\d+\./);
        assert.match(west, /^platform-prod-pl-\d+\./);
        assert.notStrictEqual(east, west);
    });

    it("creates no ExternalSecret or Atlas user a service's dataStores do not call for", () => {
        const names = new Set(prod.resources.map((r) => r.name));
        // notification uses only Atlas; bff and realtime only Redis.
        assert.ok(!names.has("prod-use1-service-access-notification-credentials"));
        assert.ok(!names.has("prod-use1-service-access-bff-atlas-user"));
        assert.ok(names.has("prod-use1-service-access-notification-atlas-user"));
        assert.strictEqual(ofType(prod, SERVICE_ACCOUNT).filter((r) => r.name.includes("-service-access-")).length, servicesOf("prod").length * 2);
    });
});
