// "idmefv2/types": the generated types of every shipped draft (2.D.V08 under plain names, each
// draft as a namespace: V02 ... V09Dev) and their allowed-value lists (PRIORITY_VALUES, ...).
export * from "./core/generated/types/index.js";
