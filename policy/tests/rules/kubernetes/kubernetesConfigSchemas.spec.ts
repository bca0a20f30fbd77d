import { kubernetesRules } from "../../../rules/kubernetes";
import { describeConfigSchemas } from "../../configSchemas";

describeConfigSchemas("kubernetes", kubernetesRules);
