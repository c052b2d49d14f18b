// The API: JSON over HTTP on $PORT (Nexus sets it from the service's port in .nexus/config.yaml).
const http = require('http');

const port = Number(process.env.PORT || 4000);
const started = new Date();

const server = http.createServer((req, res) => {
  const url = new URL(req.url, 'http://localhost');
  if (url.pathname === '/healthz') {
    res.writeHead(200, { 'content-type': 'text/plain' });
    res.end('ok\n');
    return;
  }
  if (url.pathname === '/api/hello') {
    const name = url.searchParams.get('name') || 'world';
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ message: `Hello, ${name}!`, env: process.env.APP_ENV, since: started.toISOString() }));
    return;
  }
  res.writeHead(404, { 'content-type': 'application/json' });
  res.end(JSON.stringify({ error: 'not_found', path: url.pathname }));
});

server.listen(port, '0.0.0.0', () => console.log(`api listening on :${port}`));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
