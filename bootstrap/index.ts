/**
 * Bootstrap of one environment account (bootstrap/README.md): the platform stack's state backend, secrets key
 * and CI roles. Run once per account, as an admin, before `pulumi stack init` of the platform stack.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { parseBootstrapConfig, TEXT_KEYS } from "./config";
import { StateBackend } from "./stateBackend";

/**
 * Every `bootstrap:*` key of the stack file. The CLI passes text values as they are and other values (lists,
 * numbers, booleans) as JSON; text keys stay text (an account id is not a number).
 */
function rawConfig(): Record<string, unknown> {
    return Object.fromEntries(
        Object.entries(pulumi.runtime.allConfig())
            .filter(([key]) => key.startsWith("bootstrap:"))
            .map(([key, value]) => {
                const name = key.slice("bootstrap:".length);
                if (TEXT_KEYS.has(name)) {
                    return [name, value];
                }
                try {
                    return [name, JSON.parse(value)];
                } catch {
                    return [name, value];
                }
            }),
    );
}

const config = parseBootstrapConfig(rawConfig());
const provider = new aws.Provider(`${config.environment}-bootstrap-aws`, {
    region: config.region as aws.Region,
    allowedAccountIds: [config.awsAccountId],
    defaultTags: { tags: { environment: config.environment, "managed-by": "pulumi", project: "platform-bootstrap" } },
});
const backend = new StateBackend(`${config.environment}-bootstrap`, config, { provider });

export const stateBucket = backend.outputs.stateBucket;
export const stateKeyArn = backend.outputs.stateKeyArn;
export const stateKeyAlias = backend.outputs.stateKeyAlias;
export const oidcProviderArn = backend.outputs.oidcProviderArn;
/** The platform stack's clusterViewerRoleArns entry and the AWS_PLAN_ROLE_ARNS value for this environment. */
export const planRoleArn = backend.outputs.planRoleArn;
/** The platform stack's clusterCreatorRoleArn and the GitHub environment's AWS_DEPLOY_ROLE_ARN. */
export const deployRoleArn = backend.outputs.deployRoleArn;
/** `pulumi login <loginUrl>`; also the repository variable PULUMI_BACKEND_URL. */
export const loginUrl = backend.outputs.loginUrl;
/** `pulumi stack init <env> --secrets-provider <secretsProvider>`. */
export const secretsProvider = backend.outputs.secretsProvider;
export const loginCommand = backend.outputs.loginCommand;
export const stackInitCommand = backend.outputs.stackInitCommand;
