// A hand-made ConvertContext for calling the idmefv1 converter directly, recording what it reports.
import type { ConvertContext } from "../../../src/core/converter.js";

export interface RecordingContext extends ConvertContext {
  readonly warnings: string[];
  readonly skips: string[];
}

export function recordingContext(options: Record<string, unknown> = {}, line = 1): RecordingContext {
  let counter = 0;
  const warnings: string[] = [];
  const skips: string[] = [];
  return {
    options,
    version: "2.D.V08",
    newId: () => `00000000-0000-4000-8000-${String(++counter).padStart(12, "0")}`,
    now: () => "2026-01-15T12:00:00Z",
    source: { file: "test.xml", line },
    skip: (reason) => skips.push(reason),
    warn: (message) => warnings.push(message),
    warnings,
    skips,
  };
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
