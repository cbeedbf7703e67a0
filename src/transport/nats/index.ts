// NATS JetStream edges: a message sink (--to nats://), the worker's consumer, and their shared parts.
export { connectNats, type NatsConnectOptions } from "./connection.js";
export { checkSubject, isNatsUrl, parseNatsUrl, type NatsDestination } from "./nats-url.js";
export { JetStreamPublisher, type PublisherOptions, type PublisherStats, type PublisherTarget } from "./publisher.js";
export { JetStreamMessageSink, type JetStreamSinkOptions, type JetStreamSinkStats } from "./jetstream-sink.js";
export { startNatsWorker, FORMAT_HEADER, type NatsWorker, type WorkerOptions, type WorkerStats } from "./worker.js";
