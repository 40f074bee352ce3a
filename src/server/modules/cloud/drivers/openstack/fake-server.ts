/**
 * Runs the OpenStack fake on its own for development:
 *   npx tsx src/server/modules/cloud/drivers/openstack/fake-server.ts [port]
 * It prints the URL and the endpoint settings to paste into a provider's openstack endpoint (the password goes
 * into its secrets). Stop it with Ctrl-C.
 */
import { startOpenstackFake } from './fake.js';

const port = process.argv[2] ? Number(process.argv[2]) : undefined;
if (port !== undefined && !(Number.isInteger(port) && port > 0 && port < 65536)) {
  process.stderr.write(`Not a port: ${process.argv[2]}\n`);
  process.exit(2);
}
const fake = await startOpenstackFake({ port });
const { settings, secrets } = fake.endpoint();
process.stdout.write(`OpenStack fake listening on ${fake.url}\n`);
process.stdout.write(`settings: ${JSON.stringify(settings, null, 2)}\n`);
// A development fake's own made-up password: printing it is how a developer configures the endpoint.
process.stdout.write(`secrets:  ${JSON.stringify(secrets)}\n`);

const stop = () => {
  void fake.close().then(() => process.exit(0));
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
