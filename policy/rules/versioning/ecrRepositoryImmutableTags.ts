import { PlatformResourcePolicy } from "../../lib/rule";
import { ECR_CREATION_TEMPLATE, ECR_REPOSITORY, IMMUTABLE_TAGS } from "../../lib/ecr";
import { knownValue } from "../../lib/sqs";
import { found, isSet, validateResourceOfTokens } from "../../lib/validate";

/**
 * A mutable tag can be re-pointed at another image after it was scanned, reviewed or deployed; ECR's default is
 * MUTABLE. The replica template is checked too: replication does not copy repository settings.
 */
export const ecrRepositoryImmutableTags: PlatformResourcePolicy = {
    name: "ecr-repository-immutable-tags",
    description: "ECR repositories (and the creation templates replicas are made from) must have imageTagMutability IMMUTABLE, without exclusions.",
    enforcementLevel: "mandatory",
    severity: "high",
    theme: "versioning",
    anchors: ["CKV_AWS_51", "AVD-AWS-0031", "ecr_repositories_tag_immutability"],
    remediationSteps: 'Set `imageTagMutability: "IMMUTABLE"` on the aws.ecr.Repository or aws.ecr.RepositoryCreationTemplate (pipelines push a new tag per build and deploy by digest).',
    validateResource: validateResourceOfTokens([ECR_REPOSITORY, ECR_CREATION_TEMPLATE], (props, _args, reportViolation) => {
        const mutability = knownValue(props, "imageTagMutability");
        if (isSet(props, "imageTagMutability") && mutability === undefined) {
            return; // not known during preview: the real preview decides
        }
        if (mutability !== IMMUTABLE_TAGS) {
            reportViolation(`imageTagMutability must be "${IMMUTABLE_TAGS}" (found: ${found(mutability)}; unset means MUTABLE)`);
        }
    }),
};
