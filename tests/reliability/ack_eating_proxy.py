"""A TCP proxy on 127.0.0.1 that loses the acknowledgement of one request.

It forwards bytes both ways until the client has sent `threshold` bytes (a
unary request bigger than the connection's set-up); from then on it drops
what the server sends, and once the server has answered it closes both
sockets. The client sees its call fail although the server handled it: the
"acknowledgement lost" case of at-least-once delivery. One connection only.
Standard library only.
"""

import socket
import threading
import time


class AckEatingProxy:
    def __init__(self, upstream_port, threshold, bound=20.0):
        self.upstream_port = upstream_port
        self.threshold = threshold
        self.bound = bound
        self.sent_upstream = 0
        self.eaten = 0
        self.listener = socket.socket()
        self.listener.bind(("127.0.0.1", 0))
        self.listener.listen(1)
        self.listener.settimeout(bound)
        self.port = self.listener.getsockname()[1]
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    @property
    def address(self):
        return "127.0.0.1:%d" % self.port

    def _serve(self):
        client, _ = self.listener.accept()
        server = socket.create_connection(("127.0.0.1", self.upstream_port))
        done = threading.Event()
        up = threading.Thread(target=self._pump_up, args=(client, server, done),
                              daemon=True)
        up.start()
        self._pump_down(server, client, done)
        for s in (client, server, self.listener):
            s.close()

    def _pump_up(self, client, server, done):
        try:
            while not done.is_set():
                data = client.recv(65536)
                if not data:
                    break
                self.sent_upstream += len(data)
                server.sendall(data)
        except OSError:
            pass

    def _pump_down(self, server, client, done):
        deadline = time.monotonic() + self.bound
        hang_up_at = None
        server.settimeout(0.1)
        while time.monotonic() < min(deadline, hang_up_at or deadline):
            try:
                data = server.recv(65536)
            except socket.timeout:
                continue
            except OSError:
                break
            if not data:
                break
            if self.sent_upstream < self.threshold:
                client.sendall(data)
                continue
            # Past the request: whatever the server says now (window
            # updates, the answer) is lost; a second later, when the
            # server has long answered, hang up.
            self.eaten += len(data)
            hang_up_at = hang_up_at or time.monotonic() + 1.0
        done.set()
        for s in (client, server):
            try:
                s.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass

    def join(self):
        self.thread.join(timeout=self.bound + 5)
