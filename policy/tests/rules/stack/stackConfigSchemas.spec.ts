import { stackRules } from "../../../rules/stack";
import { describeConfigSchemas } from "../../configSchemas";

describeConfigSchemas("stack", stackRules);
