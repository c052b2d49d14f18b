// The web front end: static files from web/public, and /api/* passed to the API service, whose address Nexus
// provides as NEXUS_SERVICE_API_URL.
const http = require('http');
const fs = require('fs');
const path = require('path');

const port = Number(process.env.PORT || 3000);
const api = new URL(process.env.NEXUS_SERVICE_API_URL || 'http://127.0.0.1:4000');
const root = path.join(__dirname, 'public');
const types = { '.html': 'text/html', '.css': 'text/css', '.js': 'text/javascript' };

const server = http.createServer((req, res) => {
  if (req.url.startsWith('/api/')) {
    const upstream = http.request({ host: api.hostname, port: api.port, path: req.url, method: req.method, headers: req.headers },
      (answer) => { res.writeHead(answer.statusCode, answer.headers); answer.pipe(res); });
    upstream.on('error', (e) => { res.writeHead(502); res.end(`api unreachable: ${e.message}\n`); });
    req.pipe(upstream);
    return;
  }
  const file = path.normalize(path.join(root, req.url === '/' ? 'index.html' : req.url.split('?')[0]));
  if (!file.startsWith(root)) {
    res.writeHead(403);
    res.end();
    return;
  }
  fs.readFile(file, (err, body) => {
    if (err) {
      res.writeHead(404);
      res.end('not found\n');
      return;
    }
    res.writeHead(200, { 'content-type': types[path.extname(file)] || 'application/octet-stream' });
    res.end(body);
  });
});

server.listen(port, '0.0.0.0', () => console.log(`web listening on :${port}, api at ${api.href}`));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
