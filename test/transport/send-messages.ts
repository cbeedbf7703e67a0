// A delivery client in its own process, for the crash tests: spools `count` messages, prints
// "spooled" once they are all in the spool, then delivers until it is closed (or killed).
import { DeliveryClient } from "../../src/transport/client.js";
import { messageId, sampleMessage } from "./helpers.js";

const [url, spool, count, maxInFlight] = process.argv.slice(2);
if (url === undefined || spool === undefined || count === undefined) {
  process.stderr.write("usage: send-messages.ts URL SPOOL COUNT [MAX_IN_FLIGHT]\n");
  process.exit(2);
}
const client = new DeliveryClient({
  url,
  spool,
  maxInFlight: Number(maxInFlight ?? "1"),
  retry: { baseDelayMs: 20, maxDelayMs: 200 },
});
for (let i = 1; i <= Number(count); i++) await client.send(sampleMessage(messageId(i)));
process.stdout.write("spooled\n");
const stats = await client.close();
process.stdout.write(`${JSON.stringify(stats)}\n`);
