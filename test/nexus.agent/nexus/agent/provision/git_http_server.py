"""A git server for tests: serves bare repositories under ROOT over plain ("dumb") HTTP on HOST, only to clients
that authenticate as x-access-token:TOKEN, like a private GitHub repository accessed with a token. Prints the
port it listens on."""
import base64
import http.server
import sys

root, host, token = sys.argv[1], sys.argv[2], sys.argv[3]
expected = "Basic " + base64.b64encode(("x-access-token:" + token).encode()).decode()


class Handler(http.server.SimpleHTTPRequestHandler):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, directory=root, **kwargs)

    def do_GET(self):
        if self.headers.get("Authorization") != expected:
            self.send_response(401)
            self.send_header("WWW-Authenticate", 'Basic realm="git"')
            self.end_headers()
            return
        super().do_GET()

    def log_message(self, *args):
        pass


server = http.server.ThreadingHTTPServer((host, 0), Handler)
print(server.server_address[1], flush=True)
server.serve_forever()
