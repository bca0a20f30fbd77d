/** ECR: type tokens shared by the ECR rules (repositories and the templates ECR creates replicas from). */
export const ECR_REPOSITORY = "aws:ecr/repository:Repository";
export const ECR_CREATION_TEMPLATE = "aws:ecr/repositoryCreationTemplate:RepositoryCreationTemplate";

/** Tag mutability values that keep every tag immutable (`*_WITH_EXCLUSION` lets listed tags move, so it does not). */
export const IMMUTABLE_TAGS = "IMMUTABLE";
