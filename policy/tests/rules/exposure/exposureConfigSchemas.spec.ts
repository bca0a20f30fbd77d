import { exposureRules } from "../../../rules/exposure";
import { describeConfigSchemas } from "../../configSchemas";

describeConfigSchemas("exposure", exposureRules);
