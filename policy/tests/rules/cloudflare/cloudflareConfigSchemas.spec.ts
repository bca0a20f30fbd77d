import { cloudflareRules } from "../../../rules/cloudflare";
import { describeConfigSchemas } from "../../configSchemas";

// `now` defaults to the current time when the rule runs; a fixed instant is for reproducible checks.
describeConfigSchemas("cloudflare", cloudflareRules, ["cloudflare-origin-certificate-validity.now"]);
