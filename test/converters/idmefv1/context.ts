// A recording ConvertContext (the public test helper's) for calling the idmefv1 converter directly,
// and the converter's convert function with its options checked as a run checks them.
import { convertIdmefv1 as convertWithOptions } from "../../../src/converters/idmefv1/index.js";
import type { Idmefv1Options } from "../../../src/converters/idmefv1/options.js";
import { idmefv1Converter } from "../../../src/converters/idmefv1/index.js";
import { checkConverterOptions } from "../../../src/framework/check-options.js";
import { createTestContext, type TestContext } from "../../../src/testing/index.js";

export type RecordingContext = TestContext;

export function recordingContext(options: Record<string, unknown> = {}, line = 1): RecordingContext {
  return createTestContext({ options, source: { file: "test.xml", line } });
}

/** Converts one record with `ctx.options` checked (a wrong option throws CONFIG_ERROR). */
export function convertIdmefv1(record: string, ctx: RecordingContext): Record<string, unknown>[] | null {
  const options = checkConverterOptions(idmefv1Converter, ctx.options) as unknown as Idmefv1Options;
  return convertWithOptions(record, ctx, options) as unknown as Record<string, unknown>[] | null;
}
/** A minimal valid Alert inside an IDMEF-Message, with `body` added after the Classification. */
export function alertDocument(body = "", attributes = 'messageid="m-1"', classification = "Teardrop detected"): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<idmef:IDMEF-Message version="1.0" xmlns:idmef="http://iana.org/idmef">
  <idmef:Alert ${attributes}>
    <idmef:Analyzer analyzerid="sensor-1"/>
    <idmef:CreateTime ntpstamp="0xbc723b45.0xef449129">2000-03-09T10:01:25.93464-05:00</idmef:CreateTime>
    <idmef:Classification text="${classification}"/>
${body}
  </idmef:Alert>
</idmef:IDMEF-Message>
`;
}
