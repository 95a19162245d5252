import Fastify from 'fastify';

/**
 * The ceiling for HTTP scenarios: fastify with default JSON parsing, one POST route that sends
 * the body back. Prints `listening <url>` once ready.
 */
const app = Fastify({ logger: false });
app.post('/echo', async (request) => request.body);
const address = await app.listen({ host: '127.0.0.1', port: Number(process.env.PORT ?? 0) });
console.log(`listening ${address}`);
process.on('SIGTERM', () => {
  void app.close().then(() => process.exit(0));
});
