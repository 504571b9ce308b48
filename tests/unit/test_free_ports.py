"""The web servers' test ports: each one different (Apache refuses to listen twice on one)."""

from __future__ import annotations

import socket

from support.webservers import free_ports


def test_the_ports_found_together_are_all_different_and_free():
    ports = free_ports(40)
    assert len(set(ports)) == 40
    for port in ports[:4]:
        with socket.socket() as s:
            s.bind(("127.0.0.1", port))  # nothing holds it once they are found
