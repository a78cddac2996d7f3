/**
 * Preload (`node --require`) for @portkey-ai/gateway, which listens on every
 * interface and has no host flag: binds its server to 127.0.0.1 instead, and
 * prints the line the bench harness waits for. CommonJS because --require
 * loads it before Portkey's ES modules; process.getBuiltinModule avoids require().
 */
const net = process.getBuiltinModule('node:net');
const listen = net.Server.prototype.listen;

net.Server.prototype.listen = function (...args) {
  const first = args[0];
  const port = typeof first === 'object' && first !== null ? first.port : first;
  const callback = typeof args[args.length - 1] === 'function' ? args[args.length - 1] : undefined;
  this.once('listening', () => {
    const address = this.address();
    if (address && typeof address === 'object') process.stdout.write(`portkey listening on http://127.0.0.1:${address.port}\n`);
  });
  return listen.call(this, { port: Number(port) || 0, host: '127.0.0.1' }, callback);
};
