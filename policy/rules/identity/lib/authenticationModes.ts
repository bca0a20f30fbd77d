/** EKS authentication modes that use access entries (the aws-auth ConfigMap alone is deprecated). */
export const ACCESS_ENTRY_MODES: string[] = ["API", "API_AND_CONFIG_MAP"];
